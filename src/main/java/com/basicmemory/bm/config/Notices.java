package com.basicmemory.bm.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Messages said once per device ({@code BM_HOME/notices}: one id per line), so cron mail does not repeat them. */
public final class Notices {
    private Notices() {
    }

    /** True the first time this id is asked for on this device (and records it). */
    public static boolean firstTime(BmHome home, String id) {
        java.nio.file.Path file = home.root().resolve("notices");
        try {
            List<String> seen = Files.readAllLines(file);
            if (seen.contains(id)) {
                return false;
            }
        } catch (NoSuchFileException e) {
            // none yet
        } catch (IOException e) {
            return false;
        }
        try {
            Files.writeString(file, id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            com.basicmemory.bm.util.AtomicFiles.ownerOnly(file);
        } catch (IOException e) {
            return false;
        }
        return true;
    }
}
