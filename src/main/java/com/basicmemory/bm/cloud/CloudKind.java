package com.basicmemory.bm.cloud;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.ResolvedConfig;
import com.basicmemory.bm.rclone.Rclone;

/**
 * What kind of cloud the configuration names, as far as versions go: a local folder (the embedded cloud, a plain
 * path), an S3 remote and its bucket's versioning status, or another rclone backend (crypt, WebDAV, ...).
 *
 * @param type {@code local}, or the rclone backend type ({@code s3}, {@code crypt}, ...); {@code unknown} when rclone
 *        does not know the remote
 * @param versioning for S3: {@code Enabled}, {@code Suspended} or {@code Unversioned} (rclone's
 *        {@code backend versioning}); null otherwise
 * @param remote the cloud root, secrets masked
 */
record CloudKind(String type, String versioning, String remote) {

    static CloudKind detect(ResolvedConfig config, Supplier<Rclone> rcloneSupplier) {
        String remote = config.remote();
        if (config.embeddedCloud() || remote.startsWith("/") || !remote.contains(":")) {
            return new CloudKind("local", null, remote);
        }
        Rclone rclone = rcloneSupplier.get();
        String shown = rclone.redactor().redact(remote);
        String type;
        if (remote.startsWith(":")) {
            type = nameOf(remote.substring(1));
        } else {
            type = rclone.remoteTypes().getOrDefault(nameOf(remote), "unknown");
        }
        type = type.toLowerCase(Locale.ROOT);
        if (!type.equals("s3")) {
            return new CloudKind(type, null, shown);
        }
        Rclone.Output o = rclone.runShort(List.of("backend", "versioning", remote));
        if (o.exitCode() != 0) {
            throw BmException.failed("cannot read the versioning status of the bucket of " + shown + ": "
                    + rclone.redactor().redact(o.lastError()));
        }
        return new CloudKind(type, versioningStatus(o.stdout()), shown);
    }

    /**
     * The status {@code rclone backend versioning} printed: a bare word up to 1.67 ({@code Enabled}), a JSON string
     * from 1.68 ({@code "Enabled"}, the S3 backend on the AWS SDK v2); nothing, {@code ""} or {@code null} for a
     * bucket that never had versioning.
     */
    static String versioningStatus(List<String> stdout) {
        String s = String.join("", stdout).strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s.isEmpty() || s.equals("null") ? "Unversioned" : s;
    }

    /** {@code name} of {@code name:path} or {@code name,param=value:path}. */
    static String nameOf(String remote) {
        int end = remote.length();
        for (char c : new char[] {':', ','}) {
            int i = remote.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return remote.substring(0, end);
    }

    /** The bucket keeps old versions (also when versioning was suspended after being on). */
    boolean hasS3Versions() {
        return type.equals("s3") && ("Enabled".equalsIgnoreCase(versioning) || "Suspended".equalsIgnoreCase(versioning));
    }

    /** Why there are no object versions to read, for the one line bm prints. */
    String whyNoVersions() {
        return switch (type) {
            case "local" -> "the cloud " + remote + " is a local folder, which keeps no versions";
            case "s3" -> "the bucket of " + remote + " has no versioning (status " + versioning + ")";
            case "crypt" -> "the cloud " + remote + " is encrypted (rclone crypt): its old versions carry encrypted"
                    + " names that rclone cannot list";
            case "unknown" -> "rclone has no remote for " + remote;
            default -> "the cloud " + remote + " (rclone type " + type + ") has no object versions bm can read (only"
                    + " S3 buckets with versioning)";
        };
    }
}
