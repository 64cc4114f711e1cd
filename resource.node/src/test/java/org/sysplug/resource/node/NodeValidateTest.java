package org.sysplug.resource.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.resource.node.Fixture.describe;
import static org.sysplug.resource.node.Fixture.validate;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.Zone;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

class NodeValidateTest {

    private static final HotplugRequest EJECT_NOD1 = HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD1").build();

    @Test
    void aNodeMayGoWithAllItsCpusAndMemory() throws Exception {
        TestMachine m = Populated.machine();
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, Populated.nod1(m, true)), validate(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aNodeThatWouldKeepACpuIsRefusedNamingIt() throws Exception {
        TestMachine m = Populated.machine();
        State before = State.of(m);

        // CP03 (APIC 19, cpu11) is not in the request
        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, Populated.nod1(m, true, 3)), validate(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("node1");
        assertThat(o.failure().orElseThrow().message()).contains("would keep present cpu11, which").doesNotContain("memory72");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aNodeThatWouldKeepMemoryIsRefusedNamingTheBlocks() throws Exception {
        TestMachine m = Populated.machine();

        // only the first 4 GiB of node1's 8: memory104-135 stay
        var resources = Populated.nod1(m, false);
        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, resources),
                describe(false, new MemoryResource("\\_SB.NOD1.MEM0", Populated.NOD1_MEMORY, 4L << 30, 1, Zone.UNSPECIFIED)),
                validate(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(o.failure().orElseThrow().message()).contains("would keep memory memory104-135, which").doesNotContain("present cpu");
    }

    @Test
    void aNodeWhoseResourcesAreGoneAlreadyMayGo() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        m.nodes().online(1);

        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, Populated.nod1(m, true)), validate(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void theNodeOfARemovedMemoryModuleDoesNotHaveToGo() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.MEM2");
        m.memory().add(0x440000000L, 2L << 30, 0);

        // firmware.acpi records node0 for \_SB.MEM2: the node of the module, not a node device
        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.MEM2").build(),
                describe(false, new MemoryResource("\\_SB.MEM2", 0x440000000L, 2L << 30, 0, Zone.UNSPECIFIED),
                        new NodeResource("\\_SB.MEM2", 0)),
                validate(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void offlineOfANodeWithCpusOrMemoryIsRefusedSayingWhatToDo() throws Exception {
        TestMachine m = Populated.machine();
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "node1").dryRun(true).build(), validate(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(o.failure().orElseThrow().message()).contains("present cpu8-15", "memory memory72-135",
                "offline and remove its CPUs and memory first");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void offlineOfAnEmptyNodeValidates() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.nodes().online(1);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "node1").dryRun(true).build(), validate(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void offlineOfANodeThatIsNotPossibleIsRefused() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "node5").build(), validate(m));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("ENODEV");
    }
}
