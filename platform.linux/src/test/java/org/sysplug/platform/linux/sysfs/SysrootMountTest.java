package org.sysplug.platform.linux.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writable tree with a mount below its {@code sys}: a bind mount is not a link, the walk would
 * go into it, and a {@code sys/devices} mounted from the real {@code /sys} would take writes to
 * the running kernel. Here the mounts are a tmpfs and binds of files of this test's own temporary
 * directory, never anything of the host's {@code /sys}. Mounting takes root: without it, every
 * test is skipped with the reason.
 */
@Timeout(60)
class SysrootMountTest {

    @TempDir
    Path tmp;
    Path root;
    Path memory;
    private final Deque<Path> mounted = new ArrayDeque<>();

    @BeforeEach
    void tree() throws IOException {
        root = tmp.resolve("root");
        memory = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        for (int i = 0; i < 2; i++) {
            Path block = Files.createDirectories(memory.resolve("memory" + i));
            Files.writeString(block.resolve("state"), "online\n");
        }
        Files.createDirectories(root.resolve("sys/devices/system/cpu"));
    }

    @AfterEach
    void unmount() throws Exception {
        while (!mounted.isEmpty()) {
            run("umount", mounted.pop().toString());
        }
    }

    /** Mounts a fresh tmpfs on {@code where} (skips the test where this cannot mount) and fills it as {@code where} was. */
    private void tmpfsOver(Path where) throws Exception {
        Path saved = Files.createTempDirectory(tmp, "saved");
        copy(where, saved);
        mount("-t", "tmpfs", "sysplug-test", where.toString());
        copy(saved, where);
    }

    private void mount(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "mount";
        System.arraycopy(args, 0, cmd, 1, args.length);
        String failed = run(cmd);
        assumeTrue(failed == null, "cannot mount here (needs root and CAP_SYS_ADMIN): " + failed);
        mounted.push(Path.of(args[args.length - 1]));
    }

    /** Runs a command; null when it exited 0, else what it said. */
    private static String run(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? null : String.join(" ", cmd) + ": " + out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void aWritableTreeWithSysDevicesMountedIsRefusedWhenOpenedAndAReadOnlyOneReadsThrough() throws Exception {
        tmpfsOver(root.resolve("sys/devices"));

        for (boolean keep : new boolean[] {false, true}) {
            assertThatThrownBy(() -> {
                if (keep) {
                    Sysroot.open(root, Sysroot.Access.WRITABLE).close();
                } else {
                    Sysroot.of(root, Sysroot.Access.WRITABLE);
                }
            })
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("sys/devices is a mount point (tmpfs, another file system than sys)")
                    .hasMessageContaining("never through a mount")
                    .hasMessageContaining("unmount it, or copy the tree");
        }
        try (Sysroot readOnly = Sysroot.open(root, Sysroot.Access.READ_ONLY)) {
            assertThat(readOnly.readLine("sys/devices/system/memory/memory0/state")).contains("online");
            assertThat(readOnly.names("sys/devices/system/memory")).containsExactly("memory0", "memory1");
        }
    }

    @Test
    void aMountThatAppearsWhileTheTreeIsOpenIsRefusedAtTheNextStepOfTheWalk() throws Exception {
        for (boolean keep : new boolean[] {true, false}) {
            try (Sysroot w = keep ? Sysroot.open(root, Sysroot.Access.WRITABLE, Long.MAX_VALUE)
                    : Sysroot.of(root, Sysroot.Access.WRITABLE)) {
                w.write("sys/devices/system/memory/memory0/state", "online");  // memory/ is held open when kept
                Path block = memory.resolve("memory1");
                tmpfsOver(block);

                assertThatThrownBy(() -> w.write("sys/devices/system/memory/memory1/state", "offline"))
                        .isInstanceOf(TreeDirectories.MountRefused.class)
                        .hasMessageStartingWith("sys/devices/system/memory/memory1 is a mount point (tmpfs,")
                        .hasMessageContaining("refused, nothing was written");
                assertThat(Files.readString(block.resolve("state"))).isEqualTo("online\n");
                // reads of a writable tree go no further than its writes, listing included
                assertThat(w.readAttribute("sys/devices/system/memory/memory1/state").unreadable().orElseThrow())
                        .contains("is a mount point");
                assertThat(w.readOnly().readString("sys/devices/system/memory/memory1/state")).isEmpty();
                assertThat(w.names("sys/devices/system/memory/memory1")).isEmpty();
                // the rest of the tree is written as before
                w.write("sys/devices/system/memory/memory0/state", "offline");
                assertThat(Files.readString(memory.resolve("memory0/state"))).isEqualTo("offline");
                Files.writeString(memory.resolve("memory0/state"), "online\n");
                run("umount", mounted.pop().toString());
            }
        }
    }

    @Test
    void aFileBindMountedOverAnAttributeIsNotWritten() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        mount("-t", "tmpfs", "sysplug-test", elsewhere.toString()); // a bind from the tree's own file system keeps its device
        Path kernelFile = Files.writeString(elsewhere.resolve("state"), "online\n");
        mount("--bind", kernelFile.toString(), memory.resolve("memory0/state").toString());
        try (Sysroot w = Sysroot.open(root, Sysroot.Access.WRITABLE)) {
            assertThatThrownBy(() -> w.write("sys/devices/system/memory/memory0/state", "offline"))
                    .isInstanceOf(TreeDirectories.MountRefused.class)
                    .hasMessageStartingWith("sys/devices/system/memory/memory0/state is a mount point");
            assertThatThrownBy(() -> w.replace("sys/devices/system/memory/memory0/state", "offline\n"))
                    .isInstanceOf(TreeDirectories.MountRefused.class);
            assertThat(Files.readString(kernelFile)).isEqualTo("online\n");
        }
    }

    @Test
    void sysMountedOverWhileTheTreeIsOpenIsRefused() throws Exception {
        try (Sysroot w = Sysroot.of(root, Sysroot.Access.WRITABLE)) {
            tmpfsOver(root.resolve("sys"));
            assertThatThrownBy(() -> w.write("sys/devices/system/memory/memory0/state", "offline"))
                    .isInstanceOf(TreeDirectories.MountRefused.class)
                    .hasMessageStartingWith("sys is another file system (tmpfs) than when the tree was opened");
            assertThat(Files.readString(memory.resolve("memory0/state"))).isEqualTo("online\n");
        }
    }
}
