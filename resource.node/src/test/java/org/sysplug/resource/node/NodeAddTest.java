package org.sysplug.resource.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.resource.node.Fixture.add;
import static org.sysplug.resource.node.Fixture.describe;
import static org.sysplug.resource.node.Fixture.failAt;
import static org.sysplug.resource.node.Fixture.onlineNodes;
import static org.sysplug.resource.node.Fixture.step;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

class NodeAddTest {

    private static final HotplugRequest ADD_NOD1 = HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1").build();

    @Test
    void hotAddBringsTheRequestsNodesOnline() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        assertThat(onlineNodes(m)).containsExactly(0);

        Outcome o = LocalRunner.run(ADD_NOD1, describe(true, new NodeResource("\\_SB.NOD1", 1)), add(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(onlineNodes(m)).containsExactly(0, 1);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.notes()).contains("node1 brought online"));
    }

    @Test
    void rollbackTakesOfflineExactlyTheNodesItBroughtOnline() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        State before = State.of(m);

        // node0 is online already: rollback must leave it alone
        Outcome o = LocalRunner.run(ADD_NOD1,
                describe(true, new NodeResource("\\_SB.NOD1", 1), new NodeResource("\\_SB.NOD1", 0)), add(m),
                failAt(Phase.ADD_EXECUTE, 200));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(onlineNodes(m)).containsExactly(0);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aNodeThatFailsToComeOnlineUndoesTheNodesBroughtUpBefore() throws Exception {
        TestMachine m = TestMachine.boot("server-4node");
        m.insert("\\_SB.NOD2");
        m.insert("\\_SB.NOD3");
        m.fail("node.online", "node3", "EIO", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD2", "\\_SB.NOD3").build(),
                describe(true, new NodeResource("\\_SB.NOD2", 2), new NodeResource("\\_SB.NOD3", 3)), add(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EIO");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("node3");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void rollbackLeavesANodeTheKernelAlreadyTookOffline() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        State before = State.of(m);
        // what resource.memory does at 100: add memory to node1; its rollback removes it, and the
        // kernel takes node1 offline with its last block (try_offline_node)
        var memory = step("memory", Phase.ADD_EXECUTE, 100,
                c -> m.memory().add(0x240000000L, 1L << 30, 1),
                c -> m.memory().remove(0x240000000L, 1L << 30));

        Outcome o = LocalRunner.run(ADD_NOD1, describe(true, new NodeResource("\\_SB.NOD1", 1)), add(m), memory,
                failAt(Phase.ADD_EXECUTE, 200));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.notes()).anyMatch(n -> n.contains("node1 is offline already")));
    }

    @Test
    void rollbackBringsBackAnEmptyNodeTheKernelTookOfflineWithTheMemoryRolledBack() throws Exception {
        // found by the fault matrix (reliability): node1 online with nothing on it (sysplug:online
        // node1), then a hot-add of \_SB.NOD1 whose CPUs fail: the memory's rollback removes
        // node1's only range, the kernel takes node1 offline, and the request ended
        // FAILED_ROLLED_BACK with node1 offline
        TestMachine m = TestMachine.boot("default");
        assertThat(LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "node1").build(), add(m)).status())
                .isEqualTo(Status.SUCCEEDED);
        m.insert("\\_SB.NOD1");
        State before = State.of(m);
        var memory = step("memory", Phase.ADD_EXECUTE, 100,
                c -> m.memory().add(0x240000000L, 1L << 30, 1),
                c -> m.memory().remove(0x240000000L, 1L << 30));

        Outcome o = LocalRunner.run(ADD_NOD1, describe(true, new NodeResource("\\_SB.NOD1", 1)), add(m), memory,
                failAt(Phase.ADD_EXECUTE, 200));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(onlineNodes(m)).containsExactly(0, 1);
        assertThat(State.of(m)).isEqualTo(before);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.notes()).anyMatch(n -> n.contains("node1 brought online again")));
    }

    @Test
    void aFailingRollbackIsReported() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        // memory that stays on node1 (its module failed to roll back): the node cannot go offline
        var memory = step("memory", Phase.ADD_EXECUTE, 100, c -> {
            for (int b : m.memory().add(0x240000000L, 1L << 30, 1)) {
                m.memory().online(b, OnlineType.ONLINE_MOVABLE);
            }
        }, c -> {
        });

        Outcome o = LocalRunner.run(ADD_NOD1, describe(true, new NodeResource("\\_SB.NOD1", 1)), add(m), memory,
                failAt(Phase.ADD_EXECUTE, 200));

        assertThat(o.status()).isEqualTo(Status.FAILED_INCONSISTENT);
        assertThat(onlineNodes(m)).containsExactly(0, 1);
    }

    @Test
    void onlineRequestBringsNodeTargetsOnlineAndLeavesOtherClassesToTheirModules() throws Exception {
        TestMachine m = TestMachine.boot("default");
        HotplugRequest request = HotplugRequest.of(Operation.ONLINE, "node1", "cpu3").build();

        // alone, node.add takes node1 but not cpu3: the request fails for cpu3 and node1 goes back
        Outcome alone = LocalRunner.run(request, add(m));
        assertThat(alone.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(alone.failure().orElseThrow().code()).isEqualTo(HotplugException.NO_HANDLER);
        assertThat(alone.failure().orElseThrow().device()).isEqualTo("cpu3");
        assertThat(onlineNodes(m)).containsExactly(0);

        Outcome o = LocalRunner.run(request, add(m), LocalRunner.takingTheTargets(Phase.ADD_EXECUTE));
        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(onlineNodes(m)).containsExactly(0, 1);
    }

    @Test
    void onlineOfANodeThatIsNotPossibleIsRefusedBeforeAnythingChanges() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "node1", "node7").build(), add(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("ENODEV");
        assertThat(o.failure().orElseThrow().message()).contains("node7 is not a possible node", "node0-1");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void onlineRollbackTakesTheTargetOfflineAgain() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "node1", "node0").build(), add(m),
                failAt(Phase.ADD_EXECUTE, 200));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
        assertThat(List.of(0)).isEqualTo(onlineNodes(m));
    }
}
