package org.sysplug.resource.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.resource.node.Fixture.describe;
import static org.sysplug.resource.node.Fixture.failAt;
import static org.sysplug.resource.node.Fixture.onlineNodes;
import static org.sysplug.resource.node.Fixture.remove;
import static org.sysplug.resource.node.Fixture.step;
import static org.sysplug.resource.node.Fixture.validate;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.Zone;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

class NodeRemoveTest {

    private static final HotplugRequest EJECT_NOD1 = HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD1").build();

    @Test
    void anEmptyOnlineNodeIsTakenOfflineAndRollbackBringsItBack() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        m.nodes().online(1);
        State before = State.of(m);

        Outcome ok = LocalRunner.run(EJECT_NOD1, describe(false, new NodeResource("\\_SB.NOD1", 1)), remove(m));
        assertThat(ok.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(onlineNodes(m)).containsExactly(0);

        m.nodes().online(1);
        Outcome failed = LocalRunner.run(EJECT_NOD1, describe(false, new NodeResource("\\_SB.NOD1", 1)), remove(m),
                failAt(Phase.DELETE_EXECUTE, 100));
        assertThat(failed.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aNodeTheKernelTookOfflineAlreadyNeedsNothing() throws Exception {
        TestMachine m = Populated.machine();
        State before = State.of(m);
        // what resource.cpu (10) and resource.memory (20) do: the node goes offline with its last resource
        var cpusAndMemory = step("cpu+memory", Phase.DELETE_EXECUTE, 15, c -> {
            for (int cpu = 8; cpu < 16; cpu++) {
                m.cpus().offline(cpu);
                m.cpus().unregister(cpu);
            }
            for (int b = 72; b < 136; b++) {
                m.memory().offline(b);
            }
            m.memory().remove(Populated.NOD1_MEMORY, Populated.NOD1_SIZE);
        }, c -> {
            for (int i = 0; i < 8; i++) {
                m.cpus().online(m.cpus().register(16 + i, 1));
            }
            for (int b : m.memory().add(Populated.NOD1_MEMORY, Populated.NOD1_SIZE, 1)) {
                m.memory().online(b, org.sysplug.platform.OnlineType.ONLINE_MOVABLE);
            }
        });

        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, Populated.nod1(m, true)), validate(m), cpusAndMemory,
                remove(m), failAt(Phase.DELETE_EXECUTE, 100));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.notes()).contains("node1 is offline already: nothing to do"));
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aNodeTheMachineDoesNotShowIsNotCalledOffline() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);
        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, new NodeResource("\\_SB.NOD1", 7)), remove(m));
        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.notes())
                .contains("node7 is not a node this machine shows: nothing to do"));
        assertThat(o.trace()).allSatisfy(e -> assertThat(e.notes()).noneMatch(n -> n.contains("offline already")));
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aDepartingNodeThatStillHoldsResourcesIsRefused() throws Exception {
        TestMachine m = Populated.machine();
        State before = State.of(m);

        // no CPU or memory module took them away
        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, Populated.nod1(m, true)), remove(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(o.failure().orElseThrow().message()).contains("still has present cpu8-15 and memory memory72-135");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void theNodeOfARemovedMemoryModuleStaysOnline() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.MEM2").build(),
                describe(false, new MemoryResource("\\_SB.MEM2", 0x440000000L, 2L << 30, 0, Zone.UNSPECIFIED),
                        new NodeResource("\\_SB.MEM2", 0)),
                remove(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void offlineTakesNodeTargetsOfflineAndRollbackBringsThemBack() throws Exception {
        TestMachine m = TestMachine.boot("server-4node");
        m.nodes().online(2);
        m.nodes().online(3);
        State before = State.of(m);

        Outcome failed = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "node2", "node3").build(), validate(m),
                remove(m), failAt(Phase.DELETE_EXECUTE, 100));
        assertThat(failed.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);

        Outcome ok = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "node2", "node3").build(), validate(m),
                remove(m));
        assertThat(ok.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(onlineNodes(m)).containsExactly(0, 1);
    }

    @Test
    void aNodeThatFailsToGoOfflineBringsBackTheNodesTakenOfflineBefore() throws Exception {
        TestMachine m = TestMachine.boot("server-4node");
        m.nodes().online(2);
        m.nodes().online(3);
        m.fail("node.offline", "node3", "EIO", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "node2", "node3").build(), remove(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().device()).isEqualTo("node3");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void offlineOfANodeWithResourcesIsRefusedAtExecuteTooBeforeAnythingChanges() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.nodes().online(1);
        State before = State.of(m);

        // without the validate handler: node1 (empty) must not go when node0 is refused
        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "node1", "node0").build(), remove(m));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(o.failure().orElseThrow().message()).contains("node0 still has", "offline and remove its CPUs and memory first");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void offlineOfAnOfflineNodeDoesNothing() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "node1").build(), validate(m), remove(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(State.of(m)).isEqualTo(before);
    }
}
