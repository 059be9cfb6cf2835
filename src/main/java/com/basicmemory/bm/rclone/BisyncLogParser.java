package com.basicmemory.bm.rclone;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Streaming parser for the stderr of one {@code rclone bisync} run (rclone 1.60 to 1.75, text or
 * {@code --use-json-log}). Feed it every physical stderr line with {@link #accept(String)} while rclone runs,
 * then call {@link #finish(int)} with the exit code. Pure Java, no framework; not thread-safe; one instance per
 * run. It keeps no lines: memory is a few counters, one entry per <em>changed</em> file (needed to tell "created"
 * from "updated" when rclone itself does not say; {@link PathDeltas}: the path's chars and a few bytes, no object
 * per file) and one per conflict. The frequent lines (deltas, queued copies, per-file results) are read in place:
 * no regular expression, and no substring for a path that is only looked up. For JSON this goes down to the line
 * itself: when {@code msg} (and {@code object}) hold no escape and the level is not an error, an indent line or a
 * per-file result is read at its offsets in the JSON line, without building the message
 * ({@code object + ": " + msg}) the normalisation below describes; any other line takes that careful path, with the
 * same result.
 *
 * <h2>Line normalisation ({@link #normalize(String)})</h2>
 * <ul>
 * <li>A trailing {@code \r} / {@code \n} is dropped (CRLF logs).</li>
 * <li>A line starting with <code>{"</code> and ending with <code>}</code> is decoded as a JSON log entry by
 * {@link FlatJson} (which decodes only the fields below and skips the others' values; anything it does not fully
 * understand goes to Jackson's streaming parser, which decides): {@code level} ({@code warning} and {@code notice} both mean NOTICE; 1.60 writes
 * NOTICE as {@code warning}), {@code msg}, {@code object}, {@code stats}; every other field is skipped, so the
 * 1.68/1.70 logger changes do not matter. The message is {@code object + ": " + msg} when {@code object} is set
 * and {@code msg} does not already start with it (so {@code {"object":"a.md","msg":"Copied (new)"}} reads like
 * the text line {@code a.md: Copied (new)}, and {@code {"object":"Safety abort","msg":"too many deletes ..."}}
 * like {@code Safety abort: too many deletes ...}). A line that is not valid JSON is read as text.</li>
 * <li>Text: ANSI colour sequences ({@code ESC [ digits/; m}, printed inside messages by 1.66+) are removed;
 * rclone test-harness lines {@code (NN)  : ...} of the golden logs are ignored; then an optional
 * {@code YYYY/MM/DD} date, {@code HH:MM:SS(.micro)} time, {@code file.go:NN:} source prefix
 * ({@code --log-format ...,shortfile}) and {@code LEVEL :} (DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL,
 * ALERT, EMERGENCY, padded with spaces) are removed. A line without a level is kept as level NONE: those are
 * the continuation lines of the multi-line text stats block and the final plain {@code Failed to bisync: ...}
 * line that rclone prints through Go's standard logger (plain text even with {@code --use-json-log}).</li>
 * </ul>
 *
 * <h2>Bisync lines</h2>
 * "Indent" lines ({@code - Path1    File is newer      - file5.md},
 * {@code -          Do queued deletes on    - Path1}) are split on the first {@code " - "} after the action,
 * never on fixed columns (the padding differs between versions), into tag (Path1/Path2/WARNING/empty), action
 * and subject; the subject is everything after that separator, so file names containing {@code " - "} survive.
 * Subjects of {@code Queue ...} and {@code Renaming ...} lines carry the side's path prefix
 * ({@code {PATH2}/new1a.md}); it is removed using the prefixes given to the constructor and those printed in
 * {@code Synching Path1 "X" with Path2 "Y"}. A subject without a known prefix (1.71 prints bare names such as
 * {@code Queue copy to Path2 - file1.txt}) is taken as already relative.
 *
 * <h2>Counting applied changes</h2>
 * <ol>
 * <li>Deltas: {@code File is new} (added), {@code File is newer / File is older / File changed: ...} (modified),
 * {@code File was deleted} (deleted), per side.</li>
 * <li>Sections: {@code Do queued copies to - PathN}, {@code Do queued deletes on - PathN},
 * {@code Resync is doing queued copies to - PathN}, {@code Resync is copying files to - PathN} and
 * {@code Resynching Path1 to Path2} open a section whose target is PathN (Path2); {@code Updating listings},
 * {@code Resync updating listings}, {@code Validating listings} and {@code Bisync successful} close it.
 * Per-file result lines inside a section count on its target: {@code x: Copied (new)} (also
 * {@code Multi-thread Copied (new)}, {@code Copied (Rcat, new)}) = created, {@code x: Copied (replaced existing)}
 * (and its variants) = updated, {@code x: Deleted} = deleted, {@code x: Copied (server-side copy)} = created or
 * updated by the delta rule below; on a dry run {@code x: Skipped copy ... as --dry-run is set} and
 * {@code x: Skipped delete as --dry-run is set} count the same way (a skipped copy is classified with the delta
 * rule; with no delta at all, as in a resync, it is "created" unless rclone says
 * {@code (or update modification time)}). Result lines outside a section (conflict renames done as
 * copy + delete on backends without server-side move) and {@code Moved (server-side) to:} lines (conflict
 * renames) are not changes. With {@code --backup-dir1}/{@code --backup-dir2} (1.66+) a file deleted or overwritten
 * on a side is moved into the backup folder first: {@code x: Moved (server-side)} is no change by itself; a
 * following {@code x: Moved into backup dir} is a delete on that side (rclone prints no {@code Deleted}), a
 * following {@code x: Copied (new)} an update. A backup folder on another file system is copied into, then the
 * original deleted: a {@code Copied (new)} of a file the other side modified or deleted is an update, unless a
 * {@code Deleted} of it follows, which makes both the copy into the folder (then the same two endings).</li>
 * <li>Plan fallback: when the run printed no per-file result line at all (rclone without {@code -v}; rclone's
 * golden test logs), the plan is counted instead, but only if the run reached {@code Updating listings} (all
 * queued copies done) and was not interrupted or safety-aborted. Each {@code Queue copy to PathN - x} is one
 * change on PathN: <em>created</em> if x is a conflict copy, or the source side's delta for x is "new", or PathN's
 * delta for x is "deleted"; otherwise <em>updated</em> (also when x on PathN was renamed away or deleted as the
 * conflict loser in this run: the winner takes its place, which rclone 1.66+ logs as {@code Copied (new)} and
 * counts here, like that result line, as an update) (this is what {@code -v} prints as {@code Copied (new)} / {@code Copied (replaced existing)}).
 * Each {@code Queue delete - x} is a delete on the side its tag names (in 1.60 and 1.66+ the tag is the side the
 * delete happens on, e.g. {@code - Path1  Queue delete - {PATH1}/new2a.md}; the subject's prefix, when known,
 * wins). 1.60 resync plan lines {@code Resync will copy to PathN - x} are creations on PathN. A copy section
 * followed by {@code There was nothing to transfer} (the queued files were already identical) contributes no
 * copies.</li>
 * <li>A run that never reached its copy sections (critical error, safety abort, lock, killed) applies nothing;
 * a killed or interrupted run counts only the result lines it printed.</li>
 * <li>Dry run: rclone skips conflict renames ({@code x: Skipped rename as --dry-run is set}), so its dry-run sync
 * cannot see the conflict copies and prints no {@code Skipped copy} for them; the queued conflict copies that
 * follow a skipped rename are added as creations so a dry run predicts what the real run does.</li>
 * </ol>
 *
 * <h2>Conflicts</h2>
 * {@code New or changed in both paths - x} starts a conflict for x; the following {@code Renaming PathN copy - y}
 * lines (1.60 {@code x..path1}, 1.66+ {@code x.conflict1}, custom suffixes) and, on a dry run, the queued copies
 * after {@code Skipped rename} add the copies; {@code x: The winner is: PathN} and
 * {@code Not renaming PathN copy, as it was determined the winner} set the winner; {@code Deleting PathN copy}
 * means the loser was deleted (no copy; the winner is the other side). {@code Files are equal! Skipping: x} is not
 * a conflict, nor is any other "New or changed in both paths" that ends without a copy ({@code Files are equal but
 * will copy anyway ...}, directories): a conflict always names its copies, except when its loser was deleted
 * ({@code --conflict-loser delete}). Copies with {@code --suffix-keep-extension} ({@code x.conflict-local1.md})
 * belong to {@code x.md}. The {@code ERROR : x: md5 differ} lines 1.66+ prints between {@code Checking potential conflicts...}
 * and {@code Finished checking the potential conflicts} are part of that check, not errors of the run.
 *
 * <h2>Other fields</h2>
 * Errors: every ERROR/CRITICAL/ALERT/EMERGENCY message (indent lines rendered as {@code tag action - subject}),
 * any {@code Failed to bisync: ...} / {@code Failed to bisync with N errors: last error was: ...} line (text or JSON) and the plain fatal lines {@code Failed to ...} / {@code Fatal error: ...};
 * deduplicated, at most 100 kept, followed by {@code "... and N more errors"} where N counts the further distinct
 * messages (by hash, up to 10,000 of them; past that every further line counts). Bytes: the {@code bytes} of the last JSON {@code stats} object, else the
 * left-hand value of the last text {@code Transferred:   132 B / 132 B, ...} line (or {@code --stats-one-line}
 * line); units B, KiB/MiB/GiB/TiB/PiB/EiB and the older k/M/G, kB/KBytes styles, all 1024-based as rclone
 * prints them; text values are rounded (rclone prints 3 decimals). The stats listener gets every JSON
 * {@code stats} object and, for text logs, one snapshot per stats block (emitted at its {@code Elapsed time:}
 * line).
 */
public final class BisyncLogParser {

    /** Where {@link BisyncOutcome#toPath1()} / {@code toPath2()} came from. */
    public enum CountSource {
        /** rclone's per-file result lines ({@code -v}): exact. */
        RESULT_LINES,
        /** The queued plan (no per-file lines printed, e.g. without {@code -v}): what rclone set out to do. */
        PLAN,
        /** Nothing could be counted: no per-file lines and no completed plan (aborted, or no {@code -v}). */
        NONE
    }

    private static final int MAX_ERRORS = 100;
    private static final int MAX_OVERFLOW_HASHES = 10_000;
    private static final JsonFactory JSON = new JsonFactory();

    private static final Pattern MAX_DELETE = Pattern.compile(
            "too many deletes \\(>\\s*(\\d+)%,\\s*(\\d+) of (\\d+)\\) on (Path[12])");
    private static final Pattern ALL_CHANGED = Pattern.compile("all files were changed on (Path[12])");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|d|h|m|s)");

    private static final String[] CREATED_RESULTS = {
        ": Copied (new)", ": Multi-thread Copied (new)", ": Copied (Rcat, new)" };
    private static final String[] UPDATED_RESULTS = {
        ": Copied (replaced existing)", ": Multi-thread Copied (replaced existing)",
        ": Copied (Rcat, replaced existing)" };
    private static final String SERVER_SIDE_RESULT = ": Copied (server-side copy)";
    private static final String DELETED_RESULT = ": Deleted";
    /** With {@code --backup-dir1/2} (1.66+): the file is moved into the backup folder (same file system). */
    private static final String MOVED_RESULT = ": Moved (server-side)";
    /** With {@code --backup-dir1/2}: the file was deleted on that side, its last version moved into the backup folder. */
    private static final String BACKED_UP_RESULT = ": Moved into backup dir";
    private static final String DRY_RUN_SUFFIX = " as --dry-run is set";
    private static final String INVALID_UTF8 = "Replacing invalid UTF-8 characters in ";

    private static final byte NEW = 1;
    private static final byte MODIFIED = 2;
    private static final byte DELETED = 3;

    // ---- configuration
    private final List<String> prefixes1 = new ArrayList<>(2);
    private final List<String> prefixes2 = new ArrayList<>(2);
    private Consumer<StatsSnapshot> statsListener;

    // ---- deltas: path -> (side1 delta) | (side2 delta << 2); only changed files
    private final PathDeltas deltas = new PathDeltas();
    private final int[] added = new int[3];
    private final int[] modified = new int[3];
    private final int[] deletedDelta = new int[3];
    private final int[] deletedCopyDelta = new int[3];

    // ---- plan (index 1 = Path1, 2 = Path2)
    private final int[] planCreated = new int[3];
    private final int[] planUpdated = new int[3];
    private final int[] planDeleted = new int[3];
    private final boolean[] nothingToTransfer = new boolean[3];

    // ---- results
    private final int[] resCreated = new int[3];
    private final int[] resUpdated = new int[3];
    private final int[] resDeleted = new int[3];
    private final int[] dryRunConflictCopies = new int[3];
    private boolean resultSeen;
    private int section; // 0 = none, else target side
    private boolean copySection;

    // ---- conflicts
    private final Map<String, ConflictBuilder> conflicts = new LinkedHashMap<>();
    private final Set<String> conflictFiles = new HashSet<>();
    private ConflictBuilder currentConflict;
    private boolean pendingConflictCopy;
    private boolean pendingCopyIsDryRun;
    private final List<Set<String>> goneOnSide = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
    /** Files moved into the backup folder on a side in this run, whose delete or replacement is still to come. */
    private final List<Set<String>> backedUp = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
    /**
     * {@code Copied (new)} of a file that already existed on that side (its other side's delta: deleted or modified):
     * with a backup folder on another file system that is the copy into the folder (rclone copies, then deletes,
     * instead of moving). Counted as an update until a {@code Deleted} of the same file shows it was.
     */
    private final List<Set<String>> maybeBackupCopy = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
    private boolean inConflictCheck;

    // ---- names rclone cannot carry as they are: not UTF-8 (as rclone prints them, \xNN for each bad byte)
    private final Set<String> invalidUtf8Names = new java.util.LinkedHashSet<>();

    // ---- flags
    private boolean successful;
    private boolean noChanges;
    private boolean mustResync;
    private boolean interrupted;
    private boolean dryRun;
    private boolean reachedListings;
    private SafetyAbort safetyAbort;
    private String priorLockFile;
    private String rcloneNotice;

    // ---- errors
    private final LinkedHashSet<String> errors = new LinkedHashSet<>();
    private int moreErrors;
    /** Hashes of the errors past the cap, to count distinct ones without keeping them (bounded). */
    private final Set<Integer> overflowHashes = new HashSet<>();

    // ---- stats
    private boolean jsonStatsSeen;
    private long jsonBytes;
    private long textBytes;
    private StatsSnapshot lastStats;
    private long tBytes;
    private long tTotalBytes;
    private long tTransfers;
    private long tTotalTransfers;
    private long tDeletes;
    private long tErrors;

    private CountSource countSource;

    /** A parser that learns the path prefixes from the {@code Synching Path1 "X" with Path2 "Y"} line. */
    public BisyncLogParser() {
        this(null, null);
    }

    /**
     * A parser that knows the path prefixes rclone puts in front of file names in {@code Queue ...} lines, e.g.
     * {@code "/home/u/sync/work/"} and {@code "s3:notes/work/"}. Either may be null; a missing trailing
     * {@code /} is tolerated. Prefixes printed in the {@code Synching} line are learnt as well.
     */
    public BisyncLogParser(String path1Prefix, String path2Prefix) {
        addPrefix(prefixes1, path1Prefix);
        addPrefix(prefixes2, path2Prefix);
    }

    /** Called for every stats entry (JSON {@code stats} object, or a complete text stats block). */
    public void setStatsListener(Consumer<StatsSnapshot> listener) {
        this.statsListener = listener;
    }

    /** Parses a whole run. */
    public static BisyncOutcome parse(List<String> lines, int exitCode) {
        BisyncLogParser p = new BisyncLogParser();
        for (String l : lines) {
            p.accept(l);
        }
        return p.finish(exitCode);
    }

    /** Where the change counts of the last {@link #finish(int)} came from ({@code null} before). */
    public CountSource countSource() {
        return countSource;
    }

    /** The last stats entry seen (JSON object or complete text block), or {@code null}. */
    public StatsSnapshot lastStats() {
        return lastStats;
    }

    // =====================================================================================================
    // Normalisation
    // =====================================================================================================

    /**
     * Normalises one physical line; {@code null} for lines to ignore (empty, rclone test-harness lines).
     */
    public static LogLine normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw;
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        if (end != s.length()) {
            s = s.substring(0, end);
        }
        if (s.isEmpty()) {
            return null;
        }
        if (s.charAt(0) == '{' && s.length() > 1 && s.charAt(1) == '"' && s.charAt(s.length() - 1) == '}') {
            LogLine json = FlatJson.parse(s);
            if (json == null) {
                json = parseJson(s); // unusual but valid JSON: let Jackson decide
            }
            if (json != null) {
                return json;
            }
        }
        if (s.indexOf('\u001B') >= 0) {
            s = stripAnsi(s);
        }
        if (s.charAt(0) == '(' && isHarnessLine(s)) {
            return null;
        }
        int pos = 0;
        int n = s.length();
        boolean timestamped = false;
        // YYYY/MM/DD
        if (n >= pos + 11 && isDigits(s, pos, 4) && s.charAt(pos + 4) == '/' && isDigits(s, pos + 5, 2)
                && s.charAt(pos + 7) == '/' && isDigits(s, pos + 8, 2) && s.charAt(pos + 10) == ' ') {
            pos += 11;
            timestamped = true;
        }
        // HH:MM:SS(.micro)
        if (n >= pos + 9 && isDigits(s, pos, 2) && s.charAt(pos + 2) == ':' && isDigits(s, pos + 3, 2)
                && s.charAt(pos + 5) == ':' && isDigits(s, pos + 6, 2)) {
            int p = pos + 8;
            if (p < n && s.charAt(p) == '.') {
                p++;
                while (p < n && Character.isDigit(s.charAt(p))) {
                    p++;
                }
            }
            if (p < n && s.charAt(p) == ' ') {
                pos = p + 1;
                timestamped = true;
            }
        }
        // file.go:NN: (shortfile / longfile)
        if (timestamped) {
            int sp = s.indexOf(' ', pos);
            if (sp > pos + 5 && s.charAt(sp - 1) == ':') {
                int go = s.indexOf(".go:", pos);
                if (go > 0 && go < sp) {
                    pos = sp + 1;
                }
            }
        }
        // LEVEL :
        int p = pos;
        while (p < n && s.charAt(p) >= 'A' && s.charAt(p) <= 'Z') {
            p++;
        }
        if (p - pos >= 4) {
            int q = p;
            while (q < n && s.charAt(q) == ' ') {
                q++;
            }
            if (q < n && s.charAt(q) == ':') {
                LogLine.Level level = levelOf(s, pos, p);
                if (level != null) {
                    int m = q + 1;
                    if (m < n && s.charAt(m) == ' ') {
                        m++;
                    }
                    return new LogLine(level, s.substring(m), timestamped, null);
                }
            }
        }
        return new LogLine(LogLine.Level.NONE, pos == 0 ? s : s.substring(pos), timestamped, null);
    }

    private static LogLine.Level levelOf(String s, int from, int to) {
        switch (to - from) {
            case 4:
                if (s.startsWith("INFO", from)) {
                    return LogLine.Level.INFO;
                }
                return null;
            case 5:
                if (s.startsWith("ERROR", from)) {
                    return LogLine.Level.ERROR;
                }
                if (s.startsWith("DEBUG", from)) {
                    return LogLine.Level.DEBUG;
                }
                if (s.startsWith("ALERT", from)) {
                    return LogLine.Level.ALERT;
                }
                return null;
            case 6:
                return s.startsWith("NOTICE", from) ? LogLine.Level.NOTICE : null;
            case 7:
                return s.startsWith("WARNING", from) ? LogLine.Level.WARNING : null;
            case 8:
                return s.startsWith("CRITICAL", from) ? LogLine.Level.CRITICAL : null;
            case 9:
                return s.startsWith("EMERGENCY", from) ? LogLine.Level.EMERGENCY : null;
            default:
                return null;
        }
    }

    /** The level named by {@code s[from, to)}: rclone's lowercase names without a substring, else as below. */
    static LogLine.Level jsonLevel(String s, int from, int to) {
        switch (to - from) {
            case 4:
                if (s.startsWith("info", from)) {
                    return LogLine.Level.INFO;
                }
                break;
            case 5:
                if (s.startsWith("debug", from)) {
                    return LogLine.Level.DEBUG;
                }
                if (s.startsWith("error", from)) {
                    return LogLine.Level.ERROR;
                }
                break;
            case 7:
                if (s.startsWith("warning", from)) {
                    return LogLine.Level.NOTICE;
                }
                break;
            default:
                break;
        }
        return jsonLevel(s.substring(from, to));
    }

    static LogLine.Level jsonLevel(String level) {
        if (level == null) {
            return LogLine.Level.INFO;
        }
        switch (level.toLowerCase(java.util.Locale.ROOT)) {
            case "debug":
                return LogLine.Level.DEBUG;
            case "info":
                return LogLine.Level.INFO;
            case "notice":
            case "warning":
            case "warn":
                return LogLine.Level.NOTICE;
            case "error":
            case "err":
                return LogLine.Level.ERROR;
            case "critical":
            case "crit":
            case "fatal":
                return LogLine.Level.CRITICAL;
            case "alert":
                return LogLine.Level.ALERT;
            case "emergency":
            case "emerg":
                return LogLine.Level.EMERGENCY;
            default:
                return LogLine.Level.INFO;
        }
    }

    static LogLine jsonLine(String level, String msg, String object, StatsSnapshot stats) {
        return jsonLine(jsonLevel(level), msg, object, stats);
    }

    static LogLine jsonLine(LogLine.Level level, String msg, String object, StatsSnapshot stats) {
        if (msg == null) {
            msg = "";
        }
        if (msg.indexOf('\u001B') >= 0) {
            msg = stripAnsi(msg);
        }
        if (object != null && !object.isEmpty() && !msg.startsWith(object)) {
            if (object.indexOf('\u001B') >= 0) {
                object = stripAnsi(object);
            }
            object = RcloneNames.decode(object);
            return new LogLine(level, object + ": " + msg, true, stats, object.length());
        }
        return new LogLine(level, msg, true, stats);
    }

    /** Jackson-based decoding of a JSON log line; {@code null} if it is not a JSON object. */
    static LogLine parseJson(String s) {
        String level = null;
        String msg = null;
        String object = null;
        StatsSnapshot stats = null;
        try (JsonParser p = JSON.createParser(s)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "level":
                        level = v.isScalarValue() ? p.getValueAsString() : skip(p);
                        break;
                    case "msg":
                    case "message":
                        msg = v.isScalarValue() ? p.getValueAsString() : skip(p);
                        break;
                    case "object":
                        object = v.isScalarValue() ? p.getValueAsString() : skip(p);
                        break;
                    case "stats":
                        if (v == JsonToken.START_OBJECT) {
                            stats = readStats(p);
                        } else {
                            p.skipChildren();
                        }
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return jsonLine(level, msg, object, stats);
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static StatsSnapshot readStats(JsonParser p) throws IOException {
        long bytes = 0;
        long totalBytes = 0;
        long transfers = 0;
        long totalTransfers = 0;
        long deletes = 0;
        long errs = 0;
        double elapsed = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (!v.isNumeric()) {
                p.skipChildren();
                continue;
            }
            switch (name) {
                case "bytes":
                    bytes = p.getValueAsLong();
                    break;
                case "totalBytes":
                    totalBytes = p.getValueAsLong();
                    break;
                case "transfers":
                    transfers = p.getValueAsLong();
                    break;
                case "totalTransfers":
                    totalTransfers = p.getValueAsLong();
                    break;
                case "deletes":
                    deletes = p.getValueAsLong();
                    break;
                case "errors":
                    errs = p.getValueAsLong();
                    break;
                case "elapsedTime":
                    elapsed = p.getValueAsDouble();
                    break;
                default:
                    break;
            }
        }
        return new StatsSnapshot(bytes, totalBytes, transfers, totalTransfers, deletes, errs, elapsed);
    }

    /** Removes ANSI SGR sequences ({@code ESC [ 0-9; m}). */
    static String stripAnsi(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\u001B' && i + 1 < n && s.charAt(i + 1) == '[') {
                int j = i + 2;
                while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';')) {
                    j++;
                }
                if (j < n && s.charAt(j) == 'm') {
                    i = j + 1;
                    continue;
                }
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }

    /** {@code (NN)  :} step markers of rclone's bisync test harness. */
    static boolean isHarnessLine(String s) {
        int n = s.length();
        int i = 1;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 1 || i >= n || s.charAt(i) != ')') {
            return false;
        }
        i++;
        int spaces = i;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        return i > spaces && i < n && s.charAt(i) == ':';
    }

    private static boolean isDigits(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    // =====================================================================================================
    // Line handling
    // =====================================================================================================

    /** Feeds one physical stderr line (text or JSON, with or without line terminator). */
    public void accept(String rawLine) {
        if (isJsonShaped(rawLine)) {
            FlatJson json = FlatJson.scan(rawLine);
            if (json != null) {
                if (!acceptInPlace(json, rawLine)) {
                    accept(json.toLogLine());
                }
                return;
            }
        }
        LogLine line = normalize(rawLine);
        if (line != null) {
            accept(line);
        }
    }

    /** Starts with <code>{"</code> and ends with <code>}</code>: {@link #normalize(String)} would try it as JSON. */
    private static boolean isJsonShaped(String s) {
        int n = s.length();
        return n > 1 && s.charAt(0) == '{' && s.charAt(1) == '"' && s.charAt(n - 1) == '}';
    }

    /**
     * The fast path for the frequent JSON lines, read straight from the line without building the message: an
     * indent line ({@code msg} only) or a per-file result ({@code object} + {@code msg}). Both fields must lie
     * unescaped in the line, and the level must not be an error (errors keep the message); then this does exactly
     * what {@link #handle} does with the message {@link #jsonLine} would build. False, having done nothing, for
     * any other line: the caller builds the message and takes the careful path.
     */
    private boolean acceptInPlace(FlatJson json, String s) {
        if (!json.msgInPlace() || json.stats() != null || json.level().isError()) {
            return false;
        }
        int from = json.msgStart();
        int to = json.msgEnd();
        if (json.noObject()) {
            if (to - from < 2 || !s.startsWith("- ", from)) {
                return false;
            }
            Indent indent = Indent.parse(s, from, to);
            if (indent != null) {
                handleIndent(indent);
            }
            return true;
        }
        return json.objectInPlace() && resultInPlace(s, json.objectStart(), json.objectEnd(), from, to);
    }

    /**
     * {@code {"object":"x","msg":"Copied (new)"}}, i.e. the message {@code x: Copied (new)}: a per-file result
     * whose file is the object. False for anything else (also an object the message already starts with, or one
     * starting with {@code "- "}: the joined message would then read differently).
     */
    private boolean resultInPlace(String s, int objectStart, int objectEnd, int msgStart, int msgEnd) {
        int objectLength = objectEnd - objectStart;
        if (objectLength == 0 || s.startsWith("- ", objectStart)
                || RcloneNames.encoded(s, objectStart, objectEnd)
                || (msgEnd - msgStart >= objectLength && s.regionMatches(msgStart, s, objectStart, objectLength))) {
            return false;
        }
        int kind = resultKind(s, msgStart, msgEnd);
        if (kind == 0) {
            return false;
        }
        result(kind, s, objectStart, objectEnd);
        return true;
    }

    /**
     * The kind ({@link #result}) of a message that is exactly one of the result words after {@code "x: "}
     * ({@code Copied (new)}, {@code Deleted}, ...), else 0. Checked in {@link #handleResult}'s order.
     */
    private static int resultKind(String s, int from, int to) {
        for (String suffix : CREATED_RESULTS) {
            if (isResultWord(s, from, to, suffix)) {
                return 1;
            }
        }
        for (String suffix : UPDATED_RESULTS) {
            if (isResultWord(s, from, to, suffix)) {
                return 2;
            }
        }
        if (isResultWord(s, from, to, SERVER_SIDE_RESULT)) {
            return 4;
        }
        if (isResultWord(s, from, to, MOVED_RESULT)) {
            return 6;
        }
        if (isResultWord(s, from, to, BACKED_UP_RESULT)) {
            return 7;
        }
        return isResultWord(s, from, to, DELETED_RESULT) ? 3 : 0;
    }

    /** s[from, to) equals suffix without its leading {@code ": "}. */
    private static boolean isResultWord(String s, int from, int to, String suffix) {
        int len = suffix.length() - 2;
        return to - from == len && s.regionMatches(from, suffix, 2, len);
    }

    private void accept(LogLine line) {
        if (line.stats() != null) {
            jsonStatsSeen = true;
            jsonBytes = line.stats().bytes();
            publish(line.stats());
            return; // its msg repeats the stats as text
        }
        String msg = line.message();
        int nl = msg.indexOf('\n', line.objectLength()); // a newline in the file's name splits nothing
        if (nl >= 0 && line.objectLength() > 0) {
            handle(line.level(), msg.substring(0, nl), line.objectLength());
            return;
        }
        if (nl >= 0) {
            // multi-line JSON message: first line as the message, the rest like text continuation lines
            String[] parts = msg.split("\r?\n");
            handle(line.level(), parts[0]);
            for (int i = 1; i < parts.length; i++) {
                if (!parts[i].isEmpty()) {
                    handleLevelless(parts[i]);
                }
            }
            return;
        }
        handle(line.level(), msg, line.objectLength());
    }

    private void handle(LogLine.Level level, String msg) {
        handle(level, msg, 0);
    }

    /** objectLength > 0: msg starts with the file the line is about ({@code x: Copied (new)}), never an indent. */
    private void handle(LogLine.Level level, String msg, int objectLength) {
        if (level == LogLine.Level.NONE) {
            handleLevelless(msg);
            return;
        }
        if (msg.isEmpty()) {
            return; // start of a text stats block
        }
        if (level == LogLine.Level.NOTICE) {
            int bad = msg.indexOf(INVALID_UTF8);
            if (bad >= 0) {
                invalidUtf8(msg.substring(bad + INVALID_UTF8.length()));
                return;
            }
        }
        Indent indent = null;
        if (objectLength == 0 && msg.startsWith("- ")) {
            indent = Indent.parse(msg);
            if (indent != null) {
                handleIndent(indent);
            }
        } else {
            handleMessage(msg);
        }
        if (level.isError() && !inConflictCheck) {
            addError(indent != null ? indent.render() : msg);
        }
    }

    private void handleLevelless(String msg) {
        if (msg.isEmpty()) {
            return;
        }
        char c = msg.charAt(0);
        switch (c) {
            case 'T':
                if (msg.startsWith("Transferred:")) {
                    parseTransferred(msg.substring("Transferred:".length()));
                    return;
                }
                break;
            case 'E':
                if (msg.startsWith("Errors:")) {
                    tErrors = leadingLong(msg, "Errors:".length());
                    return;
                }
                if (msg.startsWith("Elapsed time:")) {
                    double elapsed = parseDuration(msg.substring("Elapsed time:".length()).trim());
                    publish(new StatsSnapshot(tBytes, tTotalBytes, tTransfers, tTotalTransfers, tDeletes, tErrors,
                            elapsed));
                    tBytes = tTotalBytes = tTransfers = tTotalTransfers = tDeletes = tErrors = 0;
                    return;
                }
                break;
            case 'D':
                if (msg.startsWith("Deleted:")) {
                    tDeletes = leadingLong(msg, "Deleted:".length());
                    return;
                }
                break;
            case 'F':
                if (msg.startsWith("Failed to bisync")) {
                    failedToBisync(msg);
                    return;
                }
                if (msg.startsWith("Failed to ") || msg.startsWith("Fatal error: ")) {
                    addError(msg);
                    return;
                }
                break;
            default:
                break;
        }
    }

    private void handleMessage(String msg) {
        int n = msg.length();
        char last = msg.charAt(n - 1);
        // per-file result lines first: they are the most frequent
        if (last == ')' || last == 'd' || last == 't' || last == 'r') {
            if (handleResult(msg, last)) {
                return;
            }
        }
        switch (msg.charAt(0)) {
            case 'B':
                if (msg.startsWith("Bisync successful")) {
                    successful = true;
                    section = 0;
                } else if (msg.startsWith("Bisync interrupted")) {
                    interrupted = true;
                }
                if (msg.startsWith("Bisync critical error: ") && msg.contains(" rename failed for ")) {
                    renameFailed();
                }
                if (msg.contains("Must run --resync")
                        || (msg.startsWith("Bisync critical error: ") && msg.contains("(must run --resync)"))) {
                    // with --resilient, 1.66+ follows the second form with "Error is retryable without --resync"
                    // although the cause itself (a changed filters file) still needs one
                    mustResync = true;
                }
                break;
            case 'b':
                if (rcloneNotice == null && msg.startsWith("bisync is ")) {
                    rcloneNotice = msg;
                }
                break;
            case 'N':
                if (msg.startsWith("No changes found")) {
                    noChanges = true;
                }
                break;
            case 'U':
                if (msg.startsWith("Updating listings")) {
                    section = 0;
                    reachedListings = true;
                }
                break;
            case 'V':
                if (msg.startsWith("Validating listings")) {
                    section = 0;
                }
                break;
            case 'R':
                if (msg.startsWith("Resync updating listings")) {
                    section = 0;
                    reachedListings = true;
                } else if (msg.startsWith("Resynching Path1 to Path2")) {
                    openSection(2, true);
                }
                break;
            case 'S':
                if (msg.startsWith("Synching Path1 ")) {
                    learnPrefixes(msg);
                } else if (msg.startsWith("Safety abort: ")) {
                    safetyAbort(msg);
                } else if (msg.startsWith("Signal received")) {
                    interrupted = true;
                }
                break;
            case 'T':
                if (msg.startsWith("There was nothing to transfer") && section != 0 && copySection) {
                    nothingToTransfer[section] = true;
                }
                break;
            case 'C':
                if (msg.startsWith("Checking potential conflicts")) {
                    inConflictCheck = true;
                }
                break;
            case 'F':
                if (msg.startsWith("Finished checking the potential conflicts")) {
                    inConflictCheck = false;
                } else if (msg.startsWith("Failed to bisync")) {
                    failedToBisync(msg);
                } else if (msg.startsWith("Files are equal! Skipping: ")) {
                    String path = RcloneNames.real(msg.substring("Files are equal! Skipping: ".length()));
                    conflicts.remove(path);
                    if (currentConflict != null && currentConflict.path.equals(path)) {
                        currentConflict = null;
                    }
                }
                break;
            case ' ':
                parseOneLineStats(msg);
                break;
            default:
                break;
        }
        if (currentConflict != null && (last == '1' || last == '2')) {
            winnerLine(msg);
        }
    }

    /**
     * {@code Replacing invalid UTF-8 characters in "caf\xe9.md"} (a NOTICE of each listing, its object the file
     * system): the name as printed, without the quotes, so that the bytes that are not UTF-8 read as {@code \xNN}.
     */
    private void invalidUtf8(String quoted) {
        String name = quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\"")
                ? quoted.substring(1, quoted.length() - 1) : quoted;
        if (invalidUtf8Names.size() < MAX_ERRORS) {
            invalidUtf8Names.add(name.replace("\\\"", "\""));
        }
    }

    /**
     * {@code Bisync critical error: DIR rename failed for X: ...} (the conflict copy's name is too long, say): the
     * copy named last was never made; a conflict left without copies is none ({@link #finish}).
     */
    private void renameFailed() {
        ConflictBuilder c = currentConflict;
        if (c != null && !c.files.isEmpty()) {
            String f = c.files.remove(c.files.size() - 1);
            conflictFiles.remove(f);
        }
    }

    /** {@code x: The winner is: Path1} / {@code x: A winner could not be determined.} */
    private void winnerLine(String msg) {
        int i = msg.lastIndexOf(": The winner is: Path");
        if (i > 0 && i + 21 < msg.length()) {
            ConflictBuilder c = conflictFor(msg.substring(0, i));
            if (c != null) {
                char d = msg.charAt(i + 21);
                if (d == '1' || d == '2') {
                    c.winner = "path" + d;
                }
            }
        }
    }

    private ConflictBuilder conflictFor(String path) {
        ConflictBuilder c = conflicts.get(path);
        return c != null ? c : currentConflict;
    }

    /** Returns true when msg was a per-file result line. */
    private boolean handleResult(String msg, char last) {
        if (last == ')') {
            for (String suffix : CREATED_RESULTS) {
                if (msg.endsWith(suffix)) {
                    result(1, msg, 0, msg.length() - suffix.length());
                    return true;
                }
            }
            for (String suffix : UPDATED_RESULTS) {
                if (msg.endsWith(suffix)) {
                    result(2, msg, 0, msg.length() - suffix.length());
                    return true;
                }
            }
            if (msg.endsWith(SERVER_SIDE_RESULT)) {
                result(4, msg, 0, msg.length() - SERVER_SIDE_RESULT.length());
                return true;
            }
            if (msg.endsWith(MOVED_RESULT)) {
                result(6, msg, 0, msg.length() - MOVED_RESULT.length());
                return true;
            }
            if (msg.lastIndexOf(DRY_RUN_SUFFIX) > 0) {
                return dryRunLine(msg);
            }
            return false;
        }
        if (last == 'd') {
            if (msg.endsWith(DELETED_RESULT)) {
                result(3, msg, 0, msg.length() - DELETED_RESULT.length());
                return true;
            }
            return false;
        }
        if (last == 'r') {
            if (msg.endsWith(BACKED_UP_RESULT)) {
                result(7, msg, 0, msg.length() - BACKED_UP_RESULT.length());
                return true;
            }
            return false;
        }
        // last == 't'
        if (msg.endsWith(DRY_RUN_SUFFIX)) {
            return dryRunLine(msg);
        }
        return false;
    }

    /** {@code x: Skipped copy as --dry-run is set (size 8)}, {@code Skipped delete ...}, {@code Skipped rename ...}. */
    private boolean dryRunLine(String msg) {
        int dry = msg.lastIndexOf(DRY_RUN_SUFFIX);
        dryRun = true;
        int sk = msg.lastIndexOf(": Skipped ", dry);
        if (sk < 0) {
            return true; // e.g. "Skipped storing filters file hash to X as --dry-run is set"
        }
        String path = msg.substring(0, sk);
        String verb = msg.substring(sk + ": Skipped ".length(), dry);
        if (verb.startsWith("copy")) {
            // "copy" or "copy (or update modification time)"
            result(verb.contains("update modification time") ? 5 : 4, path, 0, path.length());
        } else if (verb.equals("delete")) {
            result(3, path, 0, path.length());
        } else if (verb.equals("rename") || verb.equals("move")) {
            if (currentConflict != null && currentConflict.path.equals(path)) {
                pendingConflictCopy = true;
                pendingCopyIsDryRun = true;
            }
        }
        return true;
    }

    /**
     * One per-file result. kind: 1 created, 2 updated, 3 deleted, 4 copy to classify by deltas,
     * 5 copy of an existing file (modtime-only), 6 moved into the backup folder ({@code Moved (server-side)}),
     * 7 deleted into the backup folder ({@code Moved into backup dir}). The file is {@code line[pathStart, pathEnd)},
     * read only to classify.
     */
    private void result(int kind, String line, int pathStart, int pathEnd) {
        if (section == 0) {
            return; // e.g. conflict renames done as copy+delete before the sections
        }
        resultSeen = true;
        int t = section;
        switch (kind) {
            case 1:
                if (!backedUp.get(t).isEmpty() && backedUp.get(t).remove(line.substring(pathStart, pathEnd))) {
                    resUpdated[t]++; // the new version, after the old one went into the backup folder
                } else if (!goneOnSide.get(t).isEmpty()
                        && goneOnSide.get(t).contains(line.substring(pathStart, pathEnd))) {
                    resUpdated[t]++; // the winner over the loser renamed away in this run: rclone says "new"
                } else if (existedBefore(t, line, pathStart, pathEnd)) {
                    resUpdated[t]++; // the other side changed it: an update, unless its Deleted line follows
                    maybeBackupCopy.get(t).add(line.substring(pathStart, pathEnd));
                } else {
                    resCreated[t]++;
                }
                break;
            case 2:
                resUpdated[t]++;
                break;
            case 3:
                if (!maybeBackupCopy.get(t).isEmpty()
                        && maybeBackupCopy.get(t).remove(line.substring(pathStart, pathEnd))) {
                    // that copy went into a backup folder on another file system, and this is the original
                    // deleted here: the old version is in the folder; its replacement (Copied (new)) or Moved into
                    // backup dir follows
                    resUpdated[t]--;
                    backedUp.get(t).add(line.substring(pathStart, pathEnd));
                } else {
                    resDeleted[t]++;
                }
                break;
            case 6:
                backedUp.get(t).add(line.substring(pathStart, pathEnd)); // not a transfer: see what follows
                break;
            case 7:
                backedUp.get(t).remove(line.substring(pathStart, pathEnd));
                resDeleted[t]++; // deleted on this side, kept in the backup folder
                break;
            case 4:
                if (classifyCreated(t, line, pathStart, pathEnd, true)) {
                    resCreated[t]++;
                } else {
                    resUpdated[t]++;
                }
                break;
            default:
                resUpdated[t]++;
                break;
        }
    }

    /**
     * Whether rel ({@code s[relStart, relEnd)}) existed on target before this run although rclone logs a
     * {@code Copied (new)} for it: the source side's delta says it was deleted or modified there (so the file on
     * target is not new) and target's delta does not say it was deleted here. Such a copy is the copy into a backup
     * folder on another file system (followed by a {@code Deleted} of the same file), or an update.
     */
    private boolean existedBefore(int target, String s, int relStart, int relEnd) {
        int d = deltas.get(s, relStart, relEnd);
        if (d < 0) {
            return false;
        }
        int sourceDelta = (d >> (2 * (2 - target))) & 3;
        int targetDelta = (d >> (2 * (target - 1))) & 3;
        return (sourceDelta == DELETED || sourceDelta == MODIFIED) && targetDelta != DELETED && targetDelta != NEW;
    }

    private void handleIndent(Indent in) {
        String a = in.action();
        int tagSide = sideOf(in.tag());
        char c0 = a.isEmpty() ? ' ' : a.charAt(0);
        switch (c0) {
            case 'F':
                if (a.equals("File is new")) {
                    delta(tagSide, in, NEW);
                } else if (a.equals("File is newer") || a.equals("File is older") || a.startsWith("File changed")) {
                    delta(tagSide, in, MODIFIED);
                } else if (a.equals("File was deleted")) {
                    delta(tagSide, in, DELETED);
                }
                pendingConflictCopy = false;
                return;
            case 'Q':
                if (a.startsWith("Queue copy to Path")) {
                    int target = a.charAt(a.length() - 1) - '0';
                    if (target == 1 || target == 2) {
                        planCopy(target, in);
                    }
                    pendingConflictCopy = false;
                    return;
                }
                if (a.startsWith("Queue delete")) {
                    int side = sideOfSubject(in.subject(), tagSide);
                    if (side != 0) {
                        planDeleted[side]++;
                    }
                }
                pendingConflictCopy = false;
                return;
            case 'D':
                if (a.startsWith("Do queued copies to")) {
                    openSection(sideOf(in.subject()), true);
                } else if (a.startsWith("Do queued deletes on")) {
                    openSection(sideOf(in.subject()), false);
                } else if (a.startsWith("Deleting Path") && a.endsWith("copy")) {
                    // conflict loser deleted (--conflict-loser delete)
                    int side = digitSide(a, "Deleting Path".length());
                    if (side != 0) {
                        String rel = relative(in.subject(), side);
                        goneOnSide.get(side).add(rel);
                        ConflictBuilder cb = conflictFor(rel);
                        if (cb != null) {
                            cb.loserDeleted = true;
                            if (cb.winner == null) {
                                cb.winner = side == 1 ? "path2" : "path1";
                            }
                        }
                    }
                }
                pendingConflictCopy = false;
                return;
            case 'R':
                if (a.startsWith("Resync will copy to Path")) {
                    int target = a.charAt(a.length() - 1) - '0';
                    if (target == 1 || target == 2) {
                        planCreated[target]++;
                    }
                } else if (a.startsWith("Resync is ")) {
                    openSection(sideOf(in.subject()), true);
                } else if (a.startsWith("Renaming Path")) {
                    int side = digitSide(a, "Renaming Path".length());
                    if (side == 0) {
                        side = tagSide;
                    }
                    String rel = relative(in.subject(), side);
                    ConflictBuilder cb = currentConflict;
                    if (cb == null || !isCopyName(rel, cb.path)) {
                        cb = conflictForCopy(rel);
                    }
                    if (cb != null) {
                        cb.addFile(rel);
                        if (side != 0) {
                            goneOnSide.get(side).add(cb.path);
                        }
                    }
                    pendingConflictCopy = true;
                    pendingCopyIsDryRun = false;
                    return;
                }
                pendingConflictCopy = false;
                return;
            case 'N':
                if (a.startsWith("New or changed in both paths")) {
                    ConflictBuilder cb = conflicts.computeIfAbsent(in.subject(), ConflictBuilder::new);
                    currentConflict = cb;
                } else if (a.startsWith("Not renaming Path") && a.contains("winner")) {
                    int side = digitSide(a, "Not renaming Path".length());
                    if (side != 0) {
                        ConflictBuilder cb = conflictFor(relative(in.subject(), side));
                        if (cb != null) {
                            cb.winner = "path" + side;
                        }
                    }
                }
                pendingConflictCopy = false;
                return;
            default:
                pendingConflictCopy = false;
        }
    }

    /** A conflict copy name seen without a preceding "New or changed" line: find its conflict by name. */
    private ConflictBuilder conflictForCopy(String rel) {
        ConflictBuilder best = null;
        for (ConflictBuilder c : conflicts.values()) {
            if (isCopyName(rel, c.path) && (best == null || c.path.length() > best.path.length())) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Whether copy can be a conflict copy of path: {@code path + suffix} ({@code x.md..path1}, {@code x.md.conflict1})
     * or, with {@code --suffix-keep-extension}, {@code stem + suffix + ext} ({@code x.conflict-local1.md}).
     */
    static boolean isCopyName(String copy, String path) {
        if (copy.length() <= path.length()) {
            return false;
        }
        if (copy.startsWith(path)) {
            return true;
        }
        int dot = path.lastIndexOf('.');
        if (dot <= path.lastIndexOf('/') + 1) {
            return false; // no extension (or a dot file)
        }
        return copy.startsWith(path.substring(0, dot + 1)) && copy.endsWith(path.substring(dot));
    }

    private void openSection(int target, boolean copies) {
        section = target;
        copySection = copies;
    }

    private void planCopy(int target, Indent in) {
        String msg = in.msg();
        int relStart = relativeStart(msg, in.subjectStart(), in.end(), target);
        if (pendingConflictCopy) {
            String rel = msg.substring(relStart, in.end());
            ConflictBuilder cb = currentConflict;
            if (cb != null && !rel.equals(cb.path)) {
                cb.addFile(rel);
            }
            planCreated[target]++;
            if (pendingCopyIsDryRun) {
                dryRunConflictCopies[target]++;
            }
            pendingConflictCopy = false;
            return;
        }
        if (classifyCreated(target, msg, relStart, in.end(), false)) {
            planCreated[target]++;
        } else {
            planUpdated[target]++;
        }
    }

    /**
     * Whether a copy of rel to target creates the file there: rel is a conflict copy, or its original on target was
     * renamed away / deleted as conflict loser, or the source side's delta is "new", or target's delta is
     * "deleted". Without any delta for rel (a resync prints none) the answer is noInfoMeansCreated.
     * rel is {@code s[relStart, relEnd)}.
     */
    private boolean classifyCreated(int target, String s, int relStart, int relEnd, boolean noInfoMeansCreated) {
        Set<String> gone = goneOnSide.get(target);
        if (!gone.isEmpty() || !conflictFiles.isEmpty()) { // only after a conflict: spare the substring otherwise
            String rel = s.substring(relStart, relEnd);
            if (conflictFiles.contains(rel)) {
                return true;
            }
            if (gone.contains(rel)) {
                return false; // the original was there before the run, renamed away (or deleted) as the loser
            }
        }
        int d = deltas.get(s, relStart, relEnd);
        if (d < 0) {
            return noInfoMeansCreated;
        }
        int source = 3 - target;
        int sourceDelta = (d >> (2 * (source - 1))) & 3;
        int targetDelta = (d >> (2 * (target - 1))) & 3;
        return sourceDelta == NEW || targetDelta == DELETED;
    }

    private void delta(int side, Indent in, byte kind) {
        if (side == 0) {
            return;
        }
        String msg = in.msg();
        int end = in.end();
        deltas.put(msg, in.subjectStart(), end, 2 * (side - 1), kind);
        switch (kind) {
            case NEW:
                added[side]++;
                break;
            case MODIFIED:
                modified[side]++;
                break;
            default:
                deletedDelta[side]++;
                if (com.basicmemory.bm.conflicts.ConflictNaming.isCopy(
                        msg.substring(Math.max(msg.lastIndexOf('/', end - 1) + 1, in.subjectStart()), end))) {
                    deletedCopyDelta[side]++;
                }
        }
    }

    // ---- prefixes

    private static void addPrefix(List<String> list, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return;
        }
        if (!list.contains(prefix)) {
            list.add(prefix);
        }
        char last = prefix.charAt(prefix.length() - 1);
        if (last != '/' && last != ':') {
            String withSlash = prefix + '/';
            if (!list.contains(withSlash)) {
                list.add(0, withSlash);
            }
        }
    }

    /** {@code Synching Path1 "X" with Path2 "Y"} (quoted in 1.60+, tolerate unquoted). */
    private void learnPrefixes(String msg) {
        String rest = msg.substring("Synching Path1 ".length());
        String p1;
        String p2;
        int sep = rest.indexOf("\" with Path2 \"");
        if (rest.startsWith("\"") && sep > 0 && rest.endsWith("\"")) {
            p1 = unquote(rest.substring(1, sep));
            p2 = unquote(rest.substring(sep + "\" with Path2 \"".length(), rest.length() - 1));
        } else {
            sep = rest.indexOf(" with Path2 ");
            if (sep < 0) {
                return;
            }
            p1 = rest.substring(0, sep);
            p2 = rest.substring(sep + " with Path2 ".length());
        }
        addPrefix(prefixes1, p1);
        addPrefix(prefixes2, p2);
    }

    private static String unquote(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    private String relative(String subject, int side) {
        return subject.substring(relativeStart(subject, 0, subject.length(), side));
    }

    /** Where the path relative to its side starts in the subject {@code s[from, to)}: after a known prefix. */
    private int relativeStart(String s, int from, int to, int side) {
        List<String> own = side == 1 ? prefixes1 : prefixes2;
        for (String p : own) {
            if (p.length() <= to - from && s.startsWith(p, from)) {
                return from + p.length();
            }
        }
        List<String> other = side == 1 ? prefixes2 : prefixes1;
        for (String p : other) {
            if (p.length() <= to - from && s.startsWith(p, from)) {
                return from + p.length();
            }
        }
        return from;
    }

    private int sideOfSubject(String subject, int tagSide) {
        for (String p : prefixes1) {
            if (subject.startsWith(p)) {
                // a path1 prefix may itself be a prefix of path2 ("/a/" and "/a/b/"): prefer the longer match
                for (String q : prefixes2) {
                    if (subject.startsWith(q) && q.length() > p.length()) {
                        return 2;
                    }
                }
                return 1;
            }
        }
        for (String p : prefixes2) {
            if (subject.startsWith(p)) {
                return 2;
            }
        }
        return tagSide;
    }

    private static int sideOf(String s) {
        if (s == null) {
            return 0;
        }
        if (s.equals("Path1")) {
            return 1;
        }
        if (s.equals("Path2")) {
            return 2;
        }
        return 0;
    }

    private static int digitSide(String s, int index) {
        if (index < s.length()) {
            char c = s.charAt(index);
            if (c == '1') {
                return 1;
            }
            if (c == '2') {
                return 2;
            }
        }
        return 0;
    }

    // ---- failures

    /**
     * {@code Failed to bisync: CAUSE} (1.60+, plain text even with {@code --use-json-log} before 1.70, a JSON NOTICE in
     * 1.75) or {@code Failed to bisync with N errors: last error was: CAUSE} (1.75 text log).
     */
    private void failedToBisync(String msg) {
        addError(msg);
        int colon = msg.indexOf(": ");
        if (colon < 0) {
            return;
        }
        String cause = msg.substring(colon + 2);
        if (cause.startsWith("last error was: ")) {
            cause = cause.substring("last error was: ".length());
        }
        if (cause.startsWith("prior lock file found: ")) {
            String path = cause.substring("prior lock file found: ".length()).trim();
            if (priorLockFile == null && !path.isEmpty()) {
                priorLockFile = path;
            }
        } else if (cause.startsWith("too many deletes")) {
            if (safetyAbort == null) {
                safetyAbort = new SafetyAbort(SafetyAbort.Kind.MAX_DELETE, null, null, null, null);
            }
        } else if (cause.startsWith("all files were changed")) {
            if (safetyAbort == null) {
                safetyAbort = new SafetyAbort(SafetyAbort.Kind.ALL_FILES_CHANGED, null, null, null, null);
            }
        }
        if (cause.contains("Must run --resync")) {
            mustResync = true;
        }
    }

    private void safetyAbort(String msg) {
        Matcher m = MAX_DELETE.matcher(msg);
        if (m.find()) {
            safetyAbort = new SafetyAbort(SafetyAbort.Kind.MAX_DELETE, m.group(4), Integer.valueOf(m.group(1)),
                    Integer.valueOf(m.group(2)), Integer.valueOf(m.group(3)));
            return;
        }
        m = ALL_CHANGED.matcher(msg);
        if (m.find()) {
            safetyAbort = new SafetyAbort(SafetyAbort.Kind.ALL_FILES_CHANGED, m.group(1), null, null, null);
            return;
        }
        if (msg.contains("too many deletes")) {
            safetyAbort = new SafetyAbort(SafetyAbort.Kind.MAX_DELETE, null, null, null, null);
        } else if (msg.contains("all files were changed")) {
            safetyAbort = new SafetyAbort(SafetyAbort.Kind.ALL_FILES_CHANGED, null, null, null, null);
        }
    }

    private void addError(String msg) {
        String m = msg.strip();
        if (m.isEmpty() || errors.contains(m)) {
            return;
        }
        if (errors.size() < MAX_ERRORS) {
            errors.add(m);
        } else if (overflowHashes.size() >= MAX_OVERFLOW_HASHES || overflowHashes.add(m.hashCode())) {
            moreErrors++;
        }
    }

    // ---- stats

    private void publish(StatsSnapshot s) {
        lastStats = s;
        Consumer<StatsSnapshot> l = statsListener;
        if (l != null) {
            l.accept(s);
        }
    }

    /** After {@code Transferred:}: either {@code 132 B / 132 B, 100%, ...} or {@code 4 / 4, 100%}. */
    private void parseTransferred(String rest) {
        int slash = rest.indexOf(" / ");
        if (slash < 0) {
            return;
        }
        String left = rest.substring(0, slash).trim();
        int comma = rest.indexOf(',', slash);
        String right = (comma < 0 ? rest.substring(slash + 3) : rest.substring(slash + 3, comma)).trim();
        if (left.isEmpty()) {
            return;
        }
        char lastLeft = left.charAt(left.length() - 1);
        if (Character.isLetter(lastLeft)) {
            long b = parseSize(left);
            if (b >= 0) {
                textBytes = b;
                tBytes = b;
                long tb = parseSize(right);
                tTotalBytes = tb >= 0 ? tb : 0;
            }
        } else {
            tTransfers = parseLongOr(left, 0);
            tTotalTransfers = parseLongOr(right, 0);
        }
    }

    /** {@code --stats-one-line}: {@code "          2 B / 2 B, 100%, 0 B/s, ETA -"}. */
    private void parseOneLineStats(String msg) {
        String t = msg.trim();
        if (t.isEmpty() || !Character.isDigit(t.charAt(0)) || !t.contains(" / ") || !t.contains("ETA")) {
            return;
        }
        int slash = t.indexOf(" / ");
        long b = parseSize(t.substring(0, slash).trim());
        if (b >= 0) {
            textBytes = b;
        }
    }

    /** {@code 132 B}, {@code 6.476 KiB}, {@code 239.219 MiB}, older {@code 1.500k} / {@code 12 kBytes}; -1 if not a size. */
    static long parseSize(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            return -1;
        }
        double value;
        try {
            value = Double.parseDouble(s.substring(0, i));
        } catch (NumberFormatException e) {
            return -1;
        }
        String unit = s.substring(i).trim();
        long mult;
        if (unit.isEmpty() || unit.equals("B") || unit.equals("Byte") || unit.equals("Bytes")) {
            mult = 1;
        } else {
            char u = Character.toUpperCase(unit.charAt(0));
            String tail = unit.substring(1);
            if (!(tail.isEmpty() || tail.equals("i") || tail.equals("B") || tail.equals("iB")
                    || tail.equals("Bytes") || tail.equals("iBytes"))) {
                return -1;
            }
            switch (u) {
                case 'K':
                    mult = 1L << 10;
                    break;
                case 'M':
                    mult = 1L << 20;
                    break;
                case 'G':
                    mult = 1L << 30;
                    break;
                case 'T':
                    mult = 1L << 40;
                    break;
                case 'P':
                    mult = 1L << 50;
                    break;
                case 'E':
                    mult = 1L << 60;
                    break;
                default:
                    return -1;
            }
        }
        return Math.round(value * mult);
    }

    /** Go duration as rclone prints elapsed time: {@code 0.0s}, {@code 1m2.5s}, {@code 1h2m3.0s}, {@code 1d2h...}. */
    static double parseDuration(String s) {
        Matcher m = DURATION_PART.matcher(s);
        double total = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "d":
                    total += v * 86400;
                    break;
                case "h":
                    total += v * 3600;
                    break;
                case "m":
                    total += v * 60;
                    break;
                case "s":
                    total += v;
                    break;
                case "ms":
                    total += v / 1e3;
                    break;
                case "us":
                case "µs":
                    total += v / 1e6;
                    break;
                default:
                    total += v / 1e9;
            }
        }
        return total;
    }

    private static long leadingLong(String s, int from) {
        int i = from;
        int n = s.length();
        while (i < n && !Character.isDigit(s.charAt(i))) {
            i++;
        }
        long v = 0;
        boolean any = false;
        while (i < n && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
            any = true;
        }
        return any ? v : 0;
    }

    private static long parseLongOr(String s, long dflt) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    // =====================================================================================================
    // Result
    // =====================================================================================================

    /** Builds the outcome of the run; call once all lines have been fed. */
    public BisyncOutcome finish(int exitCode) {
        Changes to1;
        Changes to2;
        if (resultSeen) {
            countSource = CountSource.RESULT_LINES;
            to1 = new Changes(resCreated[1] + dryRunConflictCopies[1], resUpdated[1], resDeleted[1]);
            to2 = new Changes(resCreated[2] + dryRunConflictCopies[2], resUpdated[2], resDeleted[2]);
        } else if (reachedListings && !interrupted && safetyAbort == null
                && planCreated[1] + planUpdated[1] + planDeleted[1] + planCreated[2] + planUpdated[2]
                        + planDeleted[2] > 0) {
            countSource = CountSource.PLAN;
            to1 = planned(1);
            to2 = planned(2);
        } else {
            countSource = CountSource.NONE;
            to1 = Changes.NONE;
            to2 = Changes.NONE;
        }
        List<ConflictEvent> cs = new ArrayList<>(conflicts.size());
        for (ConflictBuilder c : conflicts.values()) {
            // "New or changed in both paths" without a copy is no conflict: the files were equal (1.66+ "Files are
            // equal! Skipping", "... will copy anyway to update modtime", "... to fix case"), a directory, or the
            // run stopped before the renames. Only a loser deleted by --conflict-loser delete leaves no copy.
            if (!c.files.isEmpty() || c.loserDeleted) {
                cs.add(new ConflictEvent(c.path, c.files, c.winner));
            }
        }
        List<String> errs = new ArrayList<>(errors);
        if (moreErrors > 0) {
            errs.add("... and " + moreErrors + " more errors");
        }
        long bytes = jsonStatsSeen ? jsonBytes : textBytes;
        return new BisyncOutcome(exitCode, to1, to2,
                new SideDeltas(added[1], modified[1], deletedDelta[1], deletedCopyDelta[1]),
                new SideDeltas(added[2], modified[2], deletedDelta[2], deletedCopyDelta[2]),
                cs, bytes, errs, successful, noChanges, mustResync, interrupted, dryRun, safetyAbort,
                priorLockFile, rcloneNotice, List.copyOf(invalidUtf8Names));
    }

    private Changes planned(int side) {
        if (nothingToTransfer[side]) {
            return new Changes(0, 0, planDeleted[side]);
        }
        return new Changes(planCreated[side], planUpdated[side], planDeleted[side]);
    }

    // =====================================================================================================
    // Helpers
    // =====================================================================================================

    private final class ConflictBuilder {
        final String path;
        final List<String> files = new ArrayList<>(2);
        String winner;
        boolean loserDeleted;

        ConflictBuilder(String path) {
            this.path = path;
        }

        void addFile(String f) {
            if (!files.contains(f)) {
                files.add(f);
                conflictFiles.add(f);
            }
        }
    }

    /**
     * {@code - TAG      action text            - subject}: tag and action, and where the subject lies in msg (a
     * substring only when asked for: the frequent lines read their subject in place). The message is
     * {@code msg[.., end)}: the whole text message, or the {@code msg} field inside a JSON line.
     */
    record Indent(String tag, String action, String msg, int subjectStart, int end) {

        /** The indent line msg, which starts with {@code "- "}; null if it is not one. */
        static Indent parse(String msg) {
            return parse(msg, 0, msg.length());
        }

        /** The indent line {@code s[from, to)}, which starts with {@code "- "}; null if it is not one. */
        static Indent parse(String s, int from, int to) {
            int i = from + 2;
            String tag;
            if (i < to && s.charAt(i) != ' ') {
                int sp = s.indexOf(' ', i);
                if (sp < 0 || sp >= to) {
                    return null;
                }
                if (s.charAt(i) == '!') {
                    i++;
                }
                tag = tag(s, i, sp);
                i = sp;
            } else {
                tag = "";
            }
            while (i < to && s.charAt(i) == ' ') {
                i++;
            }
            int sep = s.indexOf(" - ", i);
            if (sep < 0 || sep + 3 > to || sep == i) {
                return null;
            }
            int end = sep;
            while (end > i && s.charAt(end - 1) == ' ') { // the padding
                end--;
            }
            String action = s.substring(i, end);
            if (Character.isWhitespace(s.charAt(i)) || Character.isWhitespace(s.charAt(end - 1))) {
                action = action.strip(); // a tab or other space rclone does not print: as before
            }
            int at = sep + 3;
            if ((to - at >= 2 && s.charAt(at) == '"' && s.charAt(to - 1) == '"') || RcloneNames.encoded(s, at, to)) {
                // a Go-quoted path ("back\\slash.md") or one in rclone's encoding (new␊line.md): the name on disk
                String line = s.substring(from, at) + RcloneNames.real(s.substring(at, to));
                return new Indent(tag, action, line, at - from, line.length());
            }
            return new Indent(tag, action, s, at, to);
        }

        private static final String[] TAGS = {"Path1", "Path2", "WARNING"};

        /** The tags rclone prints, without allocating them again for every line. */
        private static String tag(String msg, int from, int to) {
            for (String known : TAGS) {
                if (to - from == known.length() && msg.startsWith(known, from)) {
                    return known;
                }
            }
            return msg.substring(from, to);
        }

        String subject() {
            return msg.substring(subjectStart, end);
        }

        String render() {
            return (tag.isEmpty() ? "" : tag + " ") + action + " - " + subject();
        }
    }
}
