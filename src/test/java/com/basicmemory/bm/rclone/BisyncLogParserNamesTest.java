package com.basicmemory.bm.rclone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Hostile file names in real rclone JSON lines (1.60.1 and 1.75.2, captured by FileNamesIT's runs). */
class BisyncLogParserNamesTest {
    static final String P1 = "/s/n/";
    static final String P2 = "/c/n/";

    static String info(String msg, String object) {
        return "{\"level\":\"info\",\"msg\":\"" + msg + "\"" + (object == null ? "" : ",\"object\":\"" + object + "\"")
                + ",\"source\":\"x.go:1\"}";
    }

    static BisyncOutcome run(String... lines) {
        BisyncLogParser p = new BisyncLogParser(P1, P2);
        for (String l : lines) {
            p.accept(l);
        }
        return p.finish(0);
    }

    @Test
    void aFileWhoseNameStartsWithDashSpaceIsAResultNotAnIndentLine() {
        BisyncOutcome o = run(info("Resynching Path1 to Path2", null), info("Copied (new)", "- dash.md"),
                info("Copied (new)", "plain.md"), info("Resync updating listings", null));
        assertEquals(new Changes(2, 0, 0), o.toPath2());
    }

    @Test
    void goQuotedAndEncodedNamesAreTheNamesOnDisk() {
        assertEquals("back\\slash.md", RcloneNames.real("\"back\\\\slash.md\""));
        assertEquals("say \"hi\".md", RcloneNames.real("\"say \\\"hi\\\".md\""));
        assertEquals("caf\uFFFD.md", RcloneNames.real("\"caf\\xe9.md\""));
        assertEquals("new\nline.md", RcloneNames.decode("new\u240Aline.md"));
        assertEquals("tab\there.md", RcloneNames.decode("tab\u2409here.md"));
        assertEquals("del\u007F.md", RcloneNames.decode("del\u2421.md"));
        assertEquals("lit\u240A.md", RcloneNames.decode("lit\u201B\u240A.md"));
        assertEquals("q\u201Bx.md", RcloneNames.decode("q\u201B\u201Bx.md"));
        assertEquals("it's.md", RcloneNames.real("it's.md"));
        assertEquals("\"x\".md", RcloneNames.real("\"x\".md"), "not one quoted string: as it is");
    }

    @Test
    void aConflictOnQuotedAndEncodedNamesNamesTheRealFiles() {
        BisyncOutcome o = run(
                "{\"level\":\"notice\",\"msg\":\"- WARNING           New or changed in both paths                - "
                        + "\\\"back\\\\\\\\slash.md\\\"\"}",
                info("The winner is: Path2", "back\\\\slash.md"),
                "{\"level\":\"notice\",\"msg\":\"- Path1             Renaming Path1 copy                         - "
                        + "\\\"/s/n/back\\\\\\\\slash.conflict-local1.md\\\"\"}",
                "{\"level\":\"notice\",\"msg\":\"- WARNING           New or changed in both paths                - "
                        + "new\u240Aline.md\"}",
                "{\"level\":\"notice\",\"msg\":\"- Path1             Renaming Path1 copy                         - "
                        + "/s/n/new\u240Aline.conflict-local1.md\"}",
                info("- Path1    Do queued copies to                 - Path2", null),
                info("Copied (new)", "back\\\\slash.conflict-local1.md"),
                info("Copied (new)", "new\u240Aline.conflict-local1.md"),
                info("Updating listings", null));
        assertEquals(List.of(new ConflictEvent("back\\slash.md", List.of("back\\slash.conflict-local1.md"), "path2"),
                new ConflictEvent("new\nline.md", List.of("new\nline.conflict-local1.md"), null)), o.conflicts());
        assertEquals(new Changes(2, 0, 0), o.toPath2(), "the copies are conflict files: created");
    }

    @Test
    void aRenameThatFailedClaimsNoCopy() {
        BisyncOutcome o = run(
                "{\"level\":\"notice\",\"msg\":\"- WARNING           New or changed in both paths                - "
                        + "long.md\"}",
                "{\"level\":\"notice\",\"msg\":\"- Path1             Renaming Path1 copy                         - "
                        + "/s/n/long.conflict-local1.md\"}",
                "{\"level\":\"error\",\"msg\":\"Bisync critical error: /s/n/ rename failed for /s/n/long.md: lstat "
                        + "/s/n/long.conflict-local1.md: file name too long\"}",
                "{\"level\":\"error\",\"msg\":\"Bisync aborted. Must run --resync to recover.\"}");
        assertEquals(List.of(), o.conflicts());
        assertEquals(true, o.mustResync());
        assertEquals(true, o.errors().get(0).contains("long.md"));
    }

    @Test
    void aNameThatIsNotUtf8IsKeptAsRclonePrintsIt() {
        String notice = "{\"level\":\"notice\",\"msg\":\"Replacing invalid UTF-8 characters in \\\"caf\\\\xe9.md\\\"\","
                + "\"object\":\"Local file system at /s/n\",\"objectType\":\"*local.Fs\"}";
        BisyncOutcome o = run(notice, notice.replace("/s/n", "/c/n"));
        assertEquals(List.of("caf\\xe9.md"), o.invalidUtf8Names());
    }
}
