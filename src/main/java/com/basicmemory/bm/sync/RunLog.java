package com.basicmemory.bm.sync;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.rclone.Redactor;
import com.basicmemory.bm.util.AtomicFiles;

/**
 * The raw rclone log of one run, streamed to {@code BM_HOME/logs/<report file name>.log} (secrets redacted) for
 * troubleshooting; the newest {@value #KEEP} logs are kept. Logging never fails a sync.
 */
public final class RunLog implements AutoCloseable {
    static final int KEEP = 100;
    private final Redactor redactor;
    private final Path file;
    private BufferedWriter out;

    public RunLog(Path dir, String name, Redactor redactor) {
        this.redactor = redactor;
        this.file = dir.resolve(name + ".log");
        try {
            AtomicFiles.createPrivateDirectories(dir);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            AtomicFiles.ownerOnly(file);
            prune(dir);
        } catch (IOException e) {
            out = null;
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void line(String text) {
        if (out == null) {
            return;
        }
        try {
            out.write(redactor.redact(text));
            out.newLine();
        } catch (IOException e) {
            out = null; // a full disk must not stop the sync
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more to write
            }
            out = null;
        }
    }

    private static void prune(Path dir) throws IOException {
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.log")) {
            ds.forEach(logs::add);
        }
        if (logs.size() <= KEEP) {
            return;
        }
        logs.sort(null); // names start with a UTC timestamp
        for (int i = 0; i < logs.size() - KEEP; i++) {
            Files.deleteIfExists(logs.get(i));
        }
    }
}
