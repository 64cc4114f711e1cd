package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.platform.sim.Machines.GIB;
import static org.sysplug.platform.sim.PortErrors.refused;

import org.junit.jupiter.api.Test;
import org.sysplug.platform.Errno;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.PortException;

/** Nodes: online while they have CPUs or memory; the node handler may online an empty one first. */
class NodeRulesTest {

    private final SimMachine machine = Machines.boot("default");

    private boolean online(int node) {
        return machine.topology().node(node).orElseThrow().online();
    }

    @Test
    void bootOnlinesTheNodesThatHaveCpusOrMemory() {
        assertThat(machine.topology().nodes()).containsExactly(new NodeInfo(0, true), new NodeInfo(1, false));
    }

    @Test
    void anEmptyPossibleNodeMayComeOnlineAheadOfItsResources() throws PortException {
        machine.nodeOnline(1);
        assertThat(online(1)).isTrue();

        machine.nodeOffline(1);
        assertThat(online(1)).isFalse();
    }

    @Test
    void aNodeThatIsNotPossibleIsUnknown() {
        refused(machine, Errno.ENODEV, "node2", () -> machine.nodeOnline(2));
        refused(machine, Errno.ENODEV, "node2", () -> machine.nodeOffline(2));
        refused(machine, Errno.ENODEV, "node-1", () -> machine.nodeOnline(-1));
    }

    @Test
    void aNodeWithPresentCpusCannotGoOffline() throws PortException {
        int cpu = machine.cpuRegister(16, 1);
        PortException e = refused(machine, Errno.EBUSY, "node1", () -> machine.nodeOffline(1));
        assertThat(e.getMessage()).contains("present cpu" + cpu);
    }

    @Test
    void aNodeWithMemoryCannotGoOffline() throws PortException {
        machine.memoryAdd(9 * GIB, GIB, 1);
        PortException e = refused(machine, Errno.EBUSY, "node1", () -> machine.nodeOffline(1));
        assertThat(e.getMessage()).contains("memory72-79");
    }

    @Test
    void theBootNodeCannotGoOffline() {
        refused(machine, Errno.EBUSY, "node0", () -> machine.nodeOffline(0));
    }

    @Test
    void onliningAnOnlineNodeChangesNothing() throws PortException {
        long generation = machine.generation();
        machine.nodeOnline(0);
        assertThat(machine.generation()).isEqualTo(generation);
    }

    @Test
    void removingTheLastCpuAndMemoryTakesANodeOffline() throws PortException {
        machine.nodeOnline(1);
        int cpu = machine.cpuRegister(16, 1);
        machine.memoryAdd(9 * GIB, GIB, 1);

        machine.cpuUnregister(cpu);
        assertThat(online(1)).as("memory left").isTrue();
        machine.memoryRemove(9 * GIB, GIB);

        assertThat(online(1)).isFalse();
    }
}
