package com.basicmemory.bm.docs;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.basicmemory.bm.cli.BmCommand;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.cloud.CheckReport;
import com.basicmemory.bm.cloud.RestoreResult;
import com.basicmemory.bm.cloud.VersionList;
import com.basicmemory.bm.conflicts.ConflictEntry;
import com.basicmemory.bm.conflicts.Resolution;
import com.basicmemory.bm.git.GitSnapshotService;
import com.basicmemory.bm.history.HistoryPrune;
import com.basicmemory.bm.history.HistoryRebuild;
import com.basicmemory.bm.projects.ProjectInfo;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.stats.Stats;
import com.basicmemory.bm.util.Json;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Generates docs/reference.md from bm itself, so that the reference cannot drift from the program: every command of
 * the picocli model (descriptions, synopsis, options, positional parameters, defaults), the exit codes of
 * {@link ExitCode}, and the fields of every JSON output, read from the records Jackson serialises. The model is built
 * without Quarkus: picocli only instantiates the command classes (their injected services stay null).
 *
 * <p>{@code ReferenceDocTest} compares the file with this output; run it with {@code -Dbm.docs.update=true} to
 * rewrite the file ({@link #UPDATE_COMMAND}). The output depends on nothing but the code: no dates, no paths.
 */
public final class ReferenceDoc {
    public static final Path FILE = Path.of("docs", "reference.md");
    public static final String UPDATE_COMMAND = "./mvnw -B -q test -Dtest=ReferenceDocTest -Dbm.docs.update=true";

    /** What each exit code means; a new code in {@link ExitCode} without a line here fails the generator. */
    static final Map<String, String> EXIT_MEANINGS = Map.of(
            "OK", "done (a sync that left conflicts is still 0; its report says so)",
            "FAILED", "failed: rclone or I/O error, or interrupted; retrying may help",
            "BAD_INPUT", "bad input or usage: unknown option, bad value, unknown project, refused sync directory,"
                    + " unusable config, missing or too old rclone",
            "LOCK_BUSY", "another sync (or a resolution, a rebuild, a prune) holds the lock on this device",
            "NEEDS_RESYNC", "sync state needs `--resync`: state diverged (an interrupted run, another device's run)"
                    + " or a first run found files that differ on both sides; the message names the next step",
            "SAFETY_ABORT", "safety abort: too many deletes for the profile's `--max-delete`, or rclone's"
                    + " \"all files were changed\" check, beyond what the profile allows");

    /** The guide page of each command (by qualified name, without "bm "); the link checker keeps them valid. */
    static final Map<String, String> GUIDE = Map.ofEntries(
            Map.entry("bm", "README.md"),
            Map.entry("sync", "sync.md"),
            Map.entry("sync history", "history.md"),
            Map.entry("sync history show", "history.md#bm-sync-history-show-id"),
            Map.entry("stats", "stats.md"),
            Map.entry("project", "projects.md"),
            Map.entry("conflicts", "conflicts.md"),
            Map.entry("conflicts list", "conflicts.md#bm-conflicts-list---project-p---json"),
            Map.entry("conflicts resolve", "conflicts.md#bm-conflicts-resolve-file----all---project-p---keep-localcloudboth---wait-d---json"),
            Map.entry("cloud", "sync.md#setting-up-bm-cloud-setup"),
            Map.entry("cloud setup", "sync.md#setting-up-bm-cloud-setup"),
            Map.entry("cloud check", "projects.md#bm-cloud-check---project-p---one-way---json"),
            Map.entry("cloud versions", "recovery.md#bm-cloud-versions-path"),
            Map.entry("cloud restore", "recovery.md#bm-cloud-restore-path---version-id-id----timestamp-time"),
            Map.entry("git", "git.md"),
            Map.entry("git snapshot", "git.md#bm-git-snapshot"));

    /** A JSON output: the commands that print it, its shape, and the page that says what each field means. */
    record JsonOutput(String title, String printedBy, Class<?> type, boolean array, String guide) {
    }

    static final List<JsonOutput> OUTPUTS = List.of(
            new JsonOutput("The sync report", "`bm sync --report` (with `--watch`: one compact object per line), "
                    + "`bm sync history show ID --json`, each file in `BM_HOME/sync-history/`", SyncReport.class,
                    false, "report.md#fields"),
            new JsonOutput("Sync history", "`bm sync history --json` (newest first)",
                    SyncReport.class, true, "history.md"),
            new JsonOutput("History rebuild", "`bm sync history --rebuild --json`", HistoryRebuild.Result.class, false,
                    "history.md#--rebuild"),
            new JsonOutput("History prune", "`bm sync history --prune AGE --json`", HistoryPrune.Result.class, false,
                    "history.md#--prune-age"),
            new JsonOutput("Stats", "`bm stats --json`", Stats.class, false, "stats.md#definitions"),
            new JsonOutput("Conflicts", "`bm conflicts list --json`", ConflictEntry.class, true,
                    "conflicts.md#json---json"),
            new JsonOutput("Resolutions", "`bm conflicts resolve ... --keep X --json`", Resolution.class, true,
                    "conflicts.md#json---keep----json"),
            new JsonOutput("Projects", "`bm project list --json`", ProjectInfo.class, true,
                    "projects.md#bm-project-list---json"),
            new JsonOutput("Cloud check", "`bm cloud check --json`", CheckReport.class, false,
                    "projects.md#bm-cloud-check---project-p---one-way---json"),
            new JsonOutput("Versions", "`bm cloud versions PATH --json`", VersionList.class, false,
                    "recovery.md#--json"),
            new JsonOutput("Restore", "`bm cloud restore PATH ... --json`", RestoreResult.class, false,
                    "recovery.md#bm-cloud-restore-path---version-id-id----timestamp-time"),
            new JsonOutput("Git snapshot", "`bm git snapshot --json`", GitSnapshotService.Result.class, false,
                    "git.md#bm-git-snapshot"));

    private static final ObjectMapper MAPPER = Json.mapper();

    private ReferenceDoc() {
    }

    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : FILE;
        Files.writeString(out, render(), StandardCharsets.UTF_8);
        System.err.println("wrote " + out);
    }

    /** The picocli model of bm, built without Quarkus. */
    public static CommandLine model() {
        return new CommandLine(new BmCommand(), CommandLine.defaultFactory());
    }

    /** Every command, depth first in declaration order (the root first). */
    public static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(CommandLine c, List<CommandLine> out) {
        if (c.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        out.add(c);
        for (CommandLine sub : new LinkedHashMap<>(c.getSubcommands()).values().stream().distinct().toList()) {
            walk(sub, out);
        }
    }

    public static String render() {
        CommandLine root = model();
        List<CommandLine> commands = commands(root);
        StringBuilder md = new StringBuilder();
        md.append("# Command reference\n\n");
        md.append("<!-- Generated from bm's code by ReferenceDoc (src/test/java/com/basicmemory/bm/docs): do not edit.\n");
        md.append("     ReferenceDocTest fails when this file differs from the code; to regenerate:\n");
        md.append("     ").append(UPDATE_COMMAND).append(" -->\n\n");
        md.append("Every command and option of `bm`, generated from its own command definitions, so that it says what"
                + " `bm --help`\nsays; every exit code; the fields of every JSON output. How to use them: the topic"
                + " pages of [the guide](README.md).\nWhat each error message means: [troubleshooting.md]"
                + "(troubleshooting.md).\n\n");

        md.append("## Commands\n\n| command | what it does |\n| --- | --- |\n");
        for (CommandLine c : commands) {
            md.append("| [`").append(name(c)).append("`](#").append(MarkdownDoc.slug("`" + name(c) + "`")).append(") | ")
                    .append(cell(summary(c))).append(" |\n");
        }
        md.append("\n## Global options\n\nEvery command takes these (`bm -q sync` and `bm sync -q` are the same):\n\n");
        List<OptionSpec> global = root.getCommandSpec().options().stream()
                .filter(o -> !o.hidden()).toList();
        optionTable(md, global);

        for (CommandLine c : commands) {
            md.append("\n## `").append(name(c)).append("`\n\n");
            CommandSpec spec = c.getCommandSpec();
            if (spec.usageMessage().header().length > 0) {
                md.append(text(spec.usageMessage().header())).append("\n");
            }
            md.append(text(spec.usageMessage().description())).append("\n\n");
            CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            md.append("```text\n").append(help.synopsis(0).stripTrailing()).append("\n```\n\n");
            List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
            if (!params.isEmpty()) {
                md.append("| parameter | meaning |\n| --- | --- |\n");
                for (PositionalParamSpec p : params) {
                    md.append("| `").append(cell(paramLabel(p))).append("` | ").append(cell(description(p)))
                            .append(" |\n");
                }
                md.append('\n');
            }
            if (c != root) {
                List<OptionSpec> own = spec.options().stream()
                        .filter(o -> !o.hidden() && !o.inherited() && !o.usageHelp() && !o.versionHelp()).toList();
                if (!own.isEmpty()) {
                    optionTable(md, own);
                    md.append('\n');
                }
            }
            if (!c.getSubcommands().isEmpty()) {
                md.append("Commands: ").append(c.getSubcommands().values().stream().distinct()
                        .filter(s -> !s.getCommandSpec().usageMessage().hidden())
                        .map(s -> "[`" + s.getCommandName() + "`](#" + MarkdownDoc.slug("`" + name(s) + "`") + ")")
                        .collect(Collectors.joining(", "))).append(".\n\n");
            }
            List<String> also = new ArrayList<>();
            if (c != root) {
                also.add("the [global options](#global-options)");
            }
            spec.options().stream().filter(o -> o.usageHelp() || o.versionHelp())
                    .forEach(o -> also.add("`" + String.join("`/`", o.names()) + "`"));
            md.append("Also ").append(also.size() < 2 ? String.join("", also) : String.join(", ",
                    also.subList(0, also.size() - 1)) + " and " + also.get(also.size() - 1)).append('.');
            String guide = GUIDE.get(key(c));
            if (guide != null) {
                md.append(" Guide: [").append(guide.replaceAll("#.*", "")).append("](").append(guide).append(").");
            }
            md.append('\n');
        }

        md.append("\n## Exit codes\n\nEvery command exits with one of these (CONTRACT.md). What to do for each:"
                + " [report.md](report.md#exit-codes); each message: [troubleshooting.md](troubleshooting.md).\n\n");
        md.append("| code | meaning |\n| --- | --- |\n");
        for (Map.Entry<Integer, String> e : exitCodes().entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(cell(e.getValue())).append(" |\n");
        }

        md.append("\n## JSON outputs\n\nAll JSON goes to stdout (and nothing else does), fields in snake_case. Types"
                + " as Java declares them: `integer or null` for a number that may be missing; any string or object"
                + " may be null where its page says so. What each field means: the page linked under each output.\n");
        Map<Class<?>, String> rendered = new LinkedHashMap<>();
        for (JsonOutput o : OUTPUTS) {
            md.append("\n### ").append(o.title()).append("\n\n");
            md.append("Printed by ").append(o.printedBy()).append(": ");
            String seen = rendered.get(o.type());
            if (seen != null) {
                md.append(o.array() ? "a JSON array of " : "one ").append("objects with the fields of ").append(seen)
                        .append(". Meaning of each field: [").append(o.guide().replaceAll("#.*", "")).append("](")
                        .append(o.guide()).append(").\n");
                continue;
            }
            md.append(o.array() ? "a JSON array of objects" : "one JSON object")
                    .append(". Meaning of each field: [").append(o.guide().replaceAll("#.*", "")).append("](")
                    .append(o.guide()).append(").\n\n");
            rendered.put(o.type(), "[" + o.title().toLowerCase(java.util.Locale.ROOT) + "](#"
                    + MarkdownDoc.slug(o.title()) + ")");
            fieldTables(md, o.array() ? "[]" : "", o.type(), new LinkedHashMap<>());
        }

        md.append("\n## Files and environment\n\n");
        md.append("- Every file `bm` writes under `BM_HOME`, and the one folder it keeps in the cloud:"
                + " [files.md](files.md).\n");
        md.append("- Environment variables (`BM_HOME`, `BM_RCLONE`, `BM_STOP_GRACE_SECONDS`, ...):"
                + " [sync.md](sync.md#environment).\n");
        md.append("- The contract (what scripts may rely on): the fields marked **C** in [report.md](report.md) and"
                + " [stats.md](stats.md), the exit codes above, the commands' JSON outputs.\n");
        return md.toString();
    }

    /** The exit codes declared in {@link ExitCode}, with their meanings. */
    static Map<Integer, String> exitCodes() {
        Map<Integer, String> out = new java.util.TreeMap<>();
        for (Field f : ExitCode.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
                continue;
            }
            String meaning = EXIT_MEANINGS.get(f.getName());
            if (meaning == null) {
                throw new IllegalStateException("ExitCode." + f.getName() + " has no meaning in ReferenceDoc.EXIT_MEANINGS");
            }
            try {
                out.put(f.getInt(null), meaning);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static String name(CommandLine c) {
        return c.getCommandSpec().qualifiedName(" ");
    }

    static String key(CommandLine c) {
        String n = name(c);
        return n.equals("bm") ? "bm" : n.substring(3);
    }

    /** The first line of the description: what the parent's command list shows. */
    static String summary(CommandLine c) {
        String[] header = c.getCommandSpec().usageMessage().header();
        String[] d = header.length > 0 ? header : c.getCommandSpec().usageMessage().description();
        return d.length == 0 ? "" : text(new String[] {d[0]});
    }

    /** Description lines as picocli prints them: its {@code %n} is a line break, {@code %%} a percent sign. */
    static String text(String[] lines) {
        return String.join("\n", lines).replace("%n", "\n").replace("%%", "%").strip();
    }

    /** Options sorted like picocli's help (by long name, without dashes): reflection gives methods in no fixed order. */
    private static void optionTable(StringBuilder md, List<OptionSpec> unsorted) {
        List<OptionSpec> options = unsorted.stream().sorted(java.util.Comparator.comparing(
                (OptionSpec o) -> o.longestName().replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT))).toList();
        boolean defaults = options.stream().anyMatch(o -> o.defaultValue() != null);
        md.append(defaults ? "| option | meaning | default |\n| --- | --- | --- |\n" : "| option | meaning |\n| --- | --- |\n");
        for (OptionSpec o : options) {
            md.append("| `").append(cell(optionLabel(o))).append("` | ").append(cell(description(o)));
            if (defaults) {
                md.append(" | ").append(o.defaultValue() == null ? "" : "`" + cell(o.defaultValue()) + "`");
            }
            md.append(" |\n");
        }
    }

    static String optionLabel(OptionSpec o) {
        String names = String.join(", ", o.names());
        if (o.typeInfo().isBoolean() && o.arity().max() == 0) {
            return names;
        }
        String label = o.paramLabel();
        String value = o.arity().min() == 0 ? "[=" + label + "]" : "=" + label;
        return names + value;
    }

    static String paramLabel(PositionalParamSpec p) {
        String label = p.paramLabel() + (p.isMultiValue() ? "..." : "");
        return p.arity().min() == 0 ? "[" + label + "]" : label;
    }

    static String description(ArgSpec a) {
        return text(a.description()).replace("\n", " ");
    }

    static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** The field tables of a JSON object type: its own fields, then one table per nested object type. */
    private static void fieldTables(StringBuilder md, String path, Class<?> type, Map<Class<?>, String> done) {
        if (!path.isEmpty() && !path.equals("[]")) {
            md.append("`").append(path).append("`");
        } else if (path.equals("[]")) {
            md.append("Each element");
        }
        String earlier = done.get(type);
        if (earlier != null) {
            md.append(": the fields of `").append(earlier).append("`.\n\n");
            return;
        }
        done.put(type, path);
        if (!path.isEmpty()) {
            md.append(":\n\n");
        }
        List<Map.Entry<String, JavaType>> nested = new ArrayList<>();
        md.append("| field | type |\n| --- | --- |\n");
        for (BeanPropertyDefinition p : properties(MAPPER.constructType(type))) {
            JavaType t = p.getPrimaryType();
            md.append("| `").append(p.getName()).append("` | ").append(cell(typeName(t))).append(" |\n");
            JavaType element = t.isContainerType() ? t.getContentType() : t;
            if (isObject(element) && !inline(element)) {
                String suffix = t.isCollectionLikeType() || t.isArrayType() ? "[]" : t.isMapLikeType() ? ".*" : "";
                nested.add(Map.entry(p.getName() + suffix, element));
            }
        }
        md.append('\n');
        for (Map.Entry<String, JavaType> n : nested) {
            String prefix = path.isEmpty() ? "" : path + ".";
            fieldTables(md, prefix + n.getKey(), n.getValue().getRawClass(), done);
        }
    }

    /** Jackson's view of a type's JSON properties, in output order. */
    static List<BeanPropertyDefinition> properties(JavaType type) {
        BeanDescription d = MAPPER.getSerializationConfig().introspect(type);
        return d.findProperties();
    }

    /** Every field name of a JSON output, nested ones included. */
    static List<String> fieldNames(Class<?> type) {
        List<String> out = new ArrayList<>();
        collect(MAPPER.constructType(type), out, new java.util.HashSet<>());
        return out;
    }

    private static void collect(JavaType type, List<String> out, java.util.Set<Class<?>> seen) {
        if (!seen.add(type.getRawClass())) {
            return;
        }
        for (BeanPropertyDefinition p : properties(type)) {
            out.add(p.getName());
            JavaType t = p.getPrimaryType();
            JavaType element = t.isContainerType() ? t.getContentType() : t;
            if (isObject(element)) {
                collect(element, out, seen);
            }
        }
    }

    static boolean isObject(JavaType t) {
        Class<?> c = t.getRawClass();
        return c.isRecord();
    }

    /** Small records of scalars (and lists of scalars) are written inline: {@code {created: integer, ...}}. */
    static boolean inline(JavaType t) {
        List<BeanPropertyDefinition> props = properties(t);
        return props.size() <= 4 && props.stream().map(BeanPropertyDefinition::getPrimaryType).noneMatch(p ->
                isObject(p) || p.isMapLikeType() || (p.isContainerType() && isObject(p.getContentType())));
    }

    static String typeName(JavaType t) {
        Class<?> c = t.getRawClass();
        if (t.isCollectionLikeType() || t.isArrayType()) {
            return "array of " + plural(typeName(t.getContentType()));
        }
        if (t.isMapLikeType()) {
            return "object: " + typeName(t.getKeyType()) + " to " + typeName(t.getContentType()).replace(" or null", "");
        }
        if (c.isRecord()) {
            if (inline(t)) {
                return "object `{" + properties(t).stream().map(p -> p.getName() + ": " + typeName(p.getPrimaryType()))
                        .collect(Collectors.joining(", ")) + "}`";
            }
            return "object";
        }
        if (c.isEnum()) {
            return "string: " + enumValues(c);
        }
        if (c == String.class || CharSequence.class.isAssignableFrom(c) || java.time.temporal.Temporal.class
                .isAssignableFrom(c)) {
            return "string";
        }
        if (c == boolean.class) {
            return "boolean";
        }
        if (c == Boolean.class) {
            return "boolean or null";
        }
        if (c == int.class || c == long.class || c == short.class) {
            return "integer";
        }
        if (c == Integer.class || c == Long.class || c == Short.class) {
            return "integer or null";
        }
        if (c == double.class || c == float.class) {
            return "number";
        }
        if (c == Double.class || c == Float.class) {
            return "number or null";
        }
        return "any";
    }

    private static String plural(String type) {
        return type.startsWith("object") ? "objects" + type.substring(6) : type.startsWith("string") ? "strings"
                + type.substring(6) : type.startsWith("integer") ? "integers" + type.substring(7) : type;
    }

    private static String enumValues(Class<?> c) {
        List<String> values = new ArrayList<>();
        for (Object constant : c.getEnumConstants()) {
            try {
                values.add("`" + MAPPER.writeValueAsString(constant).replace("\"", "") + "`");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(", ", values);
    }

    /** Every command's qualified name. */
    static Collection<String> commandNames() {
        return commands(model()).stream().map(ReferenceDoc::name).toList();
    }
}
