package com.basicmemory.bm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every record and enum of bm is registered for reflection in the native image (Jackson needs them). */
class NativeReflectionTest {
    @Test
    void everyRecordAndEnumIsRegistered() throws IOException, ClassNotFoundException {
        Path root = Path.of("target/classes");
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root.resolve("com/basicmemory/bm"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = root.relativize(p).toString();
                if (!n.endsWith(".class") || n.matches(".*_(Bean|ClientProxy|ProducerMethod|Subclass|Observer).*")) {
                    continue;
                }
                Class<?> c = Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false,
                        getClass().getClassLoader());
                if (c.isRecord() || (c.isEnum() && !c.isAnonymousClass())) {
                    found.add(c.getName());
                }
            }
        }
        RegisterForReflection r = NativeReflection.class.getAnnotation(RegisterForReflection.class);
        TreeSet<String> listed = new TreeSet<>(List.of(r.classNames()));
        TreeSet<String> missing = new TreeSet<>(found);
        missing.removeAll(listed);
        TreeSet<String> stale = new TreeSet<>(listed);
        stale.removeAll(found);
        assertEquals("missing: [] stale: []", "missing: " + missing + " stale: " + stale,
                "add the missing records/enums to cli/NativeReflection, remove the stale ones");
    }
}
