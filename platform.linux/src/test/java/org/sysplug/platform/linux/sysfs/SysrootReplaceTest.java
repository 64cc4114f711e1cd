package org.sysplug.platform.linux.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy's attribute replaced by a shorter content is renamed into place whole (a process killed
 * between a write and a truncate left "online\n\n", found by the kill -9 test), keeps its mode,
 * leaves nothing beside it, and a leftover of a killed run at the new file's name, even a FIFO
 * or a link, is removed, never opened.
 */
class SysrootReplaceTest {

    @TempDir
    Path root;

    private Path state() throws Exception {
        Path block = Files.createDirectories(root.resolve("sys/devices/system/memory/memory5"));
        Path state = block.resolve("state");
        Files.writeString(state, "offline\n");
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rw-r--r--"));
        return state;
    }

    @Test
    void aShorterContentReplacesTheFileWholeAndKeepsItsMode() throws Exception {
        Path state = state();
        try (Sysroot tree = Sysroot.open(root, Sysroot.Access.WRITABLE)) {
            tree.replace("sys/devices/system/memory/memory5/state", "online\n");
            assertThat(Files.readString(state)).isEqualTo("online\n");
            tree.replace("sys/devices/system/memory/memory5/state", "offline\n");
            assertThat(Files.readString(state)).isEqualTo("offline\n");
            tree.replace("sys/devices/system/memory/memory5/state", "online\n");
        }
        assertThat(Files.readString(state)).isEqualTo("online\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-r--r--");
        try (var files = Files.list(state.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state");
        }
    }

    @Test
    void aLeftoverAtTheNewFilesNameIsRemovedNeverOpened() throws Exception {
        Path state = state();
        Path leftover = state.resolveSibling(Sysroot.replacementName("state"));
        Path decoy = Files.writeString(root.resolve("decoy"), "untouched\n");
        Files.createSymbolicLink(leftover, decoy);
        try (Sysroot tree = Sysroot.open(root, Sysroot.Access.WRITABLE)) {
            tree.replace("sys/devices/system/memory/memory5/state", "online\n");
        }
        assertThat(Files.readString(state)).isEqualTo("online\n");
        assertThat(Files.readString(decoy)).isEqualTo("untouched\n");
        assertThat(leftover).doesNotExist();

        Files.writeString(state, "offline\n");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", leftover.toString()).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no mkfifo");
            return;
        }
        Assumptions.assumeTrue(mkfifo.waitFor() == 0);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Sysroot tree = Sysroot.open(root, Sysroot.Access.WRITABLE)) {
                tree.replace("sys/devices/system/memory/memory5/state", "online\n");
            }
        });
        assertThat(Files.readString(state)).isEqualTo("online\n");
        assertThat(leftover).doesNotExist();
    }
}
