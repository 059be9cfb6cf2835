package com.basicmemory.bm.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner on real folders: grouping, sides, what it skips. */
class ConflictScannerTest {
    @TempDir
    Path tmp;
    @TempDir
    Path elsewhere;

    Path write(String rel, String content) throws IOException {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    /** Found by FileNamesIT: a backslash read as a separator, a newline stopping the name's pattern. */
    @Test
    void backslashesAndNewlinesAreTheNamesOwnCharacters() throws IOException {
        write("n/back\\slash.md..path1", "local\n");
        write("n/new\nline.conflict-local1.md", "local\n");
        write("n/new\nline.md", "cloud\n");
        List<ConflictGroup> groups = ConflictScanner.scan(tmp, null, List.of());
        assertEquals(List.of("n/back\\slash.md", "n/new\nline.md"), groups.stream().map(ConflictGroup::path).toList());
        assertEquals("n/back\\slash.md..path1", groups.get(0).copies().get(0).path());
        assertEquals("n/new\nline.conflict-local1.md", groups.get(1).copies().get(0).path());
        assertEquals(Map.of("n/new\nline.md", List.of("n/new\nline.md..path2")),
                ConflictScanner.groupNames(List.of("n/new\nline.md..path2")));
    }

    @Test
    void groupsCopiesByOriginalWithSidesAndSkipsHiddenFoldersLinksAndBmHome() throws IOException {
        write("work/a.md..path1", "local\n");
        write("work/a.md..path2", "cloud\n");
        write("work/sub/b.md", "winner\n");
        write("work/sub/b.conflict1.md", "loser\n");
        write("work/plain.md", "no conflict\n");
        write("work/x.apple1.md", "not a copy\n");
        write("work/.obsidian/c.md..path1", "hidden folder\n");
        write("notes/.git/d.md.conflict1", "hidden folder\n");
        write("notes/e.md.conflict2", "lone cloud copy\n");
        write(".hidden-project/f.md..path1", "hidden project\n");
        write("loose.md..path1", "top level: no project\n");
        write("home/g.md..path1", "BM_HOME inside\n");
        Files.createSymbolicLink(tmp.resolve("work/link.md..path1"), tmp.resolve("work/plain.md"));
        Files.writeString(elsewhere.resolve("h.md..path1"), "outside\n");
        Files.createSymbolicLink(tmp.resolve("work/linked-dir"), elsewhere);

        List<ConflictGroup> groups = ConflictScanner.scan(tmp.toRealPath(), null, List.of(tmp.resolve("home")));
        assertEquals(List.of("notes/e.md", "work/a.md", "work/sub/b.md"), groups.stream().map(ConflictGroup::path)
                .toList());

        ConflictGroup a = groups.get(1);
        assertNull(a.original(), "rclone 1.60 renames both versions away");
        assertEquals(List.of("work/a.md..path1", "work/a.md..path2"), a.copies().stream().map(ConflictFile::path)
                .toList());
        assertEquals(Side.LOCAL, a.copies().get(0).side());
        assertEquals(Side.CLOUD, a.copies().get(1).side());
        assertEquals("work", a.project());
        assertEquals(6, a.copies().get(0).size());

        ConflictGroup b = groups.get(2);
        assertEquals("work/sub/b.md", b.original().path());
        assertEquals(Side.CLOUD, b.original().side(), "the winner is the other side of the one loser copy");
        assertEquals(Side.LOCAL, b.copies().get(0).side());
        assertEquals(b.original(), b.counterpart(b.copies().get(0)));

        ConflictGroup e = groups.get(0);
        assertNull(e.original());
        assertEquals(Side.CLOUD, e.copies().get(0).side());
        assertNull(e.version(Side.LOCAL));

        assertEquals(List.of("work/a.md"), ConflictScanner.scan(tmp.toRealPath(), "work", List.of()).stream()
                .map(ConflictGroup::path).filter(p -> p.equals("work/a.md")).toList());
        assertEquals(List.of("notes/e.md"), ConflictScanner.scan(tmp.toRealPath(), "notes", List.of()).stream()
                .map(ConflictGroup::path).toList());
    }

    @Test
    void groupOfFindsTheConflictOfAnOriginalThatNoLongerExists() throws IOException {
        write("work/a.md..path1", "local\n");
        write("work/a.md..path2", "cloud\n");
        write("work/a.md.bak", "unrelated\n");
        Path root = tmp.toRealPath();
        ConflictGroup g = ConflictScanner.groupOf(root, root.resolve("work/a.md")).orElseThrow();
        assertEquals(2, g.copies().size());
        assertTrue(ConflictScanner.groupOf(root, root.resolve("work/a.md.bak")).isEmpty());
    }

    @Test
    void namesAloneAreGroupedPurely() {
        Map<String, List<String>> g = ConflictScanner.groupNames(List.of("./p/n.md..path2", "./p/n.md..path1",
                "p/m.conflict1.md", "p/m.md", "p/q.dinosaur1.md", "top.md.conflict2"));
        assertEquals(Map.of("p/n.md", List.of("p/n.md..path1", "p/n.md..path2"), "p/m.md", List.of("p/m.conflict1.md"),
                "top.md", List.of("top.md.conflict2")), g);
    }
}
