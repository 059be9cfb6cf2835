package com.basicmemory.bm.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.rclone.RcloneInvocation;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Json;
import com.basicmemory.bm.util.VerifiedCopy;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Object versions in an S3 bucket with versioning, read with rclone's own support ({@code --s3-versions}); see
 * {@link S3VersionNames} for what a version id is.
 *
 * <p>Listing: {@code rclone lsjson --s3-versions --use-server-modtime --hash} of the file's folder, filtered to
 * names starting with the file's stem (glob characters escaped); {@code --use-server-modtime} makes every entry's
 * time the bucket's {@code LastModified} without one HEAD request per object. Fetching: {@code rclone copy
 * [--s3-versions] FOLDER TMP --files-from-raw LIST} with the one versioned name in LIST, so no name is ever parsed
 * as a pattern; rclone 1.60 does not find an old version named directly as the source path in a subfolder (fixed
 * in 1.63), but finds it this way. The fetched bytes are checked against the listing's MD5 (or size).
 */
final class S3VersionStore implements VersionStore {
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(30);

    private final Rclone rclone;
    private final String folder;
    private final String name;

    /**
     * @param folder the rclone path of the file's folder in the cloud
     * @param name the file name
     */
    S3VersionStore(Rclone rclone, String folder, String name) {
        this.rclone = rclone;
        this.folder = folder;
        this.name = name;
    }

    @Override
    public String source() {
        return "s3";
    }

    @Override
    public String location() {
        return rclone.redactor().redact(folder);
    }

    @Override
    public List<Candidate> list() {
        String stem = S3VersionNames.splitExt(name)[0];
        Rclone.Output o = rclone.runShort(List.of("lsjson", "--files-only", "--s3-versions", "--use-server-modtime",
                "--hash", "--include", "/" + S3VersionNames.escapeGlob(stem) + "*", folder));
        if (o.exitCode() == 3) {
            return List.of(); // the folder does not exist in the cloud
        }
        if (o.exitCode() != 0) {
            throw BmException.failed("cannot list the versions in " + location() + ": "
                    + rclone.redactor().redact(o.lastError()));
        }
        JsonNode entries;
        try {
            entries = Json.mapper().readTree(String.join("\n", o.stdout()));
        } catch (IOException e) {
            throw BmException.failed("rclone lsjson printed something that is not JSON for " + location());
        }
        List<Candidate> out = new ArrayList<>();
        Instant newest = null;
        for (JsonNode e : entries) {
            String listed = e.path("Name").asText();
            String md5 = e.path("Hashes").path("md5").asText(null);
            long size = e.path("Size").asLong(-1);
            Instant at;
            boolean current = listed.equals(name);
            if (current) {
                at = Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(e.path("ModTime").asText()));
            } else {
                Optional<Instant> t = S3VersionNames.versionTime(listed, name);
                if (t.isEmpty()) {
                    continue; // another file that starts with the same stem
                }
                at = t.get();
            }
            at = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            if (current) {
                newest = at;
            }
            out.add(new Candidate(new FileVersion(S3VersionNames.token(at), at.toString(), size, current, null), at,
                    listed, md5 == null || md5.isEmpty() ? null : md5));
        }
        out.sort(Comparator.comparing(Candidate::at).reversed()
                .thenComparing(c -> c.version().current() ? 0 : 1));
        return List.copyOf(out);
    }

    @Override
    public String fetchCommand(Candidate c) {
        return invocation(c, Path.of("LIST"), Path.of("TMP")).display(rclone.redactor()) + "   # LIST: " + c.key();
    }

    private RcloneInvocation invocation(Candidate c, Path list, Path outDir) {
        List<String> args = new ArrayList<>(List.of("copy"));
        if (!c.version().current()) {
            args.add("--s3-versions");
        }
        args.addAll(List.of(folder, outDir.toString(), "--files-from-raw", list.toString()));
        return rclone.prepare(args);
    }

    @Override
    public void fetch(Candidate c, Path dest, Path workDir) {
        Path list = workDir.resolve("files-from");
        Path outDir = workDir.resolve("fetched");
        List<String> err = new ArrayList<>();
        try {
            AtomicFiles.write(list, c.key() + "\n");
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw BmException.failed("cannot prepare " + workDir + ": " + BmHome.describe(e) + "; nothing was changed");
        }
        var r = rclone.run(invocation(c, list, outDir), null, line -> {
            if (err.size() < 200) {
                err.add(line);
            }
        }, FETCH_TIMEOUT);
        Path fetched = outDir.resolve(c.key());
        if (r.exitCode() != 0 || !Files.isRegularFile(fetched)) {
            throw BmException.failed("cannot fetch version " + c.version().versionId() + " from " + location() + ": "
                    + rclone.redactor().redact(Rclone.lastMessage(err, r.exitCode() == 0 ? "rclone copied nothing"
                            : "rclone exited " + r.exitCode())) + "; nothing was changed");
        }
        try {
            boolean same = Files.size(fetched) == c.version().size()
                    && (c.md5() == null || c.md5().equalsIgnoreCase(VerifiedCopy.md5(fetched)));
            if (!same) {
                throw BmException.failed("the version fetched from " + location() + " is not the one listed (it"
                        + " changed in the cloud meanwhile?); nothing was changed: run the command again");
            }
            Files.move(fetched, dest);
        } catch (IOException e) {
            throw BmException.failed("cannot read the fetched version in " + workDir + ": " + BmHome.describe(e)
                    + "; nothing was changed", e);
        }
    }
}
