import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build-time tool of build-launcher.sh (run as a single-file source program with ASM on the class path): rewrites the
 * classes of a jar compiled for Java 5 (class file version 49; picocli is, for compatibility) to version 52 with
 * stack map frames computed by ASM. The JDK's AOT cache and AppCDS archive only classes of version 50 or later, so
 * without this every start of bm parses and verifies picocli's ~180 classes from the jar with the old verifier.
 * The bytecode itself is unchanged. A jar with no class older than version 50 is left alone.
 *
 * <p>Usage: {@code java -cp asm.jar ModernizeClassFiles.java JAR...}; prints what it did on stderr.
 */
public class ModernizeClassFiles {
    private static final int OLDEST_ARCHIVABLE = 50;

    public static void main(String[] args) throws IOException {
        for (String a : args) {
            Path jar = Path.of(a);
            if (!hasOldClasses(jar)) {
                continue;
            }
            Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
            int n = rewrite(jar, tmp);
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.err.println("build-launcher: " + jar.getFileName() + ": " + n + " classes rewritten to class file"
                    + " version 52 (archivable by the start-up cache)");
        }
    }

    private static boolean hasOldClasses(Path jar) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (isClass(e)) {
                    byte[] head = in.readNBytes(8);
                    if (head.length == 8 && ((head[6] & 0xff) << 8 | (head[7] & 0xff)) < OLDEST_ARCHIVABLE) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isClass(ZipEntry e) {
        return e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/");
    }

    private static int rewrite(Path jar, Path out) throws IOException {
        int n = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ModernizeClassFiles.class.getClassLoader());
                ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] bytes = in.readAllBytes();
                if (isClass(e)) {
                    ClassReader reader = new ClassReader(bytes);
                    if (reader.readUnsignedShort(6) < OLDEST_ARCHIVABLE) {
                        // no reader passed to the writer: every method is re-emitted, so frames are computed for all
                        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                            @Override
                            protected ClassLoader getClassLoader() {
                                return loader;
                            }
                        };
                        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                            @Override
                            public void visit(int version, int access, String name, String signature,
                                    String superName, String[] interfaces) {
                                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
                            }
                        }, ClassReader.SKIP_FRAMES);
                        bytes = writer.toByteArray();
                        n++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zout.putNextEntry(copy);
                zout.write(bytes);
                zout.closeEntry();
            }
        }
        return n;
    }
}
