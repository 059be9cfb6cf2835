package com.basicmemory.bm.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Copies that are checked before anything relies on them: a backup is taken, then compared with its source byte for
 * byte (size and SHA-256), and only then may the source be replaced. Also the time-stamped, owner-only folders such
 * backups live in ({@code BM_HOME/restore-backups/<UTC time>/}).
 */
public final class VerifiedCopy {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private VerifiedCopy() {
    }

    /**
     * Copies {@code from} to {@code to} (which must not exist; its folders are created) with its modification time,
     * then checks that the copy has the same size and SHA-256.
     */
    public static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.toAbsolutePath().getParent());
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(to.toString());
        }
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        if (Files.size(from) != Files.size(to) || !sha256(from).equals(sha256(to))) {
            throw new IOException("the copy " + to + " differs from " + from);
        }
    }

    /**
     * A new folder {@code base/<UTC time of at>} (then {@code -2}, {@code -3}, ... when one of that second exists),
     * owner-only, as are {@code base} and its parent when created here.
     */
    public static Path newStampedFolder(Path base, Instant at) throws IOException {
        AtomicFiles.createPrivateDirectories(base.toAbsolutePath().getParent());
        AtomicFiles.createPrivateDirectories(base);
        String stamp = STAMP.format(at);
        for (int i = 1;; i++) {
            Path p = base.resolve(i == 1 ? stamp : stamp + "-" + i);
            try {
                Files.createDirectory(p);
                AtomicFiles.ownerOnly(p);
                return p;
            } catch (FileAlreadyExistsException e) {
                // another run in the same second: take the next name
            }
        }
    }

    public static String sha256(Path p) throws IOException {
        return digest(p, "SHA-256");
    }

    /** MD5 in lower-case hex: the hash S3 reports for objects uploaded in one part. */
    public static String md5(Path p) throws IOException {
        return digest(p, "MD5");
    }

    private static String digest(Path p, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
