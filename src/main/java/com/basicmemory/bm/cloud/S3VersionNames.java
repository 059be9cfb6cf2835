package com.basicmemory.bm.cloud;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How rclone's {@code --s3-versions} names old object versions, and what bm calls a version id.
 *
 * <p>rclone (lib/version) shows an old version of {@code notes/plan.md} as {@code notes/plan-v2026-11-25-114713-117.md}:
 * the time the bucket stored that version (its S3 {@code LastModified}, UTC, milliseconds) inserted before the
 * extension; a name that starts with a dot and has no other ({@code .env}) gets it at the end. rclone up to at least
 * 1.60 exposes no S3 {@code VersionId}, so bm's version id is that token, {@code v2026-11-25-114713-117}: rclone
 * accepts it back (as the versioned name), and it is also what rclone's {@code --s3-version-at} works with. The
 * current object gets the token of its own {@code LastModified}. Two versions stored within the same millisecond
 * (the same second, on providers that round {@code LastModified} to seconds) share a token; rclone cannot tell them
 * apart either.
 */
final class S3VersionNames {
    private static final DateTimeFormatter TOKEN = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss-SSS");
    private static final Pattern TOKEN_SHAPE = Pattern.compile("v?(\\d{4}-\\d{2}-\\d{2}-\\d{6}-\\d{3})");

    private S3VersionNames() {
    }

    /** Go's {@code path.Ext} split as rclone's lib/version does it: {@code [base, ext]}. */
    static String[] splitExt(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot >= 0 ? name.substring(dot) : "";
        String base = name.substring(0, name.length() - ext.length());
        if (!ext.isEmpty() && base.isEmpty()) {
            return new String[] {ext, ""};
        }
        return new String[] {base, ext};
    }

    /** The name rclone lists for the version of {@code name} stored at {@code t}. */
    static String versionedName(String name, Instant t) {
        String[] be = splitExt(name);
        return be[0] + "-" + token(t) + be[1];
    }

    /** When {@code listed} is an old version of {@code name}, the time in its name. */
    static Optional<Instant> versionTime(String listed, String name) {
        String[] be = splitExt(name);
        if (!listed.startsWith(be[0] + "-v") || !listed.endsWith(be[1])
                || listed.length() != be[0].length() + 23 + be[1].length()) {
            return Optional.empty();
        }
        String middle = listed.substring(be[0].length() + 1, listed.length() - be[1].length());
        return parseToken(middle);
    }

    /** {@code v2026-11-25-114713-117}. */
    static String token(Instant t) {
        return "v" + TOKEN.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    /** A version id as typed: {@code v2026-11-25-114713-117}, the {@code v} optional. */
    static Optional<Instant> parseToken(String id) {
        Matcher m = TOKEN_SHAPE.matcher(id == null ? "" : id.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(1), TOKEN).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A file name as a literal rclone filter pattern: glob characters and the escape character escaped. */
    static String escapeGlob(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            if ("[]*?{}\\".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
