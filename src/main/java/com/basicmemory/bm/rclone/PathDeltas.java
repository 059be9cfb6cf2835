package com.basicmemory.bm.rclone;

import java.util.Arrays;

/**
 * The delta bits of every changed file of a run ({@code (side1 delta) | (side2 delta << 2)}), keyed by the file's
 * path exactly as rclone printed it. Keys are read from a region of a log line, so neither a lookup nor an insert
 * needs a substring.
 *
 * <p>An open-addressing hash table (linear probing, at most three quarters full) whose slots hold the key's hash and where
 * its entry starts in one byte array; an entry is its bits byte, the key's length in chars (4 bytes) and the key
 * (one byte a char when every char is below U+0100, else two). A run with a million changed files thus costs three
 * arrays, about a third of the memory of a {@code HashMap<String, Integer>}, and no object per file for the
 * garbage collector to trace; a lookup touches one slot and one entry. Not thread-safe.
 */
final class PathDeltas {

    private static final int WIDE = 0x80; // in an entry's bits byte: the key is stored as two bytes per char
    private static final int HEADER = 5; // bits byte + key length

    private byte[] entries = new byte[4096];
    private int used;
    private int size;
    /** {@code hash << 32 | (entry offset + 1)}; 0 = free. */
    private long[] slots = new long[256];

    int size() {
        return size;
    }

    /** The delta bits of the path {@code s[from, to)}, or -1 if it has none. */
    int get(String s, int from, int to) {
        int at = find(s, from, to, hash(s, from, to));
        return at < 0 ? -1 : entries[at] & 0x0F; // the two sides' bits, without WIDE
    }

    /** Sets the two delta bits of one side ({@code shift} 0 or 2) of the path {@code s[from, to)} to kind. */
    void put(String s, int from, int to, int shift, int kind) {
        int h = hash(s, from, to);
        int at = find(s, from, to, h);
        if (at >= 0) {
            entries[at] = (byte) ((entries[at] & ~(3 << shift)) | (kind << shift));
            return;
        }
        at = append(s, from, to, kind << shift);
        insert(slots, h, at);
        size++;
        if (4 * size > 3 * slots.length) {
            grow();
        }
    }

    /** Offset of the entry for {@code s[from, to)}, or -1. */
    private int find(String s, int from, int to, int h) {
        int mask = slots.length - 1;
        for (int i = h & mask;; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                return -1;
            }
            int at = (int) slot - 1;
            if ((int) (slot >>> 32) == h && keyEquals(at, s, from, to)) {
                return at;
            }
        }
    }

    private static void insert(long[] table, int h, int at) {
        int mask = table.length - 1;
        int i = h & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = ((long) h << 32) | (at + 1L);
    }

    private void grow() {
        long[] fresh = new long[slots.length * 2];
        for (long slot : slots) {
            if (slot != 0) {
                insert(fresh, (int) (slot >>> 32), (int) slot - 1);
            }
        }
        slots = fresh;
    }

    private int append(String s, int from, int to, int bits) {
        int len = to - from;
        boolean wide = false;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) > 0xFF) {
                wide = true;
                break;
            }
        }
        int need = HEADER + (wide ? 2 * len : len);
        if (used + need > entries.length) {
            entries = Arrays.copyOf(entries, Math.max(entries.length * 2, used + need));
        }
        int at = used;
        entries[at] = (byte) (bits | (wide ? WIDE : 0));
        entries[at + 1] = (byte) (len >>> 24);
        entries[at + 2] = (byte) (len >>> 16);
        entries[at + 3] = (byte) (len >>> 8);
        entries[at + 4] = (byte) len;
        int p = at + HEADER;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (wide) {
                entries[p++] = (byte) (c >>> 8);
            }
            entries[p++] = (byte) c;
        }
        used = p;
        return at;
    }

    private boolean keyEquals(int at, String s, int from, int to) {
        int len = to - from;
        int stored = (entries[at + 1] & 0xFF) << 24 | (entries[at + 2] & 0xFF) << 16 | (entries[at + 3] & 0xFF) << 8
                | (entries[at + 4] & 0xFF);
        if (stored != len) {
            return false;
        }
        int p = at + HEADER;
        if ((entries[at] & WIDE) == 0) {
            for (int k = 0; k < len; k++) {
                if (s.charAt(from + k) != (char) (entries[p + k] & 0xFF)) {
                    return false;
                }
            }
            return true;
        }
        for (int k = 0; k < len; k++) {
            char c = (char) ((entries[p + 2 * k] & 0xFF) << 8 | (entries[p + 2 * k + 1] & 0xFF));
            if (s.charAt(from + k) != c) {
                return false;
            }
        }
        return true;
    }

    /** String's polynomial hash, then mixed (murmur3's finaliser) so that similar names spread over the slots. */
    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int k = from; k < to; k++) {
            h = 31 * h + s.charAt(k);
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
