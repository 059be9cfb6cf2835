package com.basicmemory.bm.conflicts;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.cli.GlobalOptions;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.util.Json;

/**
 * {@code bm conflicts resolve}: one conflict ({@code FILE}) or all ({@code --all}), settled with {@code --keep} or
 * interactively. With {@code --keep} the input is checked first (bad input never waits for the lock), then the
 * device lock is held from reading the conflicts again to settling them; interactively the lock is taken only to
 * settle each answer (a person may take minutes; a sync must not wait for them), after checking that the versions
 * are still the ones shown.
 */
public final class ConflictResolveService {
    private final BmHome home;
    private final ConflictFinder finder;
    private final ConflictResolutionRepository repository;
    private final Clock clock;

    public ConflictResolveService(BmHome home, ConflictFinder finder, ConflictResolutionRepository repository,
            Clock clock) {
        this.home = home;
        this.finder = finder;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * What to resolve and how.
     *
     * @param file the conflicted file (original or copy), or null with {@code all}
     * @param all every conflict (of {@code project} when given)
     * @param project with {@code all}: only this project
     * @param keep the choice for every conflict, or null to ask
     * @param waitSpec how long to wait for a running sync ({@code --wait})
     * @param json print the resolutions as a JSON array
     * @param command this command line, written into the lock file
     */
    public record Request(String file, boolean all, String project, Choice keep, String waitSpec, boolean json,
            String command) {
    }

    /** The streams of the conversation. */
    public record Io(BufferedReader in, PrintWriter out, PrintWriter err, boolean color, boolean echo,
            ConflictPrompt.Editor editor) {
    }

    /** Returns the exit code. */
    public int run(Request req, Io io) {
        if (req.all() == (req.file() != null)) {
            throw BmException.badInput(req.all() ? "give either FILE or --all, not both"
                    : "name the conflicted file (FILE), or use --all");
        }
        if (req.project() != null && !req.all()) {
            throw BmException.badInput("--project goes with --all");
        }
        if (req.keep() == Choice.MERGE) {
            throw BmException.badInput("--keep merge needs a person to edit the text: run without --keep");
        }
        if (req.json() && req.keep() == null) {
            throw BmException.badInput("--json needs --keep (the interactive mode talks on stdout)");
        }
        Duration wait = ConflictResolver.parseWait(req.waitSpec());
        ConflictLocation loc = finder.locate();
        ConflictResolver resolver = new ConflictResolver(home, repository, clock, loc, io.err());
        List<Resolution> done = new ArrayList<>();
        int refused = 0;
        int failed = 0;
        int found;
        if (req.keep() != null) {
            // bad input is told at once, before any wait for the lock; then read again under the lock
            if (!req.all()) {
                finder.find(loc, req.file());
            } else if (req.project() != null) {
                finder.scan(loc, req.project());
            }
            try (DeviceLock lock = resolver.lock(wait, req.command())) {
                List<ConflictGroup> groups = req.all() ? finder.scan(loc, req.project())
                        : List.of(finder.find(loc, req.file()));
                found = groups.size();
                for (ConflictGroup g : groups) {
                    if (req.all()) {
                        try {
                            ConflictResolver.pair(g, req.keep());
                        } catch (BmException e) {
                            io.err().println("bm: skipped " + e.getMessage());
                            refused++;
                            continue;
                        }
                    }
                    Resolution r;
                    try {
                        r = resolver.apply(g, req.keep(), null, false);
                    } catch (BmException e) {
                        if (!req.all() || e.exitCode() == ExitCode.LOCK_BUSY) {
                            throw e;
                        }
                        // one conflict that cannot be settled (a name too long, a file changed) leaves the rest
                        io.err().println("bm: " + e.getMessage());
                        failed++;
                        continue;
                    }
                    done.add(r);
                    if (!req.json()) {
                        print(r, io.out());
                    }
                }
            }
        } else {
            List<ConflictGroup> groups = req.all() ? finder.scan(loc, req.project())
                    : List.of(finder.find(loc, req.file()));
            found = groups.size();
            ConflictPrompt prompt = new ConflictPrompt(io.in(), io.out(), io.color(), home, clock.getZone(),
                    io.editor(), io.echo());
            for (int i = 0; i < groups.size(); i++) {
                ConflictGroup g = groups.get(i);
                ConflictResolver.Pair pair;
                try {
                    pair = ConflictResolver.pairOf(g);
                } catch (BmException e) {
                    if (!req.all()) {
                        throw e;
                    }
                    io.err().println("bm: skipped " + e.getMessage());
                    refused++;
                    continue;
                }
                ConflictPrompt.Answer a = prompt.ask(loc.syncDir(), g, pair, req.all() && i < groups.size() - 1);
                if (a instanceof ConflictPrompt.Quit) {
                    break;
                }
                if (a instanceof ConflictPrompt.Skip) {
                    io.out().println("skipped " + g.path());
                    io.out().flush();
                    continue;
                }
                ConflictPrompt.Keep k = (ConflictPrompt.Keep) a;
                try (DeviceLock lock = resolver.lock(wait, req.command())) {
                    Resolution r = resolver.apply(g, k.choice(), k.merged(), true);
                    done.add(r);
                    print(r, io.out());
                }
            }
        }
        if (req.json()) {
            io.out().println(Json.pretty(done));
        }
        io.out().flush();
        if (found == 0) {
            io.err().println("bm: no conflicts" + (req.project() != null ? " in " + req.project() : ""));
        }
        if (!done.isEmpty() && !GlobalOptions.quiet()) {
            io.err().println("bm: run `bm sync` to send the result to the cloud (and from there to your other devices)");
        }
        io.err().flush();
        if (failed > 0) {
            throw BmException.failed(failed + (failed == 1 ? " conflict could not be settled and was left as it is"
                    : " conflicts could not be settled and were left as they are") + " (see above); every other one was");
        }
        if (refused > 0) {
            throw BmException.badInput(refused + (refused == 1 ? " conflict was" : " conflicts were")
                    + " left as they are (see above)");
        }
        return 0;
    }

    static void print(Resolution r, PrintWriter out) {
        String what = switch (r.choice()) {
            case LOCAL -> "kept the local version (" + r.keptFrom() + ")";
            case CLOUD -> "kept the cloud version (" + r.keptFrom() + ")";
            case BOTH -> "kept both: the cloud version as " + r.path() + ", the local version as " + r.otherFile();
            case MERGE -> "kept your merge";
        };
        out.println("resolved " + r.path() + ": " + what + "; every version is backed up in " + r.backupDir());
        out.flush();
    }
}
