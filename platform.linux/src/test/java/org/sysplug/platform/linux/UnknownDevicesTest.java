package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;

/**
 * One attribute the backend cannot read or understand takes one device out, with the reason; the
 * rest of the machine works. Tests run as root here, which reads a mode-000 file, so an
 * unreadable {@code state} is made the ways root cannot read either: a directory, a FIFO, a
 * dangling link in its place (and a forked JVM as another user reads a mode-000 file in
 * {@link UnreadableAsAnotherUserTest}).
 */
@Timeout(60)
class UnknownDevicesTest {

    static final String MEMORY = "sys/devices/system/memory/";
    static final String CPU = "sys/devices/system/cpu/";

    @TempDir
    Path tmp;
    Path root;
    final List<String> warnings = new ArrayList<>();

    LinuxMachine machine(boolean writable) throws IOException {
        root = root != null ? root : SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        return new LinuxMachine(Sysroot.open(root, writable ? Sysroot.Access.WRITABLE : Sysroot.Access.READ_ONLY),
                warnings::add);
    }

    void put(String file, String shape) throws Exception {
        Path p = root.resolve(file);
        Files.delete(p);
        switch (shape) {
            case "directory" -> Files.createDirectory(p);
            case "fifo" -> {
                Process mk = new ProcessBuilder("mkfifo", p.toString()).start();
                Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo unavailable");
            }
            case "dangling link" -> Files.createSymbolicLink(p, Path.of("nowhere"));
            case "binary" -> Files.write(p, new byte[] {0, (byte) 0xff, (byte) 0xfe, 7, '\n'});
            case "huge" -> Files.writeString(p, "9".repeat(5000) + "\n");
            case "big" -> Files.writeString(p, "online".repeat(20_000));
            default -> Files.writeString(p, shape.replace("\\n", "\n"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "fifo", "dangling link", "binary", "huge", "big", "", "\\n", "   \\n",
            "onl\\n", "ONLINE\\n", "going\\n", "-1\\n"})
    void aStateThatCannotBeReadOrUnderstoodLeavesThatBlockOutWithTheReasonAndTheRestWorks(String shape) throws Exception {
        root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        put(MEMORY + "memory5/state", shape);
        LinuxMachine m = machine(true);
        Topology t = assertTimeoutPreemptively(Duration.ofSeconds(20), m::topology);

        assertThat(t.memory()).extracting(MemoryBlock::id).containsExactly(0, 1, 2, 3, 4, 6, 7);
        assertThat(m.unknownDevices()).containsOnlyKeys("memory5");
        String why = m.unknownDevices().get("memory5");
        assertThat(why).startsWith(MEMORY + "memory5/state ").doesNotContain("Exception").doesNotContain("java.");
        assertThat(warnings).containsExactly("memory5 is left out, its state unknown: " + why);

        assertThatThrownBy(() -> m.blockOnline(5, OnlineType.ONLINE_MOVABLE)).isInstanceOf(PortException.class)
                .hasMessage("memory5's state is unknown, so sysplug leaves it alone: " + why
                        + "; repair the file (or run with the rights to read it) and try again")
                .extracting(e -> ((PortException) e).errno()).isEqualTo(Errno.EIO);
        // the rest works
        m.blockOnline(4, OnlineType.ONLINE_MOVABLE);
        assertThat(Files.readString(root.resolve(MEMORY + "memory4/state"))).isEqualTo("online\n");
        m.cpuOnline(2);
        assertThat(m.topology().block(4).orElseThrow().online()).isTrue();
    }

    @Test
    void theReasonSaysWhatIsWrong() throws Exception {
        root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        put(MEMORY + "memory1/state", "directory");
        put(MEMORY + "memory2/state", "fifo");
        put(MEMORY + "memory3/state", "dangling link");
        put(MEMORY + "memory4/state", "binary");
        put(MEMORY + "memory6/state", "");
        Files.delete(root.resolve(MEMORY + "memory7/state"));
        LinuxMachine m = machine(false);
        assertTimeoutPreemptively(Duration.ofSeconds(20), m::topology);
        assertThat(m.unknownDevices()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "memory1", MEMORY + "memory1/state is a directory, not an attribute file: not opened",
                "memory2", MEMORY + "memory2/state is a FIFO, socket or device file, not an attribute file: not opened",
                "memory3", MEMORY + "memory3/state is a symbolic link (never followed), not an attribute file: not opened",
                "memory4", MEMORY + "memory4/state holds '\\x00\\ufffd\\ufffd\\x07' (4 characters), not online, offline or"
                        + " going-offline",
                "memory6", MEMORY + "memory6/state holds '' (0 characters), not online, offline or going-offline",
                "memory7", MEMORY + "memory7/state is absent"));
    }

    @Test
    void aRealPermissionDeniedReadsAsUnreadableWithTheKernelsWords() throws Exception {
        // a write-only sysfs attribute refuses a read even to root (kernfs: EACCES); only read here
        String file = "sys/devices/system/clocksource/clocksource0/unbind_clocksource";
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/" + file)), "no " + file + " on this machine");
        Sysroot live = Sysroot.of(Path.of("/"));
        assertThat(live.readAttribute(file).unreadable()).contains(file + " cannot be read: Permission denied");
        assertThat(live.readString(file)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "fifo", "binary", "", "2\\n", "yes\\n", "10\\n"})
    void aCpuOnlineFileThatCannotBeReadOrUnderstoodLeavesThatCpuOut(String shape) throws Exception {
        root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        put(CPU + "cpu2/online", shape);
        LinuxMachine m = machine(true);
        Topology t = assertTimeoutPreemptively(Duration.ofSeconds(20), m::topology);
        assertThat(t.cpus()).extracting(CpuInfo::id).containsExactly(0, 1, 3);
        assertThat(m.unknownDevices()).containsOnlyKeys("cpu2");
        assertThat(m.unknownDevices().get("cpu2")).startsWith(CPU + "cpu2/online ");
        assertThatThrownBy(() -> m.cpuOnline(2)).isInstanceOf(PortException.class)
                .hasMessageStartingWith("cpu2's state is unknown, so sysplug leaves it alone: " + CPU + "cpu2/online ");
        m.cpuOnline(3);
        assertThat(Files.readString(root.resolve(CPU + "cpu3/online"))).isEqualTo("1\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "binary", "huge", "", "0\\n", "3\\n", "8000001\\n", "20000000000\\n",
            "ffffffffffffffff\\n", "8000000 garbage\\n", "-8000000\\n"})
    void aBlockSizeThatCannotBeReadOrIsNoBlockSizeLeavesAllMemoryOutAndTheCpusWork(String shape) throws Exception {
        root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        put(MEMORY + "block_size_bytes", shape);
        LinuxMachine m = machine(true);
        Topology t = assertTimeoutPreemptively(Duration.ofSeconds(20), m::topology);
        assertThat(t.memory()).isEmpty();
        assertThat(t.blockSize()).isZero();
        assertThat(m.unknownDevices()).containsOnlyKeys(TopologyReader.ALL_MEMORY);
        assertThat(m.unknownDevices().get("memory")).startsWith(MEMORY + "block_size_bytes ")
                .endsWith("no memory block is shown");
        assertThatThrownBy(() -> m.blockOnline(0, OnlineType.ONLINE_MOVABLE)).isInstanceOf(PortException.class)
                .hasMessageStartingWith("memory0's state is unknown, so sysplug leaves it alone: " + MEMORY + "block_size_bytes");
        assertThatThrownBy(() -> m.memoryRemovable(0, SyntheticTree.BLOCK)).isInstanceOf(PortException.class)
                .hasMessageContaining("block_size_bytes");
        m.cpuOnline(1);
        assertThat(m.topology().cpu(1).orElseThrow().online()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary", "ffffffffffffffff\\n", "7fffffffffffffff\\n", "zz\\n", "directory"})
    void aPhysIndexThatIsNoSectionNumberLeavesThatBlockOut(String shape) throws Exception {
        root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        put(MEMORY + "memory3/phys_index", shape);
        LinuxMachine m = machine(false);
        assertThat(m.topology().memory()).extracting(MemoryBlock::id).containsExactly(0, 1, 2, 4, 5, 6, 7);
        assertThat(m.unknownDevices().get("memory3")).startsWith(MEMORY + "memory3/phys_index ");
    }

    @Test
    void validZonesThatAreNotTextLeaveThatBlockOutAndUnknownZoneNamesAreIgnored() throws Exception {
        root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        put(MEMORY + "memory2/valid_zones", "binary");
        put(MEMORY + "memory3/valid_zones", "Device Highmem none\n");
        put(MEMORY + "memory4/valid_zones", "");
        LinuxMachine m = machine(false);
        Topology t = m.topology();
        assertThat(t.memory()).extracting(MemoryBlock::id).containsExactly(0, 1, 3, 4, 5, 6, 7);
        assertThat(m.unknownDevices().get("memory2")).startsWith(MEMORY + "memory2/valid_zones holds '\\x00");
        assertThat(t.block(3).orElseThrow().validZones()).isEmpty();
        assertThat(t.block(4).orElseThrow().validZones()).isEmpty();
    }

    @Test
    void anUnknownBlockInARangeMakesTheRangeNotRemovable() throws Exception {
        root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        put(MEMORY + "memory5/state", "directory");
        LinuxMachine m = machine(false);
        m.memoryRemovable(0, 5 * SyntheticTree.BLOCK); // blocks 0-4: known, offline
        assertThatThrownBy(() -> m.memoryRemovable(4 * SyntheticTree.BLOCK, 2 * SyntheticTree.BLOCK))
                .isInstanceOf(PortException.class).hasMessageStartingWith("memory5's state is unknown");
    }

    @Test
    void aRepairedFileIsReadAgainWhenARequestNamesTheDeviceAndSaidOnce() throws Exception {
        root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        put(MEMORY + "memory5/state", "directory");
        LinuxMachine m = machine(true);
        m.topology();
        m.invalidate();
        m.topology(); // read again: the same device is not said twice
        assertThat(warnings).hasSize(1);
        assertThatThrownBy(() -> m.blockOnline(5, OnlineType.ONLINE_MOVABLE)).isInstanceOf(PortException.class);

        Files.delete(root.resolve(MEMORY + "memory5/state"));
        Files.writeString(root.resolve(MEMORY + "memory5/state"), "offline\n");
        m.blockOnline(5, OnlineType.ONLINE_MOVABLE); // "repair the file and try again" holds without a restart
        assertThat(Files.readString(root.resolve(MEMORY + "memory5/state"), StandardCharsets.UTF_8)).isEqualTo("online\n");
        assertThat(m.topology().memory()).hasSize(8);
        assertThat(m.unknownDevices()).isEmpty();
        assertThat(warnings).last().isEqualTo("memory5 can be read again");
    }
}
