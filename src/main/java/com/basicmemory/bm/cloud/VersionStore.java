package com.basicmemory.bm.cloud;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Where the versions of one file are kept: the cloud bucket (S3 object versions) or the Git history. */
interface VersionStore {

    /** One version and what it takes to fetch it. */
    record Candidate(FileVersion version, Instant at, String key, String md5) {
    }

    /** {@code s3} or {@code git}, as recorded in {@code version_restores.source}. */
    String source();

    /** Where the versions are read, for people (secrets masked). */
    String location();

    /** Every version of the file, newest first; empty when there is none. */
    List<Candidate> list();

    /** The command that fetches a version, as a shell-like line (secrets masked): what {@code --dry-run} prints. */
    String fetchCommand(Candidate c);

    /** Writes the version's bytes to {@code dest} (a new file) and checks them against the listing. */
    void fetch(Candidate c, Path dest, Path workDir);
}
