package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.platform.sim.PortErrors.refused;

import org.junit.jupiter.api.Test;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Errno;
import org.sysplug.platform.PortException;

/** CPUs: possible ⊇ present ⊇ online, the APIC map, the boot CPU and the last online CPU. */
class CpuRulesTest {

    private final SimMachine machine = Machines.boot("default");

    private CpuInfo cpu(int id) {
        return machine.topology().cpu(id).orElseThrow();
    }

    @Test
    void bootRegistersAndOnlinesThePresentProcessorsFromCpu0() {
        assertThat(machine.topology().cpus()).hasSize(16);
        for (int id = 0; id < 8; id++) {
            assertThat(cpu(id)).isEqualTo(new CpuInfo(id, id, 0, true, true, id != 0));
        }
        for (int id = 8; id < 16; id++) {
            assertThat(cpu(id)).isEqualTo(new CpuInfo(id, -1, -1, false, false, true));
        }
    }

    @Test
    void registerMapsTheApicIdToTheLowestFreeLogicalIdPresentAndOffline() throws PortException {
        int id = machine.cpuRegister(16, 1);

        assertThat(id).isEqualTo(8);
        assertThat(cpu(8)).isEqualTo(new CpuInfo(8, 16, 1, true, false, true));
        assertThat(machine.topology().node(1).orElseThrow().online()).as("its node comes online").isTrue();
    }

    @Test
    void anApicIdComesBackAsTheSameLogicalIdAsX86KeepsTheMappingPersistent() throws PortException {
        machine.cpuOffline(3);
        machine.cpuUnregister(3);

        assertThat(machine.cpuRegister(40, 0)).as("a new APIC id takes an id no APIC id ever had").isEqualTo(8);
        assertThat(machine.cpuRegister(3, 0)).as("APIC 3 gets cpu3 back").isEqualTo(3);
        assertThat(cpu(3).apicId()).isEqualTo(3);
    }

    @Test
    void onceEveryLogicalIdWasUsedAFreedOneIsReused() throws PortException {
        for (int apic = 16; apic < 24; apic++) {
            machine.cpuRegister(apic, 1);
        }
        machine.cpuOffline(3);
        machine.cpuUnregister(3);

        assertThat(machine.cpuRegister(40, 0)).isEqualTo(3);
        assertThat(cpu(3).apicId()).isEqualTo(40);
    }

    @Test
    void registeringAnApicIdTwiceIsRefused() {
        PortException e = refused(machine, Errno.EINVAL, "cpu5", () -> machine.cpuRegister(5, 0));
        assertThat(e.getMessage()).contains("APIC id 5");
    }

    @Test
    void registeringBeyondThePossibleCpusIsRefused() throws PortException {
        for (int apic = 16; apic < 24; apic++) {
            machine.cpuRegister(apic, 1);
        }
        refused(machine, Errno.EBUSY, "apic99", () -> machine.cpuRegister(99, 1));
    }

    @Test
    void registeringOnANodeThatIsNotPossibleIsRefused() {
        refused(machine, Errno.ENODEV, "node2", () -> machine.cpuRegister(16, 2));
    }

    @Test
    void onlineRequiresAPresentCpu() throws PortException {
        PortException e = refused(machine, Errno.ENODEV, "cpu9", () -> machine.cpuOnline(9));
        assertThat(e.getMessage()).contains("not present");
        refused(machine, Errno.ENODEV, "cpu16", () -> machine.cpuOnline(16));
        refused(machine, Errno.ENODEV, "cpu-1", () -> machine.cpuOnline(-1));

        int id = machine.cpuRegister(16, 1);
        machine.cpuOnline(id);
        assertThat(cpu(id).online()).isTrue();
    }

    @Test
    void onliningAnOnlineCpuOrOffliningAnOfflineOneChangesNothing() throws PortException {
        long generation = machine.generation();
        machine.cpuOnline(2);
        machine.cpuOffline(2);
        machine.cpuOffline(2);
        assertThat(cpu(2).online()).isFalse();
        assertThat(machine.generation()).isEqualTo(generation + 1);
    }

    @Test
    void theBootCpuIsNotHotPluggable() {
        assertThat(cpu(0).hotpluggable()).isFalse();
        PortException e = refused(machine, Errno.EPERM, "cpu0", () -> machine.cpuOffline(0));
        assertThat(e.getMessage()).startsWith("cpu0 is not hot-pluggable");
    }

    @Test
    void aHotPluggableBootCpuMayGoOffline() throws PortException {
        SimMachine m = Machines.bootYaml(twoCpus(true));
        assertThat(m.topology().cpu(0).orElseThrow().hotpluggable()).isTrue();
        m.cpuOffline(0);
        assertThat(m.topology().cpu(0).orElseThrow().online()).isFalse();
    }

    @Test
    void theLastOnlineCpuCannotGoOffline() throws PortException {
        SimMachine m = Machines.bootYaml(twoCpus(true));
        m.cpuOffline(0);
        PortException e = refused(m, Errno.EBUSY, "cpu1", () -> m.cpuOffline(1));
        assertThat(e.getMessage()).contains("last online CPU");
    }

    @Test
    void unregisterRequiresAnOfflinePresentCpu() throws PortException {
        refused(machine, Errno.EBUSY, "cpu4", () -> machine.cpuUnregister(4));
        refused(machine, Errno.ENODEV, "cpu12", () -> machine.cpuUnregister(12));

        machine.cpuOffline(4);
        machine.cpuUnregister(4);

        assertThat(cpu(4)).isEqualTo(new CpuInfo(4, -1, -1, false, false, true));
    }

    @Test
    void unregisteringTheLastCpuOfANodeWithoutMemoryTakesItOffline() throws PortException {
        int a = machine.cpuRegister(16, 1);
        int b = machine.cpuRegister(17, 1);
        machine.cpuUnregister(a);
        assertThat(machine.topology().node(1).orElseThrow().online()).isTrue();

        machine.cpuUnregister(b);

        assertThat(machine.topology().node(1).orElseThrow().online()).isFalse();
    }

    static String twoCpus(boolean bootCpuHotpluggable) {
        return """
                name: two
                boot-cpu-hotpluggable: %s
                firmware:
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0, ejectable: false}
                  - {path: \\_SB.CPU1, type: processor, node: 0, apic-id: 1}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 1GiB, ejectable: false}
                """.formatted(bootCpuHotpluggable);
    }
}
