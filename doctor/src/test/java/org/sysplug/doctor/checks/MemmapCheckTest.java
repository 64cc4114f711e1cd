package org.sysplug.doctor.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.TestMachine;

/** The memmap cost of a hot-add (1/64 of the memory added) against the simulated machine's free memory. */
class MemmapCheckTest {

    @Test
    void withNothingPlannedEveryEmptySlotIsCostedAgainstFreeMemory() {
        TestMachine m = TestMachine.boot("default");
        List<Finding> found = new MemmapCheck(m.firmware(), m.view()).examine(Machines.now(m));

        assertThat(found).extracting(Finding::subject).containsExactly("\\_SB.NOD1", "\\_SB.MEM2");
        assertThat(found).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        // 8G / 64 = 128M; free: 8G online less the unmovable 1G less the memmap of those 8G (128M)
        assertThat(found.get(0).problem()).isEqualTo("hot-adding \\_SB.NOD1 (8G of memory) needs 128M for its memmap "
                + "(64-byte struct pages per 4 KiB page), taken from memory already online; 6.9G is free");
        assertThat(found.get(1).problem()).contains("(2G of memory) needs 32M");
        assertThat(m.view().memoryFree()).hasValue((7L << 30) - (8L << 30) / 64);
    }

    @Test
    void aPlannedHotAddIsTheOnlyOneCosted() {
        TestMachine m = TestMachine.boot("default");
        HotplugRequest add = HotplugRequest.of(Operation.HOT_ADD, "\\_SB.MEM2").build();
        assertThat(new MemmapCheck(m.firmware(), m.view()).examine(Machines.now(m, add)))
                .extracting(Finding::subject).containsExactly("\\_SB.MEM2");
    }

    @Test
    void aHotAddWhoseMemmapDoesNotFitIsAnError() {
        // 1 GiB of boot memory, all of it the kernel's; a 64 GiB slot needs 1 GiB of struct pages
        TestMachine m = TestMachine.fromYaml("""
                name: small
                unmovable: [{start: 0, size: 1GiB}]
                firmware:
                  - path: \\_SB.NOD0
                    type: container
                    node: 0
                    ejectable: false
                    cpus: {count: 2, apic-base: 0}
                    memory: [{start: 0, size: 1GiB}]
                  - path: \\_SB.MEM1
                    type: memory
                    node: 0
                    present: false
                    start: 4GiB
                    size: 64GiB
                """);
        assertThat(new MemmapCheck(m.firmware(), m.view()).examine(Machines.now(m))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.subject()).isEqualTo("\\_SB.MEM1");
            assertThat(f.problem()).contains("needs 1G for its memmap", "but only 0B is free");
            assertThat(f.fix()).startsWith("free at least 1G before inserting \\_SB.MEM1");
        });
    }

    @Test
    void freeMemoryTheBackendCannotTellIsSaidToBeUnknown() {
        TestMachine m = TestMachine.boot("default");
        MachineView silent = new MachineView() {
            @Override
            public Topology topology() {
                return m.topology();
            }

            @Override
            public String describe() {
                return "a backend without free memory";
            }
        };
        assertThat(silent.memoryFree()).isEqualTo(OptionalLong.empty());
        assertThat(new MemmapCheck(m.firmware(), silent).examine(Machines.now(m))).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.problem()).contains("free memory is unknown");
        });
    }
}
