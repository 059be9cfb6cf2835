package com.basicmemory.bm.conflicts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a conflict copy's name says: the original it belongs to, which side it came from (when the name tells), and
 * the naming scheme. Pure: works on names only.
 *
 * <p>Names recognised (see docs/conflicts.md):
 * <ul>
 * <li>{@code note.md..path1} / {@code note.md..path2}: rclone up to 1.65 (and bm's own resync copy on those versions).
 * {@code path1} is the local version, {@code path2} the cloud version.</li>
 * <li>{@code note.md.conflict1}: rclone 1.66+ with {@code --conflict-loser num}, without
 * {@code --suffix-keep-extension}.</li>
 * <li>{@code note.conflict1.md}: the {@code --suffix-keep-extension} form bm passes from 1.66 (the number goes before
 * the extension, or before a chain of extensions such as {@code .tar.gz}); also bm's own resync copy.</li>
 * </ul>
 * <li>{@code note.conflict-local1.md} / {@code note.conflict-cloud1.md}: what bm passes from 1.66
 * ({@code --conflict-suffix conflict-local,conflict-cloud}): the suffix tells the side, whatever the number.</li>
 * Only the suffixes bm passes and rclone's default {@code conflict} are recognised: a note merely named
 * {@code x.apple1.md} is not a copy. With the single default suffix, rclone gives the lowest number free on both
 * sides: with no earlier copies, {@code conflict1} is the local (Path1) version and {@code conflict2} the cloud
 * (Path2) version, which is the side bm shows; higher numbers say nothing about the side.
 *
 * @param original the original file name the copy belongs to (a name, not a path)
 * @param side the side the name tells, or null when it does not
 * @param scheme the naming scheme
 * @param number 1 or 2 for {@code ..pathN}; N for {@code conflictN}
 */
public record ConflictNaming(String original, Side side, Scheme scheme, int number) {

    /** The naming schemes, with the rclone versions that produce them. */
    public enum Scheme {
        /** {@code note.md..path1}: rclone up to 1.65. */
        PATHNAME("rclone <= 1.65"),
        /** {@code note.md.conflict1}: rclone 1.66+, suffix after the whole name. */
        NUMBERED("rclone 1.66+"),
        /** {@code note.conflict1.md}: rclone 1.66+ with {@code --suffix-keep-extension} (what bm passes). */
        NUMBERED_KEEP_EXTENSION("rclone 1.66+");

        private final String versions;

        Scheme(String versions) {
            this.versions = versions;
        }

        public String versions() {
            return versions;
        }
    }

    private static final Pattern PATHNAME_FORM = Pattern.compile("(.+)\\.\\.path([12])", Pattern.DOTALL);
    /** {@code BASE.conflictN} then nothing, or a chain of extensions ({@code .md}, {@code .tar.gz}). */
    private static final Pattern NUMBERED_FORM = Pattern.compile(
            "(.*)\\.(" + ConflictNames.SUFFIX + "|" + ConflictNames.SUFFIX_LOCAL + "|" + ConflictNames.SUFFIX_CLOUD
                    + ")([1-9][0-9]{0,8})((?:\\.[^./\\s][^./]*)*)", Pattern.DOTALL);

    /** The naming of a file name, or empty when it is not a conflict copy. */
    public static Optional<ConflictNaming> parse(String fileName) {
        if (fileName == null || fileName.isEmpty() || fileName.indexOf('/') >= 0) {
            return Optional.empty();
        }
        Matcher m = PATHNAME_FORM.matcher(fileName);
        if (m.matches()) {
            int n = m.group(2).charAt(0) - '0';
            return Optional.of(new ConflictNaming(m.group(1), n == 1 ? Side.LOCAL : Side.CLOUD, Scheme.PATHNAME, n));
        }
        m = NUMBERED_FORM.matcher(fileName);
        if (m.matches()) {
            String base = m.group(1);
            String suffix = m.group(2);
            String exts = m.group(4);
            String original = base + exts;
            if (original.isEmpty() || original.equals(".") || original.equals("..")) {
                return Optional.empty();
            }
            if (base.isEmpty() && exts.isEmpty()) {
                return Optional.empty();
            }
            int n = Integer.parseInt(m.group(3));
            Side side = suffix.equals(ConflictNames.SUFFIX_LOCAL) ? Side.LOCAL
                    : suffix.equals(ConflictNames.SUFFIX_CLOUD) ? Side.CLOUD
                            : n == 1 ? Side.LOCAL : n == 2 ? Side.CLOUD : null;
            return Optional.of(new ConflictNaming(original, side, exts.isEmpty() ? Scheme.NUMBERED
                    : Scheme.NUMBERED_KEEP_EXTENSION, n));
        }
        return Optional.empty();
    }

    public static boolean isCopy(String fileName) {
        return parse(fileName).isPresent();
    }
}
