package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.framework.Zone;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * The report's case as it happened: {@code memory5/state} mode 000, read by a user who is not
 * root. A JVM forked as {@code nobody} (root here can drop to it with setpriv; elsewhere the test
 * is skipped) reads the tree with the Linux machine: memory5 is left out with the kernel's words,
 * every other block is there. Before, the whole read failed and every command with it.
 */
@Timeout(120)
class UnreadableAsAnotherUserTest {

    @TempDir
    Path tmp;

    @Test
    void aModeZeroStateReadByAnotherUserLeavesThatBlockOutAndTheRestIsRead() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a JVM as nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = SyntheticTree.build(shared.resolve("root"), 4, false, 8, false);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        Files.setPosixFilePermissions(root.resolve("sys/devices/system/memory/memory5/state"),
                PosixFilePermissions.fromString("---------"));

        String classPath = Stream.of(UnreadableAsAnotherUserTest.class, LinuxMachine.class, Topology.class, Zone.class)
                .map(UnreadableAsAnotherUserTest::location).distinct().collect(Collectors.joining(File.pathSeparator));
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                ReadAsAnotherUser.class.getName(), root.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assumeTrue(!out.contains("Could not find or load main class") && !out.contains("AccessDenied"),
                "nobody cannot read the test's classes here: " + out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("blocks [0, 1, 2, 3, 4, 6, 7]\n")
                .contains("unknown {memory5=sys/devices/system/memory/memory5/state cannot be read: Permission denied}\n")
                .contains("cpus 4\n");
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reader in the forked JVM: prints what the Linux machine made of the tree. */
    public static final class ReadAsAnotherUser {
        public static void main(String[] args) throws IOException {
            try (Sysroot root = Sysroot.open(Path.of(args[0]), Sysroot.Access.READ_ONLY)) {
                LinuxMachine m = new LinuxMachine(root);
                Topology t = m.topology();
                List<Integer> ids = t.memory().stream().map(MemoryBlock::id).toList();
                System.out.println("blocks " + ids);
                System.out.println("unknown " + new java.util.TreeMap<>(m.unknownDevices()));
                System.out.println("cpus " + t.cpus().size());
            }
        }
    }
}
