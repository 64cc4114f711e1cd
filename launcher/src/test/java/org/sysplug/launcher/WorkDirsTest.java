package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirsTest {

    @Test
    void theSweepRemovesOnlyMarkedDirectoriesWhoseOwnerIsGone(@TempDir Path tmp) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path killed = Files.createDirectories(tmp.resolve("sysplug-killed"));
        Files.writeString(killed.resolve(WorkDirs.OWNER), Long.toString(gone.pid()));
        Files.createDirectories(killed.resolve("felix-cache/bundle1"));
        Path running = Files.createDirectories(tmp.resolve("sysplug-running"));
        Files.writeString(running.resolve(WorkDirs.OWNER), Long.toString(ProcessHandle.current().pid()));
        Path starting = Files.createDirectories(tmp.resolve("sysplug-starting")); // not marked yet
        Path other = Files.createDirectories(tmp.resolve("other-killed"));
        Files.writeString(other.resolve(WorkDirs.OWNER), Long.toString(gone.pid()));

        assertThat(WorkDirs.sweep(tmp)).containsExactly(killed);

        assertThat(killed).doesNotExist();
        assertThat(running).exists();
        assertThat(starting).exists();
        assertThat(other).exists();
    }

    @Test
    void eachRunGetsItsOwnFreshDirectoryForItsOwnerOnlyMarkedWithItsPid(@TempDir Path tmp) throws Exception {
        Path first = WorkDirs.create(tmp);
        Path second = WorkDirs.create(tmp);

        assertThat(first).isNotEqualTo(second).isDirectory().hasParent(tmp);
        assertThat(second).isDirectory();
        assertThat(first.getFileName().toString()).startsWith(WorkDirs.PREFIX);
        assertThat(Files.readString(first.resolve(WorkDirs.OWNER))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first))).isEqualTo("rwx------");
        // A run does not sweep its own directories.
        assertThat(WorkDirs.sweep(tmp)).isEmpty();
    }
}
