package com.basicmemory.bm.sync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;

/**
 * Projects: the top-level folders of the sync directory, and of the cloud (a project created on another device
 * appears in the cloud first). Hidden folders ({@code .git}, {@code .obsidian}) are not projects.
 */
public final class Projects {
    private Projects() {
    }

    /** Where a project exists now. */
    public record Project(String name, boolean local, boolean cloud) {
    }

    /** The local side of discovery: project folders and the loose files that belong to no project. */
    public record LocalScan(List<String> projects, List<String> looseFiles) {
    }

    public static LocalScan scanLocal(Path syncDir) {
        List<String> projects = new ArrayList<>();
        List<String> loose = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(syncDir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    projects.add(name);
                } else {
                    loose.add(name);
                }
            }
        } catch (IOException e) {
            throw BmException.failed("cannot read the sync directory " + syncDir + ": " + BmHome.describe(e));
        }
        projects.sort(null);
        loose.sort(null);
        return new LocalScan(projects, loose);
    }

    public static List<Project> merge(List<String> local, List<String> cloud) {
        TreeMap<String, boolean[]> all = new TreeMap<>();
        for (String l : local) {
            all.computeIfAbsent(l, k -> new boolean[2])[0] = true;
        }
        for (String c : cloud) {
            if (!c.startsWith(".") && !c.contains("/")) {
                all.computeIfAbsent(c, k -> new boolean[2])[1] = true;
            }
        }
        List<Project> out = new ArrayList<>();
        all.forEach((name, where) -> out.add(new Project(name, where[0], where[1])));
        return out;
    }

    /** Validates a {@code --project} value before anything is listed. */
    public static String validateName(String name) {
        if (name == null || name.isBlank()) {
            throw BmException.badInput("empty project name");
        }
        String n = name.strip();
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.contains("/") || n.equals(".") || n.equals("..") || n.startsWith(".")) {
            throw BmException.badInput("invalid project name '" + name
                    + "': a project is a top-level folder of the sync directory (no '/', not hidden)");
        }
        return n;
    }
}
