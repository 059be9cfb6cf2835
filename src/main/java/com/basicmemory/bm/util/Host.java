package com.basicmemory.bm.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** This machine's host name, without a DNS lookup ({@code $HOSTNAME}, then /etc/hostname). */
public final class Host {
    private Host() {
    }

    public static String name() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return Files.readString(Paths.get("/etc/hostname")).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
