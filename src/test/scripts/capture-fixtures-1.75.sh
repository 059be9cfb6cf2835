#!/usr/bin/env bash
# Captures real rclone bisync runs of a modern rclone (1.75.2, Debian unstable's package) into
# src/test/resources/fixtures/rclone-1.75/, one folder per scenario, with the layout of fixtures/rclone-1.60
# (see its README.md): cmd.txt, stdout.txt, stderr.txt, exit_code.txt, expected.json, state_after.txt.
# Scenarios 01-62 repeat the 1.60 ones; 70-89 run with the flags bm passes on 1.66+ (BisyncArgs).
# expected.json is computed by fixture-state.py from snapshots of both sides before and after each run.
# Only paths are replaced by placeholders; every log line is kept byte for byte.
#
# Usage: src/test/scripts/capture-fixtures-1.75.sh [RCLONE_BINARY]   (rerunnable; rewrites the folder)
#        ONLY="K" src/test/scripts/capture-fixtures-1.75.sh   captures only the named sets (A C L M W I S B K),
#        rewriting their folders and leaving the others as they are
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
R=${1:-${RCLONE:-$HOME/.cache/bm-test/rclone-sid/usr/bin/rclone}}
OUT=$REPO/src/test/resources/fixtures/rclone-1.75
HELPER="python3 $HERE/fixture-state.py"
BASE=$(mktemp -d /tmp/bm-cap175.XXXXXX)
export RCLONE_CONFIG=$BASE/rclone.conf
: >"$RCLONE_CONFIG"
unset AWS_CA_BUNDLE RCLONE_VERBOSE RCLONE_LOG_LEVEL
DAV_PID=
OTHERFS=$(mktemp -d /dev/shm/bm-cap175.XXXXXX 2>/dev/null || true)  # another file system (tmpfs), for set K
cleanup() { [ -n "$DAV_PID" ] && kill "$DAV_PID" 2>/dev/null; rm -rf "$BASE" ${OTHERFS:+"$OTHERFS"}; }
trap cleanup EXIT

ONLY=${ONLY:-}
want() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }
[ -z "$ONLY" ] && rm -rf "$OUT"
mkdir -p "$OUT"
"$R" version >"$OUT/rclone-version.txt"

# ---- the current set: P1, P2 (rclone's arguments), D2 (Path2's folder on disk), WD (workdir)
P1= P2= D2= WD= FILTERS= DAVHP=
use_set() {  # use_set NAME [PATH2_REMOTE]
    P1=$BASE/$1/path1 D2=$BASE/$1/path2 WD=$BASE/$1/wd
    P2=${2:-$D2}
    mkdir -p "$P1" "$D2" "$WD"
}
session() { local s=${1#/}; echo "${s//\//_}"; }

# stdin -> stdout with the paths replaced by the README's placeholders (longest first)
placeholders() {
    local s1 s2 set
    s1=$(session "$P1") s2=$(session "$D2")
    set=$(dirname "$P1")
    sed -e "s|$s1|{PATH1_SESSION}|g" -e "s|$s2|{PATH2_SESSION}|g" \
        ${FILTERS:+-e "s|$FILTERS|{FILTERS_FILE}|g"} \
        -e "s|$RCLONE_CONFIG|{RCLONE_CONFIG}|g" \
        -e "s|$WD|{WORKDIR}|g" -e "s|$P1|{PATH1}|g" -e "s|$D2|{PATH2}|g" \
        -e "s|$BASE/C/reports|{REPORTS}|g" -e "s|$set|{BASEDIR}|g" \
        ${DAVHP:+-e "s|$DAVHP|{DAV_HOSTPORT}|g"} ${OTHERFS:+-e "s|$OTHERFS|{OTHER_FS}|g"}
}

# ---- one scenario: before/after snapshots around the command
KIND= NOTES=
begin() {  # begin NAME: snapshot and prepare the folder
    CUR=$OUT/$1
    mkdir -p "$CUR"
    $HELPER snap "$BASE/before.json" "$P1" "$D2"
}
finish() {  # finish RC ARGS...: store streams, cmd.txt, expected.json, state_after.txt
    local rc=$1; shift
    echo "$rc" >"$CUR/exit_code.txt"
    placeholders <"$BASE/out" >"$CUR/stdout.txt"
    placeholders <"$BASE/err" >"$CUR/stderr.txt"
    echo "rclone $*" | placeholders >"$CUR/cmd.txt"
    $HELPER snap "$BASE/after.json" "$P1" "$D2"
    $HELPER expected "$CUR" "$BASE/before.json" "$BASE/after.json" "$KIND" "$NOTES"
    $HELPER state "$CUR" "$BASE/after.json" "$WD"
    sed -i "s|$(session "$P1")|{PATH1_SESSION}|g; s|$(session "$D2")|{PATH2_SESSION}|g" "$CUR/state_after.txt"
    echo "$(basename "$CUR"): exit $rc"
    KIND= NOTES=
}
cap() {  # cap NAME ARGS...: run rclone in the foreground
    local name=$1; shift
    begin "$name"
    "$R" "$@" >"$BASE/out" 2>"$BASE/err"
    finish $? "$@"
}
# cap_signal NAME SIGNAL PATTERN DELAY ARGS...: start rclone, wait for PATTERN in stderr, then DELAY s, signal
cap_signal() {
    local name=$1 sig=$2 pat=$3 delay=$4; shift 4
    begin "$name"
    "$R" "$@" >"$BASE/out" 2>"$BASE/err" &
    local pid=$! i
    for i in $(seq 1 300); do grep -q -- "$pat" "$BASE/err" 2>/dev/null && break; sleep 0.1; done
    sleep "$delay"
    kill "-$sig" "$pid"
    wait "$pid"
    finish $? "$@"
}
bisync() { echo bisync "$P1" "$P2" --workdir "$WD" "$@"; }

put() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" >"$1"; }
edit() { printf '%s\n' "${2:-edited $(date +%s%N)}" >>"$1"; }
big() { mkdir -p "$(dirname "$1")"; head -c "$2" /dev/urandom >"$1"; }

# =====================================================================================================
# Set A: the main sequence (01-32), like the 1.60 set A
if want A; then
use_set A
for f in file1 file2 file3 file4 file5 file6; do put "$P1/$f.md" "# $f"; done
put "$P1/notes/n1.md" "# note 1"; put "$P1/projects/alpha/a.md" "# alpha"; put "$P1/projects/beta/b.md" "# beta"
cp -a "$P1/." "$D2/"; put "$D2/only2.md" "# only on path2"

NOTES="First run with an empty workdir; no listings exist."; KIND=must_resync
cap 01-first-run-no-resync $(bisync -v)
NOTES="--resync; the Path2-only file is copied to Path1, then Path1 synced to Path2."
cap 02-resync $(bisync --resync -v)
put "$P1/new1a.md" "new on 1"; put "$P1/projects/gamma/g.md" "gamma"
cap 03-new-files-path1 $(bisync -v)
put "$D2/new2a.md" "new on 2"; put "$D2/notes/n2.md" "note 2"
cap 04-new-files-path2 $(bisync -v)
put "$P1/both-new-p1.md" "p1"; put "$D2/both-new-p2.md" "p2"
cap 05-new-files-both-sides $(bisync -v)
edit "$P1/file1.md"; edit "$D2/file2.md"
NOTES="file1.md edited on path1, file2.md edited on path2."
cap 06-modified-each-side $(bisync -v)
rm "$P1/file3.md" "$D2/file4.md"
NOTES="file3.md deleted on path1, file4.md deleted on path2."
cap 07-deleted-each-side $(bisync -v)
edit "$P1/file5.md" "path1 edit"; edit "$D2/file5.md" "path2 edit, longer"
edit "$P1/notes/n1.md" "path1 edit"; edit "$D2/notes/n1.md" "path2 edit, longer"
NOTES="file5.md and notes/n1.md edited on both sides (different content), rclone's default conflict flags."
cap 08-conflict-edited-both-sides $(bisync -v)
rm "$P1/file6.md"; edit "$D2/file6.md"; edit "$P1/only2.md"; rm "$D2/only2.md"
NOTES="file6.md deleted on path1 + edited on path2; only2.md edited on path1 + deleted on path2."
cap 09-delete-vs-edit $(bisync -v)
edit "$P1/file1.md" "same new line"; edit "$D2/file1.md" "same new line"
NOTES="file1.md changed on both sides to identical content (different modification times)."
cap 10-both-edited-identical-content $(bisync -v)
edit "$D2/file2.md"; put "$P1/dry-new.md" "dry"; rm "$D2/new2a.md"
NOTES="--dry-run; nothing changes on disk. would_apply is what 12 (the same changes, for real) did."
cap 11-dry-run $(bisync -v --dry-run)
NOTES="The changes of 11 applied for real."
cap 12-after-dry-run-real $(bisync -v)
$HELPER would "$OUT/11-dry-run" "$OUT/12-after-dry-run-real"
n=$(cd "$P1" && find . -type f | wc -l); k=$(( n * 6 / 10 ))
(cd "$P1" && find . -type f | sort | head -n "$k" | xargs rm)
NOTES="$k of $n files deleted on path1; default --max-delete 50 (percent). Nothing deleted."; KIND=max_delete
cap 13-max-delete-tripped-default-50pct $(bisync -v)
NOTES="--max-delete 5 is a percentage for bisync."; KIND=max_delete
cap 14-max-delete-tripped-custom-5pct $(bisync -v --max-delete 5)
NOTES="--force bypasses the safety check; the deletes are applied to path2."
cap 15-max-delete-force $(bisync -v --force)
NOTES="--check-access without any RCLONE_TEST files."; KIND=check_access
cap 16-check-access-missing-both $(bisync -v --check-access)
NOTES="Rerun after the check-access failure."; KIND=must_resync
cap 17-rerun-after-critical-error $(bisync -v --check-access)
put "$P1/RCLONE_TEST" "access"; cp -p "$P1/RCLONE_TEST" "$D2/RCLONE_TEST"
NOTES="RCLONE_TEST created on both sides, --resync --check-access."
cap 18-resync-with-check-access $(bisync -v --check-access --resync)
rm "$D2/RCLONE_TEST"
NOTES="RCLONE_TEST deleted on path2 only."; KIND=check_access
cap 19-check-access-missing-on-path2 $(bisync -v --check-access)
NOTES="--resync after the check-access failure."
cap 20-resync-recover $(bisync -v --resync)
edit "$P1/projects/alpha/a.md" "p1"; edit "$D2/projects/alpha/a.md" "p2 longer"
put "$P1/json-new.md" "json"; rm "$D2/projects/beta/b.md"
NOTES="--use-json-log -v with a conflict (projects/alpha/a.md), a new file and a delete."
cap 21-use-json-log $(bisync -v --use-json-log)
mkdir -p "$BASE/A/emptywd"
NOTES="--use-json-log with an empty workdir."; KIND=must_resync
cap 22-use-json-log-must-resync-error bisync "$P1" "$P2" --workdir "$BASE/A/emptywd" -v --use-json-log
NOTES="--use-json-log without -v, no changes pending."
cap 23-use-json-log-no-verbose $(bisync --use-json-log)
put "$D2/one-line-new.md" "1l"
cap 24-stats-one-line $(bisync -v --stats-one-line)
put "$D2/stats0-new.md" "s0"
cap 25-stats-0 $(bisync -v --stats 0)
put "$P1/fmt-new.md" "fmt"
cap 26-log-format-custom $(bisync -v --log-format date,time,microseconds,UTC,shortfile)
NOTES="No -v, --stats-log-level NOTICE, no changes pending."
cap 27-no-verbose-stats-log-level-notice $(bisync --stats-log-level NOTICE)
rm "$P1/fmt-new.md"
NOTES="JSON log, one delete over --max-delete 5."; KIND=max_delete
cap 28-use-json-log-max-delete-tripped $(bisync -v --use-json-log --max-delete 5)
FILTERS=$BASE/A/filters.txt
printf '%s\n' '+ /projects/alpha/**' '+ /notes/**' '- **' >"$FILTERS"
NOTES="First use of --filters-file without --resync."; KIND=must_resync
cap 29-filters-file-first-use-no-resync $(bisync -v --filters-file "$FILTERS")
NOTES="--resync stores the filters file's .md5."
cap 30-filters-file-resync $(bisync -v --filters-file "$FILTERS" --resync)
put "$P1/projects/alpha/new-alpha.md" "in"; put "$P1/projects/beta/ignored.md" "out"; put "$P1/root-ignored.md" "out"
NOTES="Filters include /projects/alpha/** and /notes/**; new files under projects/beta and the root are ignored."
cap 31-filters-file-selective-sync $(bisync -v --filters-file "$FILTERS")
echo '+ /projects/beta/**' >>"$FILTERS"
NOTES="Filters file edited after its md5 was stored."; KIND=must_resync
cap 32-filters-file-changed $(bisync -v --filters-file "$FILTERS")
FILTERS=

fi
# =====================================================================================================
# Set C: rclone check / lsjson / help (41-48)
if want C; then
use_set C
for f in m1 m2 m3; do put "$P1/$f.md" "$f"; done
cp -a "$P1/." "$D2/"
cap 41-check-matching check "$P1" "$P2"
cap 42-check-matching-verbose check "$P1" "$P2" -v
put "$P1/only1.md" "1"; put "$D2/only2.md" "2"
put "$P1/size.md" "short"; put "$D2/size.md" "much longer"
put "$P1/md5.md" "aaaa"; put "$D2/md5.md" "bbbb"
NOTES="1 missing on each side, 1 size differs, 1 md5 differs, 3 match."; KIND=differences
cap 43-check-differing check "$P1" "$P2"
KIND=differences
cap 44-check-differing-combined check "$P1" "$P2" --combined -
mkdir -p "$BASE/C/reports"; KIND=differences
cap 45-check-differing-all-reports check "$P1" "$P2" --combined "$BASE/C/reports/combined.txt" \
    --missing-on-dst "$BASE/C/reports/missing-on-dst.txt" --missing-on-src "$BASE/C/reports/missing-on-src.txt" \
    --differ "$BASE/C/reports/differ.txt" --match "$BASE/C/reports/match.txt" --error "$BASE/C/reports/error.txt"
for r in "$BASE"/C/reports/*.txt; do placeholders <"$r" >"$OUT/45-check-differing-all-reports/report-$(basename "$r")"; done
KIND=differences
cap 46-check-one-way check "$P1" "$P2" --one-way
use_set A
cap 47-lsjson lsjson -R --hash "$P1"
begin 48-help-flags-version-grep
bash -c "'$R' help flags | grep -i version" >"$BASE/out" 2>"$BASE/err"
rc=$?; finish $rc help flags '|' grep -i version

fi
# =====================================================================================================
# Set L: large files, kill -9, locks, damaged listings (33-38, 39b)
if want L; then
use_set L
put "$P1/seed.md" "seed"; "$R" bisync "$P1" "$P2" --workdir "$WD" --resync >/dev/null 2>&1
for i in 1 2 3 4 5; do big "$P1/big$i.bin" 6000000; done
for i in $(seq 1 40); do put "$P1/small$i.md" "small $i"; done
NOTES="bisync killed with SIGKILL during the copies (--bwlimit 10M); the shell's exit status."; KIND=killed
cap_signal 33-interrupted-kill9 KILL "Do queued copies to" 1.5 $(bisync -v --bwlimit 10M)
NOTES="Rerun while the stale lock file exists."; KIND=lock
cap 34-rerun-after-kill-prior-lock-found $(bisync -v)
rm -f "$WD"/*.lck
NOTES="Lock file deleted by hand, rerun."
cap 35-rerun-after-lock-removed $(bisync -v)
big "$P1/big-slow.bin" 8000000
"$R" bisync "$P1" "$P2" --workdir "$WD" -v --bwlimit 1M >/dev/null 2>&1 &
first=$!
for i in $(seq 1 100); do ls "$WD"/*.lck >/dev/null 2>&1 && break; sleep 0.1; done
NOTES="Second bisync started while the first (copying an 8 MB file at --bwlimit 1M) still ran."; KIND=lock
cap 36-concurrent-run-lock-contention $(bisync -v)
wait $first
lst=$(ls "$WD"/*.path1.lst | head -1)
sed -i '5s/.*/this line is garbage/' "$lst"
NOTES="One line of path1.lst replaced with garbage."
cap 37-corrupted-listing-file $(bisync -v)
: >"$(ls "$WD"/*.path2.lst | head -1)"
NOTES="path2.lst truncated to 0 bytes."; KIND=must_resync
cap 38-empty-listing-file $(bisync -v)
NOTES="Rerun after 38 (with --bwlimit)."; KIND=must_resync
cap 39b-rerun-after-empty-listing-error $(bisync -v --bwlimit 10M)

fi
# =====================================================================================================
# Set M: many files (39, 40)
if want M; then
use_set M
put "$P1/seed.md" "seed"; "$R" bisync "$P1" "$P2" --workdir "$WD" --resync >/dev/null 2>&1
for d in $(seq 0 9); do for i in $(seq 1 50); do put "$P1/dir$d/file$i.md" "file $d/$i"; done; done
for i in $(seq 1 20); do put "$D2/cloud/c$i.md" "cloud $i"; done
NOTES="500 new files on path1 (10 dirs), 20 new on path2."
cap 39-many-files-520-new $(bisync -v)
for d in 0 1 2 3 4 5; do for i in $(seq 1 50); do edit "$P1/dir$d/file$i.md"; done; done
NOTES="300 files updated on path1, --use-json-log."
cap 40-many-files-300-updated-json $(bisync -v --use-json-log)

fi
# =====================================================================================================
# WebDAV (50-59): rclone serve webdav on loopback; Path2 is a remote, its folder on disk is served/cloud
if want W; then
use_set W
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DAVHP=127.0.0.1:$PORT
D2=$BASE/W/served/cloud; mkdir -p "$D2"
printf '[dav]\ntype = webdav\nurl = http://%s/\nvendor = other\n\n[davoc]\ntype = webdav\nurl = http://%s/\nvendor = owncloud\n' \
    "$DAVHP" "$DAVHP" >"$RCLONE_CONFIG"
start_dav() {
    "$R" serve webdav "$BASE/W/served" --addr "$DAVHP" >"$BASE/dav.log" 2>&1 &
    DAV_PID=$!
    for i in $(seq 1 100); do "$R" lsf davoc: >/dev/null 2>&1 && return; sleep 0.1; done
}
start_dav
for f in w1 w2 w3; do put "$P1/$f.md" "$f"; done
put "$D2/cloudonly.md" "cloud"
P2=dav:cloud
NOTES="WebDAV remote with vendor=other, first run."; KIND=must_resync
cap 50-webdav-vendor-other-modtime-unsupported $(bisync -v)
NOTES="Same, with --resync."
cap 51-webdav-vendor-other-modtime-unsupported-resync $(bisync -v --resync)
# back to the state before 50 (through the server: it caches listings), new workdir
"$R" delete davoc:cloud; echo cloud | "$R" rcat davoc:cloud/cloudonly.md; rm -f "$P1"/*
for f in w1 w2 w3; do put "$P1/$f.md" "$f"; done
P2=davoc:cloud; rm -rf "$WD"; mkdir -p "$WD"
NOTES="WebDAV remote vendor=owncloud, first run."; KIND=must_resync
cap 52-webdav-owncloud-first-run-no-resync $(bisync -v)
cap 53-webdav-owncloud-resync $(bisync -v --resync)
cap 54-webdav-no-changes $(bisync -v)
put "$P1/w-new-p1.md" "p1"; edit "$P1/w2.md"; put "$D2/w-new-cloud.md" "direct"; rm "$D2/w1.md"
NOTES="Files added/deleted directly in the served folder, plus two path1 changes."
cap 55-webdav-direct-backend-edits-not-seen $(bisync -v)
echo "via remote" | "$R" rcat davoc:cloud/w-new-cloud2.md; echo "changed" | "$R" rcat davoc:cloud/cloudonly.md
"$R" deletefile davoc:cloud/w3.md
NOTES="Changes made through the WebDAV server (rclone rcat / deletefile)."
cap 56-webdav-changes-via-remote $(bisync -v)
edit "$P1/w2.md" "p1 side"; echo "cloud side, longer" | "$R" rcat davoc:cloud/w2.md
NOTES="w2.md edited on both sides."
cap 57-webdav-conflict $(bisync -v)
kill "$DAV_PID"; wait "$DAV_PID" 2>/dev/null; DAV_PID=
NOTES="WebDAV server stopped."; KIND=remote_unreachable
cap 58-webdav-server-unreachable $(bisync -v)
start_dav
for i in 1 2 3; do big "$P1/big$i.bin" 8000000; done; put "$P1/offline.md" "o"
begin 59-webdav-server-dies-mid-transfer
set -- $(bisync -v --bwlimit 10M --retries 1 --low-level-retries 1)
"$R" "$@" >"$BASE/out" 2>"$BASE/err" &
pid=$!
for i in $(seq 1 300); do grep -q "Do queued copies to" "$BASE/err" && break; sleep 0.1; done
sleep 1; kill -9 "$DAV_PID"; DAV_PID=
wait $pid
rc=$?; NOTES="Server killed with SIGKILL during the uploads."; KIND=transfer_error
finish $rc "$@"
DAVHP=; : >"$RCLONE_CONFIG"

fi
# =====================================================================================================
# Set I: SIGINT (60, 61); set S: all files changed (62)
if want I || want S; then
use_set I
put "$P1/seed.md" "seed"; "$R" bisync "$P1" "$P2" --workdir "$WD" --resync >/dev/null 2>&1
big "$P1/big10.bin" 12000000; big "$P1/big11.bin" 12000000
NOTES="SIGINT during the copies."; KIND=interrupted
cap_signal 60-interrupted-sigint INT "Do queued copies to" 1 $(bisync -v --bwlimit 10M)
NOTES="Rerun after 60."
cap 61-rerun-after-sigint $(bisync -v)
use_set S
put "$P1/a.md" "a"; put "$P1/b.md" "b"; "$R" bisync "$P1" "$P2" --workdir "$WD" --resync >/dev/null 2>&1
edit "$P1/a.md"; edit "$P1/b.md"
NOTES="Both files of a two-file tree edited on path1."; KIND=all_files_changed
cap 62-all-files-changed-safety-abort $(bisync -v)

fi
# =====================================================================================================
# Set B: the flags bm passes on 1.66+ (BisyncArgs): -v --use-json-log --color NEVER --resilient
if want B; then
# --conflict-resolve POLICY --conflict-loser num --conflict-suffix conflict-local,conflict-cloud
# --suffix-keep-extension --recover, plus its --filters-file and --max-delete
use_set B
FILTERS=$BASE/B/filters.txt
printf '%s\n' '- .bm/**' '+ **' >"$FILTERS"
bm() {  # bm POLICY [more args]
    local policy=$1; shift
    bisync --filters-file "$FILTERS" --max-delete 50 -v --use-json-log --color NEVER --resilient \
        --conflict-resolve "$policy" --conflict-loser num --conflict-suffix conflict-local,conflict-cloud \
        --suffix-keep-extension --recover "$@"
}
for f in a b c d e f g h; do put "$P1/$f.md" "# $f"; done; put "$P1/sub/s.md" "# s"
NOTES="bm's first run: --resync."
cap 70-bm-resync $(bm newer --resync)
edit "$P1/a.md" "local edit"; sleep 1.1; edit "$D2/a.md" "cloud edit, newer and longer"
NOTES="a.md edited on both sides, cloud (path2) edit newer; --conflict-resolve newer."
cap 71-bm-conflict-newer $(bm newer)
NOTES="Rerun right after 71: the winner is not in the listings yet."
cap 72-bm-conflict-winner-rerun $(bm newer)
edit "$P1/b.md" "same text"; edit "$D2/b.md" "same text"
NOTES="b.md changed on both sides to identical content."
cap 73-bm-both-identical $(bm newer)
edit "$P1/c.md" "local c"; edit "$D2/c.md" "cloud c, longer"
NOTES="c.md edited on both sides; --conflict-resolve none (bm's keep-both)."
cap 74-bm-conflict-keep-both $(bm none)
edit "$P1/d.md" "local d, newer"; sleep 1.1; edit "$P1/d.md" "x"; edit "$D2/d.md" "cloud d"
NOTES="d.md edited on both sides; --conflict-resolve path2 (bm's cloud-wins)."
cap 75-bm-conflict-cloud-wins $(bm path2)
NOTES="Rerun after 75."
cap 76-bm-rerun-after-cloud-wins $(bm path2)
put "$P1/dry.md" "dry"; edit "$D2/e.md"; rm "$D2/f.md"
NOTES="bm's --dry-run. would_apply is what 78 (the same changes, for real) did."
cap 77-bm-dry-run $(bm newer --dry-run)
NOTES="The changes of 77 applied for real."
cap 78-bm-after-dry-run-real $(bm newer)
$HELPER would "$OUT/77-bm-dry-run" "$OUT/78-bm-after-dry-run-real"
touch -d '2001-01-01 00:00:00' "$P1/g.md"; touch -d '2001-01-01 00:00:00' "$D2/h.md"
NOTES="Only the modification time of g.md (path1) and h.md (path2) changed, content kept."
cap 79-bm-modtime-only $(bm newer)
mkdir -p "$BASE/B/keep" && cp -a "$P1/." "$BASE/B/keep/"
n=$(cd "$P1" && find . -type f | wc -l); k=$(( n * 6 / 10 ))
(cd "$P1" && find . -type f | sort | head -n "$k" | xargs rm)
NOTES="$k of $n files deleted on path1, --max-delete 50."; KIND=max_delete
cap 80-bm-max-delete $(bm newer)
cp -a "$BASE/B/keep/." "$P1/"
echo '- *.tmp' >>"$FILTERS"
NOTES="Filters file changed since the last --resync."; KIND=must_resync
cap 81-bm-must-resync $(bm newer)
NOTES="--resync after 81."
cap 82-bm-resync-after-must-resync $(bm newer --resync)
for i in 1 2 3 4; do big "$P1/big$i.bin" 6000000; done
NOTES="Killed with SIGKILL during the copies (--bwlimit 10M); leaves *.partial files."; KIND=killed
cap_signal 83-bm-killed-partial KILL "Do queued copies to" 1 $(bm newer --bwlimit 10M)
NOTES="Rerun after 83: the lock is still there (bm passes no --max-lock)."; KIND=lock
cap 84-bm-rerun-after-kill-lock $(bm newer)
rm -f "$WD"/*.lck
NOTES="Lock removed by hand, rerun after 83."
cap 85-bm-rerun-after-kill $(bm newer)
for i in 5 6; do big "$P1/big$i.bin" 12000000; done
NOTES="SIGINT during the copies; 1.66+ stops gracefully."; KIND=interrupted
cap_signal 86-bm-interrupted-sigint INT "Do queued copies to" 1 $(bm newer --bwlimit 10M)
NOTES="Rerun after 86 (--recover)."
cap 87-bm-rerun-after-sigint $(bm newer)
NOTES="No changes."
cap 88-bm-no-changes $(bm newer)
rm "$P1/a.md"; edit "$D2/b.md" "edited on cloud"; edit "$P1/c.md"
NOTES="A delete, an edit on each side."
cap 89-bm-delete-and-edits $(bm newer)
fi
# =====================================================================================================
# Set K: bm's 1.66+ flags plus --backup-dir1 (90-96): a file bisync deletes or overwrites on Path1 is moved into
# the backup folder (one per run, as bm passes it). backup_after.txt lists what that folder holds after the run,
# one "FILE: first line of its content" each, or "(no folder)".
if want K; then
use_set K
FILTERS=$BASE/K/filters.txt
printf '%s\n' '- .bm/**' '+ **' >"$FILTERS"
KJSON=--use-json-log
kb() {  # kb BACKUP_DIR [more args]: bm's flags (JSON log unless KJSON is empty) and --backup-dir1 BACKUP_DIR
    local dir=$1; shift
    bisync --filters-file "$FILTERS" --max-delete 50 -v $KJSON --color NEVER --resilient \
        --conflict-resolve newer --conflict-loser num --conflict-suffix conflict-local,conflict-cloud \
        --suffix-keep-extension --recover --backup-dir1 "$dir" "$@"
}
backups() {  # backups DIR: backup_after.txt of the current scenario
    if [ -d "$1" ]; then
        (cd "$1" && find . -type f | sed 's|^\./||' | sort | while read -r f; do echo "$f: $(head -n 1 "$f")"; done)
    else
        echo "(no folder)"
    fi >"$CUR/backup_after.txt"
}
for f in n1 n2 n3 n4 n5 n6 n7 n8 n9 n10 c d e; do put "$P1/$f.md" "# $f"; done; put "$P1/sub/s.md" "# s"
"$R" $(bisync --filters-file "$FILTERS" --resync) >/dev/null 2>&1
K=$BASE/K/backups
rm "$D2/n1.md"
NOTES="n1.md deleted on path2: moved into the backup folder on path1 (no Deleted line)."
cap 90-bm-backup-delete-from-path2 $(kb "$K/90"); backups "$K/90"
edit "$D2/n2.md" "cloud edit"
NOTES="n2.md edited on path2: path1's n2.md moved into the backup folder, then the new one copied."
cap 91-bm-backup-overwrite-from-path2 $(kb "$K/91"); backups "$K/91"
edit "$P1/c.md" "local c"; sleep 1.1; edit "$D2/c.md" "cloud c, newer and longer"
NOTES="c.md edited on both sides, cloud newer; --conflict-resolve newer with a backup folder."
cap 92-bm-backup-conflict $(kb "$K/92"); backups "$K/92"
rm "$D2/n3.md"; edit "$D2/n4.md" "cloud edit"; edit "$P1/d.md" "local d"; sleep 1.1; edit "$D2/d.md" "cloud d, newer"
put "$P1/new1.md" "new on 1"; rm "$P1/n5.md"; edit "$P1/n6.md" "local edit"; put "$D2/sub/new2.md" "new on 2"
NOTES="One run: n3.md deleted and n4.md edited on path2, d.md conflict (cloud newer), new1.md new, n5.md deleted and n6.md edited on path1, sub/new2.md new on path2."
cap 93-bm-backup-all-in-one $(kb "$K/93"); backups "$K/93"
rm "$D2/n7.md"; edit "$D2/n8.md" "cloud edit"; edit "$P1/e.md" "local e"; sleep 1.1; edit "$D2/e.md" "cloud e, newer"
KJSON=
NOTES="Text log (no --use-json-log): n7.md deleted and n8.md edited on path2, e.md conflict (cloud newer)."
cap 94-bm-backup-text-log $(kb "$K/94"); backups "$K/94"
KJSON=--use-json-log
if [ -n "$OTHERFS" ]; then
    rm "$D2/n9.md"; edit "$D2/n10.md" "cloud edit"
    NOTES="Backup folder on another file system (tmpfs): rclone cannot rename there, so it copies, then deletes."
    cap 95-bm-backup-other-file-system $(kb "$OTHERFS/95"); backups "$OTHERFS/95"
fi
put "$P1/only-local.md" "l"; put "$D2/only-cloud.md" "c"; edit "$P1/sub/s.md" "local edit"
NOTES="Nothing deleted or overwritten on path1: rclone creates no backup folder."
cap 96-bm-backup-nothing-to-keep $(kb "$K/96"); backups "$K/96"
fi
echo "captured into $OUT"
