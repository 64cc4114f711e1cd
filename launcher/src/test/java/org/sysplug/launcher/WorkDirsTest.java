package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
