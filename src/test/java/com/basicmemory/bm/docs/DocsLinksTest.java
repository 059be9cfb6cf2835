package com.basicmemory.bm.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/ resolves: the file exists and, for {@code page.md#anchor}, the page has
 * a heading with that GitHub anchor. Every code block is tagged ({@link MarkdownDoc#KNOWN_TAGS}). Every page under
 * docs/ is reachable from the guide index, docs/README.md.
 */
class DocsLinksTest {
    static final Path ROOT = Path.of("").toAbsolutePath();

    /**
     * Pages that other branches are writing: a link to them is accepted until they exist; once a page exists its
     * anchors are checked like any other's. None at the moment.
     */
    static final Set<String> PENDING_PAGES = Set.of();

    @Test
    void everyRelativeLinkResolvesToAFileAndHeading() {
        Map<Path, MarkdownDoc> docs = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path page : MarkdownDoc.pages(ROOT)) {
            MarkdownDoc doc = docs.computeIfAbsent(page, MarkdownDoc::read);
            for (MarkdownDoc.Link link : doc.links()) {
                String target = link.target();
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
                String rel = ROOT.relativize(file).toString();
                String where = ROOT.relativize(page) + ":" + link.line() + ": ";
                if (!Files.exists(file)) {
                    if (!PENDING_PAGES.contains(rel)) {
                        broken.add(where + target + " (no file " + rel + ")");
                    }
                    continue;
                }
                if (anchor != null) {
                    if (!file.toString().endsWith(".md")) {
                        broken.add(where + target + " (an anchor into a file that is not Markdown)");
                        continue;
                    }
                    Set<String> anchors = docs.computeIfAbsent(file, MarkdownDoc::read).anchors();
                    if (!anchors.contains(anchor)) {
                        broken.add(where + target + " (no heading with anchor #" + anchor + " in " + rel + "; it has "
                                + anchors + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void everyCodeBlockIsTaggedAndClosed() {
        List<String> problems = new ArrayList<>();
        for (Path page : MarkdownDoc.pages(ROOT)) {
            problems.addAll(MarkdownDoc.read(page).problems());
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPageIsLinkedFromTheGuideIndex() {
        MarkdownDoc index = MarkdownDoc.read(ROOT.resolve("docs/README.md"));
        Set<String> linked = new java.util.TreeSet<>();
        for (MarkdownDoc.Link l : index.links()) {
            String t = l.target().replaceAll("#.*", "");
            linked.add(ROOT.relativize(index.file().getParent().resolve(t).normalize()).toString());
        }
        List<String> orphans = new ArrayList<>();
        for (Path page : MarkdownDoc.pages(ROOT)) {
            String rel = ROOT.relativize(page).toString();
            if (rel.startsWith("docs/") && !rel.equals("docs/README.md") && !linked.contains(rel)) {
                orphans.add(rel);
            }
        }
        assertEquals(List.of(), orphans, "pages not linked from docs/README.md");
    }

    @Test
    void slugsFollowGitHub() {
        assertEquals("first-runs-and---resync", MarkdownDoc.slug("First runs and `--resync`"));
        assertEquals("--prune-age", MarkdownDoc.slug("`--prune AGE`"));
        assertEquals("files-under-bm_home", MarkdownDoc.slug("Files under `BM_HOME`"));
        assertEquals("bm-conflicts-list---project-p---json",
                MarkdownDoc.slug("`bm conflicts list [--project P] [--json]`"));
        assertEquals("json---keep----json", MarkdownDoc.slug("JSON (`--keep ... --json`)"));
        MarkdownDoc d = MarkdownDoc.parse(Path.of("x.md"), "# A\n## A\n```sh\n# A\n```\n## A\n");
        assertEquals(List.of("a", "a-1", "a-2"), List.copyOf(d.anchors()));
    }

    @Test
    void blocksKnowTheirTagsAndExpectedExit() {
        MarkdownDoc d = MarkdownDoc.parse(Path.of("x.md"), String.join("\n",
                "text [a](b.md#c) `[not](a-link.md)`", "```sh", "# exit 2", "bm sync --bogus", "```",
                "<!-- sh", "mkdir -p ~/notes", "-->", "```text", "out", "```", "```", "x", "```"));
        assertEquals(4, d.blocks().size());
        assertEquals(2, d.blocks().get(0).expectedExit());
        assertTrue(d.blocks().get(1).hidden() && d.blocks().get(1).runnable());
        assertTrue(!d.blocks().get(2).runnable());
        assertEquals(1, d.problems().size(), d.problems()::toString);
        assertEquals(List.of("b.md#c"), d.links().stream().map(MarkdownDoc.Link::target).toList());
    }
}
