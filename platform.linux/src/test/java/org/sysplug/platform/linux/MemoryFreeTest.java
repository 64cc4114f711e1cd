package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.linux.sysfs.Dumps;
import org.sysplug.platform.linux.sysfs.Sysroot;

/** Free memory from {@code proc/meminfo} below the sysroot, on a copy of a real machine's tree. */
class MemoryFreeTest {

    @TempDir
    Path tmp;

    @Test
    void memFreeIsReadFromTheTreesOwnMeminfoInBytes() throws Exception {
        Path root = Dumps.unpackLsmem("aarch64-virt-6g", tmp);
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"), """
                MemTotal:        5988580 kB
                MemFree:         4519876 kB
                MemAvailable:    5301312 kB
                Buffers:           22504 kB
                """);
        assertThat(new LinuxMachine(Sysroot.of(root)).memoryFree()).hasValue(4519876L * 1024);
    }

    @Test
    void aTreeWithoutMeminfoOrWithAnUnreadableLineTellsNothing() throws Exception {
        Path root = Dumps.unpackLsmem("aarch64-virt-6g", tmp);
        LinuxMachine machine = new LinuxMachine(Sysroot.of(root));
        // a sysfs dump holds no proc: the host's /proc/meminfo is never read in its place
        assertThat(machine.memoryFree()).isEqualTo(OptionalLong.empty());

        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal: 5988580 kB\nMemFree: lots kB\n");
        assertThat(machine.memoryFree()).isEqualTo(OptionalLong.empty());
        Files.writeString(root.resolve("proc/meminfo"), "MemFree: 4519876 MB\n");
        assertThat(machine.memoryFree()).isEqualTo(OptionalLong.empty());
    }
}
