package com.basicmemory.bm.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.UUID;

import com.basicmemory.bm.util.AtomicFiles;

/** A random id for this device, made once and kept in {@code BM_HOME/device-id}; reports carry it. */
public final class DeviceId {
    private DeviceId() {
    }

    public static String of(BmHome home) {
        try {
            String id = Files.readString(home.deviceIdFile()).trim();
            if (!id.isEmpty()) {
                return id;
            }
        } catch (NoSuchFileException e) {
            // first use on this device
        } catch (IOException e) {
            return "unknown";
        }
        String id = UUID.randomUUID().toString();
        try {
            home.ensureExists();
            AtomicFiles.write(home.deviceIdFile(), id + "\n");
        } catch (IOException | RuntimeException e) {
            return id;
        }
        return id;
    }
}
