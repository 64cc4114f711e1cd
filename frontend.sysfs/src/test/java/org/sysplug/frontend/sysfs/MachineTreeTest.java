package org.sysplug.frontend.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Operation;
import org.sysplug.frontend.sysfs.Node.Attribute;
import org.sysplug.frontend.sysfs.Node.Dir;
import org.sysplug.frontend.sysfs.Node.Link;
import org.sysplug.platform.sim.TestMachine;

/** The tree of the default simulated machine: its files, their modes and texts, and what writes to them do. */
class MachineTreeTest {

    private final TestMachine machine = TestMachine.boot("default");
    private final PortWrites writes = new PortWrites(machine);
    private final MachineTree tree = new MachineTree(ServedTreeProperties.machineOf(machine, Optional.of(machine.firmware())), writes);

    private Node node(String path) {
        return tree.lookup(path).orElseThrow(() -> new AssertionError("no " + path));
    }

    private Attribute attribute(String path) {
        return (Attribute) node(path);
    }

    private String read(String path) {
        return attribute(path).show().get();
    }

    private void write(String path, String value) throws SysfsError {
        attribute(path).store().store(value);
    }

    @Test
    void theCpuFilesAreTheKernelsWithItsModes() {
        assertThat(((Dir) node("devices/system/cpu")).names()).startsWith("kernel_max", "offline", "online", "possible", "present", "cpu0")
                .contains("cpu7").doesNotContain("cpu8");
        assertThat(read("devices/system/cpu/possible")).isEqualTo("0-15\n");
        assertThat(read("devices/system/cpu/present")).isEqualTo("0-7\n");
        assertThat(read("devices/system/cpu/online")).isEqualTo("0-7\n");
        assertThat(read("devices/system/cpu/offline")).isEqualTo("8-15\n");
        assertThat(read("devices/system/cpu/kernel_max")).isEqualTo("15\n");
        assertThat(attribute("devices/system/cpu/online").mode()).isEqualTo(0444);
        assertThat(attribute("devices/system/cpu/online").writable()).isFalse();
        // x86's boot CPU cannot go offline: no online file
        assertThat(((Dir) node("devices/system/cpu/cpu0")).names()).containsExactly("node0");
        assertThat(tree.lookup("devices/system/cpu/cpu0/online")).isEmpty();
        assertThat(attribute("devices/system/cpu/cpu3/online").mode()).isEqualTo(0644);
        assertThat(node("devices/system/cpu/cpu3/node0")).isEqualTo(new Link("../../node/node0"));
    }

    @Test
    void pathsThatNameNothingAreNotFound() {
        for (String path : List.of("devices/system/cpu/cpu8", "devices/system/cpu/cpu03", "devices/system/cpu/cpu-1",
                "devices/system/cpu/cpu3/node1", "devices/system/memory/memory24", "devices/system/memory/memory3/..",
                "devices/system/node/node1", "devices/../devices", "devices//system", "sys", "devices/system/cpu/cpu3/online/x",
                "devices/system/cpu/cpu99999999999")) {
            assertThat(tree.lookup(path)).as(path).isEmpty();
        }
    }

    @Test
    void theMemoryFilesAreTheKernels() {
        assertThat(read("devices/system/memory/block_size_bytes")).isEqualTo("8000000\n");
        assertThat(read("devices/system/memory/auto_online_blocks")).isEqualTo("offline\n");
        assertThat(((Dir) node("devices/system/memory/memory40")).names())
                .containsExactly("online", "phys_device", "phys_index", "removable", "state", "valid_zones", "node0");
        assertThat(read("devices/system/memory/memory40/phys_index")).isEqualTo("00000028\n");
        assertThat(read("devices/system/memory/memory40/state")).isEqualTo("online\n");
        assertThat(read("devices/system/memory/memory40/online")).isEqualTo("1\n");
        assertThat(read("devices/system/memory/memory40/removable")).isEqualTo("1\n");
        assertThat(read("devices/system/memory/memory3/removable")).isEqualTo("0\n");
        assertThat(read("devices/system/memory/memory40/valid_zones")).isEqualTo("Normal\n");
        assertThat(attribute("devices/system/memory/memory40/state").mode()).isEqualTo(0644);
        assertThat(attribute("devices/system/memory/memory40/phys_index").mode()).isEqualTo(0444);
        assertThat(node("devices/system/memory/memory40/node0")).isEqualTo(new Link("../../node/node0"));
    }

    @Test
    void theNodeFilesHoldTheOnlineCpusAndTheBlocks() throws SysfsError {
        assertThat(read("devices/system/node/possible")).isEqualTo("0-1\n");
        assertThat(read("devices/system/node/online")).isEqualTo("0\n");
        assertThat(read("devices/system/node/node0/cpulist")).isEqualTo("0-7\n");
        assertThat(read("devices/system/node/node0/cpumap")).isEqualTo("00ff\n");
        assertThat(read("devices/system/node/node0/meminfo")).isEqualTo("Node 0 MemTotal:        8388608 kB\n");
        write("devices/system/cpu/cpu3/online", "0\n");
        // as on x86, an offline CPU leaves its node's cpumap, not the node's directory
        assertThat(read("devices/system/node/node0/cpulist")).isEqualTo("0-2,4-7\n");
        assertThat(read("devices/system/node/node0/cpumap")).isEqualTo("00f7\n");
        assertThat(node("devices/system/node/node0/cpu3")).isEqualTo(new Link("../../cpu/cpu3"));
        assertThat(node("devices/system/node/node0/memory40")).isEqualTo(new Link("../../memory/memory40"));
    }

    @Test
    void aCpuWriteIsOneRequestAndTheStateItIsInAlreadyIsNone() throws SysfsError {
        write("devices/system/cpu/cpu3/online", "0\n");
        assertThat(writes.requests).containsExactly(new PortWrites.Request(Operation.OFFLINE, "cpu3", Map.of(),
                "devices/system/cpu/cpu3/online"));
        assertThat(read("devices/system/cpu/cpu3/online")).isEqualTo("0\n");
        write("devices/system/cpu/cpu3/online", "n");
        assertThat(writes.requests).hasSize(1);
        write("devices/system/cpu/cpu3/online", "on\n");
        assertThat(writes.requests).hasSize(2);
        assertThat(read("devices/system/cpu/online")).isEqualTo("0-7\n");
        assertThat(errno(() -> write("devices/system/cpu/cpu3/online", "2\n"))).isEqualTo(Errnos.EINVAL);
        assertThat(errno(() -> write("devices/system/cpu/cpu3/online", ""))).isEqualTo(Errnos.EINVAL);
        assertThat(writes.requests).hasSize(2);
    }

    @Test
    void aBlockStateWriteTakesTheKernelsWordsAndItsZone() throws SysfsError {
        write("devices/system/memory/memory40/state", "offline\n");
        write("devices/system/memory/memory40/state", "online_movable\n");
        assertThat(writes.requests).extracting(PortWrites.Request::parameters).containsExactly(Map.of(), Map.of("zone", "movable"));
        assertThat(read("devices/system/memory/memory40/valid_zones")).isEqualTo("Movable\n");
        // state_store: the state the block is in already is EINVAL, and so is a word it does not know
        assertThat(errno(() -> write("devices/system/memory/memory40/state", "online\n"))).isEqualTo(Errnos.EINVAL);
        assertThat(errno(() -> write("devices/system/memory/memory40/state", "onl\n"))).isEqualTo(Errnos.EINVAL);
        assertThat(writes.requests).hasSize(2);
        // the online file: its state already is no request and success
        write("devices/system/memory/memory40/online", "1\n");
        assertThat(writes.requests).hasSize(2);
        // a block holding unmovable pages: the port's EBUSY reaches the writer
        assertThat(errno(() -> write("devices/system/memory/memory3/state", "offline\n"))).isEqualTo(Errnos.EBUSY);
        assertThat(read("devices/system/memory/memory3/state")).isEqualTo("online\n");
        assertThat(errno(() -> write("devices/system/memory/auto_online_blocks", "online\n"))).isEqualTo(Errnos.EPERM);
        write("devices/system/memory/auto_online_blocks", "offline\n");
    }

    @Test
    void theFirmwareShowsItsPresentDevicesUnderTheKernelsNamesAndItsProfiles() throws SysfsError {
        List<String> devices = ((Dir) node("bus/acpi/devices")).names();
        assertThat(devices).contains("ACPI0004:00", "ACPI0007:00", "ACPI0007:07", "PNP0C80:00");
        assertThat(read("bus/acpi/devices/ACPI0007:03/path")).isEqualTo("\\_SB_.NOD0.CP03\n");
        assertThat(read("bus/acpi/devices/ACPI0007:03/hid")).isEqualTo("ACPI0007\n");
        assertThat(read("bus/acpi/devices/ACPI0007:03/status")).isEqualTo("15\n");
        assertThat(read("firmware/acpi/hotplug/container/enabled")).isEqualTo("1\n");
        write("firmware/acpi/hotplug/container/enabled", "0\n");
        assertThat(machine.firmware().profileEnabled("container")).isFalse();
        assertThat(read("firmware/acpi/hotplug/container/enabled")).isEqualTo("0\n");
        assertThat(errno(() -> write("firmware/acpi/hotplug/container/enabled", "x"))).isEqualTo(Errnos.EINVAL);
        assertThat(((Dir) node("kernel/debug")).names()).as("no simulator control: no fault files").isEmpty();
    }

    @Test
    void anEjectableDeviceHasAWriteOnlyEjectFileThatTakesOne() throws Exception {
        machine.insert("\\_SB.NOD1");
        String node1 = ((Dir) node("bus/acpi/devices")).names().stream()
                .filter(n -> tree.lookup("bus/acpi/devices/" + n + "/path").map(a -> ((Attribute) a).show().get())
                        .orElse("").equals("\\_SB_.NOD1\n"))
                .findFirst().orElseThrow();
        Attribute eject = attribute("bus/acpi/devices/" + node1 + "/eject");
        assertThat(eject.mode()).isEqualTo(0200);
        assertThat(eject.readable()).isFalse();
        assertThat(errno(() -> eject.store().store("0\n"))).isEqualTo(Errnos.EINVAL);
        eject.store().store("1\n");
        assertThat(writes.requests).containsExactly(new PortWrites.Request(Operation.HOT_REMOVE, "\\_SB.NOD1", Map.of(),
                "bus/acpi/devices/" + node1 + "/eject"));
    }

    @Test
    void fullPathnamesPadEveryNameToFourCharacters() {
        assertThat(MachineTree.fullPathname("\\_SB.NOD1")).isEqualTo("\\_SB_.NOD1");
        assertThat(MachineTree.fullPathname("\\_SB.N1.C")).isEqualTo("\\_SB_.N1__.C___");
    }

    @Test
    void aCpumaskIsPrintedAsTheKernelsBitmapInGroupsOfEightDigits() {
        java.util.BitSet bits = new java.util.BitSet();
        bits.set(0, 8);
        assertThat(MachineTree.bitmap(bits, 8)).isEqualTo("ff\n");
        assertThat(MachineTree.bitmap(bits, 64)).isEqualTo("00000000,000000ff\n");
        bits.set(32);
        assertThat(MachineTree.bitmap(bits, 33)).isEqualTo("1,000000ff\n");
        assertThat(MachineTree.bitmap(new java.util.BitSet(), 4)).isEqualTo("0\n");
    }

    private interface Write {
        void run() throws SysfsError;
    }

    private static int errno(Write write) {
        try {
            write.run();
        } catch (SysfsError e) {
            return e.errno();
        }
        throw new AssertionError("the write was not refused");
    }

    @Test
    void aRefusalIsASysfsErrorNotAnException() {
        assertThatThrownBy(() -> write("devices/system/cpu/cpu3/online", "maybe")).isInstanceOf(SysfsError.class)
                .hasMessageContaining("devices/system/cpu/cpu3/online").hasMessageContaining("write 1 or 0");
    }
}
