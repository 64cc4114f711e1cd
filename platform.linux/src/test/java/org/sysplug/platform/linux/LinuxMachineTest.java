package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.Errno;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.linux.sysfs.Sysroot;

/** The Linux machine and its ports on file-backed trees: exact writes, kernel rules, read-only refusals. */
@Timeout(60)
class LinuxMachineTest {

    @TempDir
    Path tmp;

    private Path tree(int cpus, int blocks) throws IOException {
        return SyntheticTree.build(tmp.resolve("root"), cpus, false, blocks, false);
    }

    private static String read(Path root, String file) throws IOException {
        return Files.readString(root.resolve(file));
    }

    @Test
    void onAFileBackedTreeEachWriteLeavesWhatTheKernelWouldShowInTheAbiFiles() throws Exception {
        Path root = tree(4, 4);
        String outside = SyntheticTree.checksum(tmp);
        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        Topology before = m.topology();
        assertThat(before.block(2).orElseThrow().state()).isEqualTo(BlockState.OFFLINE);

        m.blockOnline(2, OnlineType.ONLINE_MOVABLE);
        m.blockOnline(3, OnlineType.ONLINE_KERNEL);
        m.cpuOnline(1);
        // a kernel shows "online" whatever type onlined the block, and the zone it went to
        assertThat(read(root, "sys/devices/system/memory/memory2/state")).isEqualTo("online\n");
        assertThat(read(root, "sys/devices/system/memory/memory2/valid_zones")).isEqualTo("Movable\n");
        assertThat(read(root, "sys/devices/system/memory/memory3/state")).isEqualTo("online\n");
        assertThat(read(root, "sys/devices/system/memory/memory3/valid_zones")).isEqualTo("Normal\n");
        assertThat(read(root, "sys/devices/system/cpu/cpu1/online")).isEqualTo("1\n");
        assertThat(read(root, "sys/devices/system/cpu/online")).isEqualTo("0-1\n");

        Topology after = m.topology();
        assertThat(after.generation()).isGreaterThan(before.generation());
        assertThat(after.block(2).orElseThrow().zone()).isEqualTo(Zone.MOVABLE);
        assertThat(after.block(3).orElseThrow().zone()).isEqualTo(Zone.NORMAL);
        assertThat(after.cpu(1).orElseThrow().online()).isTrue();

        m.blockOffline(2);
        m.cpuOffline(1);
        assertThat(read(root, "sys/devices/system/memory/memory2/state")).isEqualTo("offline\n");
        assertThat(read(root, "sys/devices/system/memory/memory2/valid_zones")).isEqualTo("Movable Normal\n");
        assertThat(read(root, "sys/devices/system/cpu/cpu1/online")).isEqualTo("0\n");
        assertThat(read(root, "sys/devices/system/cpu/online")).isEqualTo("0\n");
        assertThat(m.topology().block(2).orElseThrow().online()).isFalse();

        // put memory3 back as it was: nothing else below or beside the root changed
        m.blockOffline(3);
        assertThat(read(root, "sys/devices/system/memory/memory3/valid_zones")).isEqualTo("Movable Normal\n");
        assertThat(SyntheticTree.checksum(tmp)).isEqualTo(outside);
    }

    @Test
    void aReadOnlyBackendRefusesEveryChangeClearlyAndWritesNothing() throws Exception {
        Path root = tree(4, 4);
        String sum = SyntheticTree.checksum(tmp);
        LinuxMachine m = new LinuxMachine(Sysroot.of(root));
        LinuxPorts.Memory memory = new LinuxPorts.Memory(() -> m);
        LinuxPorts.Cpus cpus = new LinuxPorts.Cpus(() -> m);
        assertThatThrownBy(() -> memory.online(1, OnlineType.ONLINE))
                .isInstanceOfSatisfying(PortException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EPERM);
                    assertThat(e.getMessage()).contains("memory1").contains("read-only sysroot").contains("--writable");
                });
        assertThatThrownBy(() -> cpus.online(2)).isInstanceOf(PortException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> memory.offline(0)).isInstanceOf(PortException.class).hasMessageContaining("read-only");
        LinuxAcpi acpi = new LinuxAcpi(m);
        assertThatThrownBy(() -> acpi.setProfileEnabled("memory", true)).isInstanceOf(PortException.class);
        assertThat(SyntheticTree.checksum(tmp)).isEqualTo(sum);
    }

    @Test
    void theKernelsRulesAreAppliedBeforeAnythingIsWritten() throws Exception {
        Path root = tree(3, 2);
        Files.writeString(root.resolve("sys/devices/system/memory/memory1/valid_zones"), "Normal\n");
        String sum = SyntheticTree.checksum(root);
        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        assertThatThrownBy(() -> m.cpuOnline(0)).isInstanceOfSatisfying(PortException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
        assertThatThrownBy(() -> m.cpuOnline(0)).hasMessageContaining("cpu0 is not hot-pluggable");
        assertThatThrownBy(() -> m.cpuOnline(7)).isInstanceOfSatisfying(PortException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENODEV));
        assertThatThrownBy(() -> m.blockOnline(1, OnlineType.ONLINE_MOVABLE))
                .isInstanceOfSatisfying(PortException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("memory1 cannot go online_movable: its valid_zones are Normal");
        assertThatThrownBy(() -> m.blockOnline(9, OnlineType.ONLINE)).isInstanceOfSatisfying(PortException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENODEV));
        assertThat(SyntheticTree.checksum(root)).isEqualTo(sum);
    }

    @Test
    void theLastOnlineCpuStays() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 3, true, 0, false);
        // cpu0 is not hot-pluggable and shows online in cpu/online; make it look offline as on s390
        Files.writeString(root.resolve("sys/devices/system/cpu/online"), "1-2\n");
        Files.writeString(root.resolve("sys/devices/system/cpu/cpu0/online"), "0\n");
        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        m.cpuOffline(1);
        assertThatThrownBy(() -> m.cpuOffline(2)).isInstanceOfSatisfying(PortException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EBUSY);
            assertThat(e.getMessage()).contains("cpu2 is the last online CPU");
        });
        assertThat(read(root, "sys/devices/system/cpu/cpu2/online")).isEqualTo("1\n");
    }

    @Test
    void whatTheKernelDoesItselfIsCheckedOrRefusedWithTheReason() throws Exception {
        Path root = tree(2, 4);
        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        LinuxPorts.Memory memory = new LinuxPorts.Memory(() -> m);
        LinuxPorts.Cpus cpus = new LinuxPorts.Cpus(() -> m);
        LinuxPorts.Nodes nodes = new LinuxPorts.Nodes(() -> m);
        assertThat(memory.blockSize()).isEqualTo(SyntheticTree.BLOCK);
        assertThatThrownBy(() -> memory.add(0, SyntheticTree.BLOCK, 0)).hasMessageContaining("the kernel adds");
        assertThatThrownBy(() -> cpus.register(12, 0)).hasMessageContaining("the kernel maps");
        memory.remove(0, 2 * SyntheticTree.BLOCK); // offline: the eject will remove it
        memory.online(1, OnlineType.ONLINE);
        assertThatThrownBy(() -> memory.remove(0, 2 * SyntheticTree.BLOCK)).isInstanceOfSatisfying(PortException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY)).hasMessageContaining("memory1 is online");
        cpus.unregister(1);
        nodes.online(0);
        nodes.offline(0);
        assertThatThrownBy(() -> nodes.online(5)).isInstanceOfSatisfying(PortException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENODEV));
    }

    @Test
    void aTreeWrittenOverAndOverReadsAsWhatWasWrittenLast() throws Exception {
        Path root = tree(2, 2);
        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        m.blockOnline(0, OnlineType.ONLINE_MOVABLE);
        m.blockOffline(0);
        m.blockOnline(0, OnlineType.ONLINE_KERNEL);
        assertThat(read(root, "sys/devices/system/memory/memory0/state")).isEqualTo("online\n");
        m.invalidate();
        assertThat(m.topology().block(0).orElseThrow().zone()).isEqualTo(Zone.NORMAL);
        m.blockOffline(0);
        m.invalidate();
        assertThat(m.topology().block(0).orElseThrow().online()).isFalse();
    }

    @Test
    void aChangeBehindSysplugsBackIsSeenAfterInvalidate() throws Exception {
        Path root = tree(2, 2);
        LinuxMachine m = new LinuxMachine(Sysroot.of(root));
        assertThat(m.topology().memory()).hasSize(2);
        Path b = Files.createDirectories(root.resolve("sys/devices/system/memory/memory2"));
        Files.writeString(b.resolve("state"), "offline\n");
        assertThat(m.topology().memory()).hasSize(2);
        m.invalidate();
        assertThat(m.topology().memory()).extracting(x -> x.id()).containsExactly(0, 1, 2);
    }

    @Test
    void kernelAnswersMapToErrnos() {
        assertThat(LinuxMachine.errno(new FileSystemException("f", null, "Device or resource busy"))).isEqualTo(Errno.EBUSY);
        assertThat(LinuxMachine.errno(new FileSystemException("f", null, "Invalid argument"))).isEqualTo(Errno.EINVAL);
        assertThat(LinuxMachine.errno(new FileSystemException("f", null, "Operation not permitted"))).isEqualTo(Errno.EPERM);
        assertThat(LinuxMachine.errno(new FileSystemException("f", null, "No such device"))).isEqualTo(Errno.ENODEV);
        assertThat(LinuxMachine.errno(new FileSystemException("f", null, "Resource temporarily unavailable"))).isEqualTo(Errno.EAGAIN);
        assertThat(LinuxMachine.errno(new FileSystemException("f", null, "Input/output error"))).isEqualTo(Errno.EIO);
    }

    @Test
    void theFirmwareAsSysfsShowsIt() throws Exception {
        Path root = tree(2, 4);
        Path sb = Files.createDirectories(root.resolve("sys/devices/LNXSYSTM:00/LNXSYBUS:00"));
        Path mem = Files.createDirectories(sb.resolve("PNP0C80:00"));
        Files.writeString(sb.resolve("path"), "\\_SB_\n");
        Files.writeString(sb.resolve("hid"), "LNXSYBUS\n");
        Files.writeString(mem.resolve("path"), "\\_SB_.MHPC\n");
        Files.writeString(mem.resolve("hid"), "PNP0C80\n");
        Files.writeString(mem.resolve("uid"), "0\n");
        Files.writeString(mem.resolve("status"), "15\n");
        Files.writeString(mem.resolve("eject"), "");
        Files.createSymbolicLink(mem.resolve("physical_node"), Path.of("../../../system/memory/memory2"));
        Files.createSymbolicLink(mem.resolve("physical_node1"), Path.of("../../../system/memory/memory3"));
        Path bus = Files.createDirectories(root.resolve("sys/bus/acpi/devices"));
        Files.createSymbolicLink(bus.resolve("LNXSYBUS:00"), Path.of("../../../devices/LNXSYSTM:00/LNXSYBUS:00"));
        Files.createSymbolicLink(bus.resolve("PNP0C80:00"), Path.of("../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C80:00"));
        Files.createSymbolicLink(bus.resolve("LOOP:00"), Path.of("LOOP:00"));                  // loops: skipped
        Path hp = Files.createDirectories(root.resolve("sys/firmware/acpi/hotplug/memory"));
        Files.writeString(hp.resolve("enabled"), "1\n");

        LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
        LinuxAcpi acpi = new LinuxAcpi(m);
        List<LinuxAcpi.Found> all = acpi.scan();
        assertThat(all).extracting(f -> f.device().path()).containsExactly("\\_SB_", "\\_SB_.MHPC");
        AcpiDevice d = all.get(1).device();
        assertThat(d.hid()).isEqualTo("PNP0C80");
        assertThat(d.hotplugClass()).isEqualTo("memory");
        assertThat(d.ejectable()).isTrue();
        assertThat(d.present()).isTrue();
        assertThat(d.resources()).containsExactly(new AcpiResource.MemoryRange(2 * SyntheticTree.BLOCK, 2 * SyntheticTree.BLOCK));
        assertThat(all.get(0).device().children()).containsExactly("\\_SB_.MHPC");

        acpi.eject("\\_SB_.MHPC");
        assertThat(read(root, "sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C80:00/eject")).isEqualTo("1");
        assertThatThrownBy(() -> acpi.eject("\\_SB_")).hasMessageContaining("no eject file");
        assertThatThrownBy(() -> acpi.eject("\\_SB_.NONE")).hasMessageContaining("is not a device");

        assertThat(acpi.profileEnabled("memory")).isTrue();
        acpi.setProfileEnabled("memory", false);
        assertThat(read(root, "sys/firmware/acpi/hotplug/memory/enabled")).isEqualTo("0\n"); // over "1\n"
        assertThatThrownBy(() -> acpi.setProfileEnabled("../x", true)).isInstanceOf(PortException.class);
        assertThatThrownBy(() -> acpi.setProfileEnabled("processor", true)).hasMessageContaining("no hot-plug profile");
    }

    @Test
    void aBlockLinkedToItsNodeAfterItsAddEventIsOnItsNodeOnceTheNextEventIsRead() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 2, true, 4, false);
        LinuxMachine m = new LinuxMachine(Sysroot.of(root));
        m.topology();
        // the kernel sends memory10's add event, then links it under node0 (register_memory, then
        // the node's link): read on the event, it is on no node yet
        newBlock(root, 10);
        m.cameOrWent("memory10");
        assertThat(m.topology().block(10).orElseThrow().node()).isEqualTo(-1);
        Files.createSymbolicLink(root.resolve("sys/devices/system/node/node0/memory10"), Path.of("../../memory/memory10"));
        // the next event, of another block, has it looked at again
        newBlock(root, 11);
        Files.createSymbolicLink(root.resolve("sys/devices/system/node/node0/memory11"), Path.of("../../memory/memory11"));
        m.cameOrWent("memory11");
        assertThat(m.topology().block(10).orElseThrow().node()).isEqualTo(0);
        assertThat(m.topology().block(11).orElseThrow().node()).isEqualTo(0);
    }

    private static void newBlock(Path root, int id) throws IOException {
        Path b = Files.createDirectory(root.resolve("sys/devices/system/memory/memory" + id));
        Files.writeString(b.resolve("phys_index"), String.format("%08x%n", id));
        Files.writeString(b.resolve("state"), "offline\n");
        Files.writeString(b.resolve("valid_zones"), "Movable Normal\n");
        Files.writeString(b.resolve("removable"), "1\n");
    }
}
