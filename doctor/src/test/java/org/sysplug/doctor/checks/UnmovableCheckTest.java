package org.sysplug.doctor.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.platform.sim.TestMachine;

/** Blocks with unmovable pages, on the real simulated machine: boot memory, and a block pinned in an ejectable node. */
class UnmovableCheckTest {

    @Test
    void bootMemoryThatNothingCanEjectIsOnlyNoted() {
        TestMachine m = TestMachine.boot("default"); // memory0-7: the description's unmovable first GiB
        List<Finding> found = new UnmovableCheck(m.firmware()).examine(Machines.now(m));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.subject()).isEqualTo("memory0-7");
            assertThat(f.problem()).contains("node0", "removable 0")
                    .endsWith("no ejectable firmware device covers them, so nothing could unplug them anyway");
            // the kernel shows removable 0, never why: boot memory is a guess a Linux tree does not support
            assertThat(f.problem()).doesNotContain("boot memory");
        });
    }

    @Test
    void aPinnedBlockOfAnEjectableNodeIsAWarningNamingTheBlockAndTheNode() throws Exception {
        TestMachine m = Machines.node1Added(0);
        m.pin(80);
        m.pin(81);
        m.pin(90);

        List<Finding> found = new UnmovableCheck(m.firmware()).examine(Machines.now(m));

        assertThat(found).filteredOn(f -> f.severity() == Severity.WARNING).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("unmovable-blocks");
            assertThat(f.subject()).isEqualTo("memory80-81,90");
            assertThat(f.problem()).startsWith("memory80-81,90 hold unmovable pages (removable 0): offlining fails "
                    + "with EBUSY, so node1 (\\_SB.NOD1) cannot be unplugged while they are online");
            assertThat(f.fix()).contains("\\_SB.NOD1");
        });
    }
}
