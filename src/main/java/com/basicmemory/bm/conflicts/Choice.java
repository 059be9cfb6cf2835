package com.basicmemory.bm.conflicts;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a conflict was settled. {@code merge} only interactively (a person edits the merged text). */
public enum Choice {
    LOCAL("local"),
    CLOUD("cloud"),
    BOTH("both"),
    MERGE("merge");

    private final String id;

    Choice(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** {@code --keep}: local, cloud or both, in any case; one clear line otherwise. */
    public static final class KeepConverter implements picocli.CommandLine.ITypeConverter<Choice> {
        @Override
        public Choice convert(String value) {
            String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
            return switch (v) {
                case "local" -> LOCAL;
                case "cloud" -> CLOUD;
                case "both" -> BOTH;
                case "merge" -> throw new picocli.CommandLine.TypeConversionException(
                        "merge needs a person to edit the text: run without --keep");
                default -> throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not local, cloud or both");
            };
        }
    }
}
