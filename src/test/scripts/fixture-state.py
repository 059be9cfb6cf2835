#!/usr/bin/env python3
"""Helper of capture-fixtures-1.75.sh: snapshots the two sides of a bisync run and computes expected.json
from what happened on disk (the before/after snapshots), never from the log.

  fixture-state.py snap OUT.json PATH1 PATH2          # {side: {relpath: [sha256, size, mtime_ns]}}
  fixture-state.py expected DIR BEFORE.json AFTER.json KIND NOTES   # writes DIR/expected.json
  fixture-state.py state DIR AFTER.json WORKDIR       # writes DIR/state_after.txt
  fixture-state.py would DRYDIR REALDIR               # DRYDIR/expected.json gets would_apply = REALDIR's changes

Counting, per side (files only):
  updated  = a path present before and after whose content (sha256) changed
  created  = a path present only after, unless it is a conflict copy whose content is what the same side held
             before under the original name (a local rename of the loser, not a transfer)
  deleted  = a path present only before, unless it was renamed away that way
  touched  = same content, different modification time (rclone re-stamped it; not a copy)
  *.partial files (rclone's transfer temp files, NAME.<hash>.partial) that appeared and have no identical file of
  that name on the other side are listed under partial_files and not counted, nor is a .partial that grew during
  the run; one that rclone copied whole to the other side (a later run sees leftovers as new files) counts. A
  .partial that was there before and went away while its final name arrived was consumed, not deleted.
  A created or updated file whose content differs from the other side's file of that name after the run is an
  incomplete copy (a WebDAV server killed mid-upload keeps what it received): listed under incomplete_files, not
  counted.
Conflicts: the originals of conflict copies that appeared during the run, on either side; conflict_files: those
copies. Copy names: NAME..path1/2 (1.60), NAME.SUFFIXn, and STEM.SUFFIXn.EXT (--suffix-keep-extension).
"""
import hashlib
import json
import os
import re
import sys

COPY_PATTERNS = [
    re.compile(r"^(?P<orig>.+)\.\.path[12]$"),
    re.compile(r"^(?P<stem>.+)\.(?:conflict[A-Za-z-]*)\d+(?P<ext>\.[^./]+)$"),
    re.compile(r"^(?P<orig>.+)\.(?:conflict[A-Za-z-]*)\d+$"),
]


def original_of(path, candidates):
    """The original a conflict copy name stands for, if it is one of candidates; else None."""
    for pat in COPY_PATTERNS:
        m = pat.match(path)
        if not m:
            continue
        orig = m.group("orig") if "orig" in pat.groupindex else m.group("stem") + m.group("ext")
        if orig in candidates:
            return orig
    return None


def snap_side(root):
    out = {}
    if not os.path.isdir(root):
        return out
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            full = os.path.join(dirpath, f)
            rel = os.path.relpath(full, root)
            h = hashlib.sha256()
            with open(full, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            st = os.stat(full)
            out[rel] = [h.hexdigest(), st.st_size, st.st_mtime_ns]
    return out


def side_changes(before, after, originals, other_before, other_after):
    created = updated = deleted = touched = 0
    renamed = []
    incomplete = []
    def whole_copy(p):
        return any(p in o and o[p][0] == after[p][0] for o in (other_before, other_after))
    partial = sorted(p for p in after if p.endswith(".partial") and p not in before and not whole_copy(p))
    gone = [p for p in before if p not in after]
    renamed_away = set()
    new = [p for p in after if p not in before and p not in partial]
    for p in new:
        o = original_of(p, before.keys())
        if o is not None and before[o][0] == after[p][0] and (o not in after or after[o][0] != before[o][0]):
            renamed.append([o, p])
            renamed_away.add(o)
        elif p in other_after and other_after[p][0] != after[p][0]:
            incomplete.append(p)
        else:
            created += 1
    for p in gone:
        final = re.sub(r"\.[0-9a-f]{8}\.partial$", "", p)
        consumed = final != p and final in after and (final not in before or before[final][0] != after[final][0])
        if p not in renamed_away and not consumed:
            deleted += 1
    for p in before:
        if p in after and not p.endswith(".partial"):
            if before[p][0] != after[p][0]:
                if p in other_after and other_after[p][0] != after[p][0]:
                    incomplete.append(p)
                else:
                    updated += 1
            elif before[p][2] != after[p][2]:
                touched += 1
    return ({"created": created, "updated": updated, "deleted": deleted}, touched, sorted(renamed), partial,
            sorted(incomplete))


def expected(d, before_file, after_file, kind, notes):
    before = json.load(open(before_file))
    after = json.load(open(after_file))
    scenario = os.path.basename(os.path.normpath(d))
    exit_code = int(open(os.path.join(d, "exit_code.txt")).read().strip())
    cmd = open(os.path.join(d, "cmd.txt")).read().split()
    stderr = open(os.path.join(d, "stderr.txt"), encoding="utf-8", errors="replace").read()
    applied, touched, renamed, partial, incomplete = {}, {}, {}, {}, {}
    conflicts, conflict_files = set(), set()
    all_before = set(before["path1"]) | set(before["path2"])
    all_before_and_new = all_before | set(after["path1"]) | set(after["path2"])
    for side in ("path1", "path2"):
        other = "path2" if side == "path1" else "path1"
        applied[side], touched[side], renamed[side], partial[side], incomplete[side] = side_changes(
            before[side], after[side], all_before, before[other], after[other])
        for p in after[side]:
            if p in all_before:
                continue
            o = original_of(p, all_before_and_new)
            if o is not None:
                conflicts.add(o)
                conflict_files.add(p)
    version = open(os.path.join(os.path.dirname(os.path.normpath(d)), "rclone-version.txt")).readline().strip()
    out = {
        "scenario": scenario,
        "rclone_version": version.replace("rclone ", ""),
        "command": cmd[1] if len(cmd) > 1 else cmd[0],
        "exit_code": exit_code,
        "error": exit_code != 0,
        "error_kind": kind or None,
        "notes": notes,
        "applied_changes": applied,
        "modtime_only": touched,
        "local_renames": renamed,
        "partial_files": partial,
        "incomplete_files": incomplete,
        "conflicts": sorted(conflicts),
        "conflict_files": sorted(conflict_files),
        "bisync_successful_line": "Bisync successful" in stderr,
        "must_resync_line": "must run --resync" in stderr.lower(),
    }
    with open(os.path.join(d, "expected.json"), "w") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")


def state(d, after_file, workdir):
    after = json.load(open(after_file))
    lines = []
    for side in ("path1", "path2"):
        lines.append(side + ":")
        lines.extend("./" + p for p in sorted(after[side]))
    lines.append("workdir:")
    if os.path.isdir(workdir):
        lines.extend(sorted(os.listdir(workdir)))
    with open(os.path.join(d, "state_after.txt"), "w") as fh:
        fh.write("\n".join(lines) + "\n")


def would(dry_dir, real_dir):
    real = json.load(open(os.path.join(real_dir, "expected.json")))
    path = os.path.join(dry_dir, "expected.json")
    exp = json.load(open(path))
    exp["would_apply"] = real["applied_changes"]
    exp["would_apply_from"] = real["scenario"]
    with open(path, "w") as fh:
        json.dump(exp, fh, indent=2)
        fh.write("\n")


def main(argv):
    cmd = argv[1]
    if cmd == "snap":
        json.dump({"path1": snap_side(argv[3]), "path2": snap_side(argv[4])}, open(argv[2], "w"))
    elif cmd == "expected":
        expected(argv[2], argv[3], argv[4], argv[5], argv[6])
    elif cmd == "state":
        state(argv[2], argv[3], argv[4])
    elif cmd == "would":
        would(argv[2], argv[3])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
