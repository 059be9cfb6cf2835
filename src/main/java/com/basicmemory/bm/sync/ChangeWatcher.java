package com.basicmemory.bm.sync;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Local changes in the sync directory, through the JDK's WatchService (inotify on Linux): every folder is watched,
 * new folders as they appear. Events are reduced to "project P changed" (a set as big as the number of projects, so
 * memory stays flat however many files change); editor temp and swap files and hidden folders are ignored. A lost
 * event queue (overflow) marks every project changed.
 */
final class ChangeWatcher implements AutoCloseable {
    /** Editor and OS scratch files that never mean "a note was saved". */
    private static final List<Pattern> SCRATCH = List.of(
            glob(".*.swp"), glob(".*.swo"), glob(".*.swx"), glob("*~"), glob(".#*"), glob("#*#"), glob("4913"),
            glob(".~lock.*#"), glob("*.tmp"), glob("*.crswap"), glob("___jb_tmp___"), glob("___jb_old___"),
            glob(".DS_Store"), glob("Thumbs.db"), glob("*.partial"), glob(".goutputstream-*"));

    private final Path root;
    private final WatchService service;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private boolean everything;
    private long lastEventNanos;
    private long firstEventNanos;

    ChangeWatcher(Path root) throws IOException {
        this.root = root;
        this.service = FileSystems.getDefault().newWatchService();
        registerTree(root);
    }

    static Pattern glob(String g) {
        StringBuilder sb = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString());
    }

    static boolean isScratch(String fileName) {
        for (Pattern p : SCRATCH) {
            if (p.matcher(fileName).matches()) {
                return true;
            }
        }
        return false;
    }

    private void registerTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(root) && d.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                keys.put(d.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // a folder removed while walking
            }
        });
    }

    /** Takes every pending event without waiting. */
    synchronized void drain() {
        WatchKey key;
        while ((key = service.poll()) != null) {
            processKey(key);
        }
    }

    private static boolean hidden(Path rel) {
        for (Path p : rel) {
            if (p.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private void mark(String project) {
        long now = System.nanoTime();
        if (changed.isEmpty() && !everything) {
            firstEventNanos = now;
        }
        lastEventNanos = now;
        if (project == null) {
            everything = true;
        } else {
            changed.add(project);
        }
    }

    /** Blocks up to {@code millis} for the next event, then takes every pending one. */
    void await(long millis) {
        try {
            WatchKey k = service.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (k != null) {
                processKey(k);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (java.nio.file.ClosedWatchServiceException e) {
            return;
        }
        drain();
    }

    private synchronized void processKey(WatchKey key) {
        Path dir = keys.get(key);
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == OVERFLOW || dir == null) {
                mark(null);
                continue;
            }
            Path child = dir.resolve((Path) e.context());
            String name = child.getFileName().toString();
            if (e.kind() == ENTRY_CREATE && !name.startsWith(".") && Files.isDirectory(child)) {
                try {
                    registerTree(child);
                } catch (IOException ignored) {
                    // gone already
                }
            }
            Path rel = root.relativize(child);
            if (rel.getNameCount() == 0 || isScratch(name) || hidden(rel)) {
                continue;
            }
            if (rel.getNameCount() < 2 && e.kind() != ENTRY_DELETE && !Files.isDirectory(child)) {
                continue; // a loose file at the top: not in any project
            }
            mark(rel.getName(0).toString());
        }
        if (!key.reset()) {
            keys.remove(key);
        }
    }

    /** True when changes are waiting and either the burst is quiet for {@code quietMillis} or old by {@code maxMillis}. */
    synchronized boolean ready(long quietMillis, long maxMillis) {
        if (changed.isEmpty() && !everything) {
            return false;
        }
        long now = System.nanoTime();
        return now - lastEventNanos >= quietMillis * 1_000_000L || now - firstEventNanos >= maxMillis * 1_000_000L;
    }

    synchronized boolean pending() {
        return !changed.isEmpty() || everything;
    }

    /** The changed projects (null: all of them), and forgets them. */
    synchronized Set<String> take() {
        Set<String> out = everything ? null : new LinkedHashSet<>(changed);
        changed.clear();
        everything = false;
        return out;
    }

    int watchedFolders() {
        return keys.size();
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
