package com.basicmemory.bm.report;

import java.util.List;

/**
 * One file edited on both sides.
 *
 * @param path the original file, relative to the sync directory
 * @param files the conflict copies, relative to the sync directory
 */
public record Conflict(String path, List<String> files) {
}
