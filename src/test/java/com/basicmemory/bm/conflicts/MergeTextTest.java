package com.basicmemory.bm.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MergeTextTest {
    @Test
    void sharedLinesStayAndEachDifferingRunIsMarked() {
        String draft = MergeText.draft("# Title\nmine\nshared\nend", "# Title\ntheirs\nshared\n", "l.md", "c.md");
        assertEquals("""
                # Title
                <<<<<<< local (l.md)
                mine
                =======
                theirs
                >>>>>>> cloud (c.md)
                shared
                <<<<<<< local (l.md)
                end
                =======
                >>>>>>> cloud (c.md)
                """, draft);
        assertTrue(MergeText.hasMarkers(draft));
    }

    @Test
    void aSetextHeadingUnderlineIsNotAMarker() {
        assertFalse(MergeText.hasMarkers("Title\n=======\n\ntext\n"));
        assertTrue(MergeText.hasMarkers("a\n>>>>>>> cloud\n"));
        assertFalse(MergeText.hasMarkers(MergeText.draft("same\n", "same\n", "l", "c")));
    }
}
