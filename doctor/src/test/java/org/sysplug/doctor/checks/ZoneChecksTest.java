package org.sysplug.doctor.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.platform.sim.TestMachine;

/**
 * The zone checks on the real simulated machine: memory of an ejectable node in ZONE_NORMAL, and the
 * MOVABLE:NORMAL ratio per node, against the kernel's default auto_movable_ratio of 301%.
 */
class ZoneChecksTest {

    @Test
    void kernelZoneBlocksOfAnEjectableNodeAreNamedCompressedWithTheNodeAndTheFix() throws Exception {
        TestMachine m = Machines.node1Added(16);

        List<Finding> found = new ZoneNormalCheck(m.firmware()).examine(Machines.now(m));

        // memory0-71 of node0 are in ZONE_NORMAL too, but \_SB.NOD0 has no _EJ0: nothing to warn about
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.check()).isEqualTo("zone-normal-blocks-unplug");
            assertThat(f.subject()).isEqualTo("memory72-87");
            assertThat(f.problem()).startsWith("memory72-87 in ZONE_NORMAL: node1 (\\_SB.NOD1) can never be unplugged "
                    + "while they are online");
            assertThat(f.fix()).contains("sysplug:offline memory 72-87", "sysplug:online memory 72-87 --zone movable");
        });
    }

    @Test
    void movableMemoryOfAnEjectableNodeAndTheDefaultMachineAreFine() throws Exception {
        assertThat(new ZoneNormalCheck(TestMachine.boot("default").firmware())
                .examine(Machines.now(TestMachine.boot("default")))).isEmpty();
        TestMachine movable = Machines.node1Added(0);
        assertThat(new ZoneNormalCheck(movable.firmware()).examine(Machines.now(movable))).isEmpty();
    }

    @Test
    void theRatioIsReportedPerNodeAndWarnsAboveTheKernelDefault() throws Exception {
        // node1: 16 blocks Normal, 48 Movable = 300%, just within 301%
        TestMachine within = Machines.node1Added(16);
        List<Finding> ok = new ZoneRatioCheck().examine(Machines.now(within));
        assertThat(ok).extracting(Finding::subject).containsExactly("node0", "node1");
        assertThat(ok).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(ok.get(0).problem()).startsWith("MOVABLE:NORMAL is 0% (0B movable, 8G in kernel zones)");
        assertThat(ok.get(1).problem()).startsWith("MOVABLE:NORMAL is 300% (6G movable, 2G in kernel zones)");

        // node1: 15 blocks Normal, 49 Movable = 327%
        TestMachine above = Machines.node1Added(15);
        Finding node1 = new ZoneRatioCheck().examine(Machines.now(above)).get(1);
        assertThat(node1.severity()).isEqualTo(Severity.WARNING);
        assertThat(node1.problem()).startsWith("MOVABLE:NORMAL is 327% (6.1G movable, 1.9G in kernel zones), above the "
                + "kernel's default limit of 301%: kernel allocations on node1 may fail").contains("OOM killer");
        assertThat(node1.fix()).contains("--zone kernel");
    }

    @Test
    void aNodeWithOnlyMovableMemoryIsAboveAnyRatio() throws Exception {
        TestMachine m = Machines.node1Added(0);
        Finding node1 = new ZoneRatioCheck().examine(Machines.now(m)).get(1);
        assertThat(node1.severity()).isEqualTo(Severity.WARNING);
        assertThat(node1.problem()).startsWith("all online memory of node1 is in ZONE_MOVABLE (8G movable, 0B in kernel zones)");
    }
}
