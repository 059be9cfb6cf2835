package com.basicmemory.bm.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.basicmemory.bm.cloud.CloudSetupService;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.sync.SyncRequest;
import com.basicmemory.bm.sync.SyncService;

/**
 * A device whose {@code bm sync} runs in the test's JVM: the real {@link SyncService} with its own BM_HOME, sync
 * directory and SQLite history, and the real rclone. No JVM start per sync, so long soaks stay fast.
 */
public final class InProcessDevice {
    private final String name;
    private final BmHome home;
    private final Path syncDir;
    private final TestHistory history;
    private final SyncService service;
    private String lastStderr = "";

    public InProcessDevice(String name, Path root, String remote) {
        this.name = name;
        this.home = new BmHome(root.resolve(name + "-home"));
        this.syncDir = root.resolve(name + "-sync");
        new CloudSetupService(home).setup(syncDir.toString(), remote, null, null);
        this.history = TestHistory.at(home.root());
        this.service = new SyncService(home, history.store(), Clock.systemUTC());
    }

    public String name() {
        return name;
    }

    public BmHome home() {
        return home;
    }

    public Path syncDir() {
        return syncDir;
    }

    public TestHistory history() {
        return history;
    }

    /** {@code bm sync}, with {@code --resync} and/or {@code --force} when asked. */
    public SyncReport sync(boolean resync, boolean force) {
        StringWriter err = new StringWriter();
        String cmd = "bm sync" + (resync ? " --resync" : "") + (force ? " --force" : "");
        SyncReport r = service.run(new SyncRequest(List.of(), null, resync, false, force, cmd, false, false),
                new PrintWriter(err, true)).report();
        lastStderr = err.toString();
        return r;
    }

    public SyncReport sync() {
        return sync(false, false);
    }

    /** What the last sync printed on stderr (the summary is printed by the command, not the service). */
    public String lastStderr() {
        return lastStderr;
    }

    public Map<String, String> tree() {
        return Device.tree(syncDir);
    }
}
