package org.sysplug.resource.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.resource.cpu.Fixture.add;
import static org.sysplug.resource.cpu.Fixture.describe;
import static org.sysplug.resource.cpu.Fixture.failAt;
import static org.sysplug.resource.cpu.Fixture.nod1;
import static org.sysplug.resource.cpu.Fixture.online;
import static org.sysplug.resource.cpu.Fixture.present;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.CancellableRun;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

class CpuAddTest {

    private static final HotplugRequest ADD_NOD1 = HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1").build();

    private static List<Integer> range(int first, int last) {
        return java.util.stream.IntStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void hotAddRegistersEachNewProcessorAndBringsItOnline() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");

        Outcome o = LocalRunner.run(ADD_NOD1, describe(true, nod1(m)), add(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(online(m)).containsExactlyElementsOf(range(0, 15));
        assertThat(m.topology().cpusOf(1)).extracting(CpuInfo::apicId).containsExactly(16L, 17L, 18L, 19L, 20L, 21L,
                22L, 23L);
        assertThat(o.trace()).anySatisfy(e -> assertThat(e.notes()).contains("\\_SB.NOD1.CP03 (APIC 19, node1) is cpu11, online"));
    }

    @Test
    void rollbackTakesOfflineAndUnregistersExactlyWhatItAdded() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        State before = State.of(m);

        Outcome o = LocalRunner.run(ADD_NOD1, describe(true, nod1(m)), add(m), failAt(Phase.ADD_EXECUTE, 200));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aCpuThatFailsToComeOnlineFailsTheRequestAndUndoesTheOthers() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        m.fail("cpu.online", "cpu11", "EIO", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(ADD_NOD1, describe(true, nod1(m)), add(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().device()).isEqualTo("cpu11");
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EIO");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aProcessorThatFailsToRegisterUndoesTheOthers() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        m.fail("cpu.register", "cpu12", "EBUSY", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(ADD_NOD1, describe(true, nod1(m)), add(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aProcessorRegisteredAlreadyIsLeftAsItIs() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        int cpu8 = m.cpus().register(16, 1);
        State before = State.of(m);

        Outcome ok = LocalRunner.run(ADD_NOD1, describe(true, nod1(m)), add(m));
        assertThat(ok.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(online(m)).doesNotContain(cpu8).contains(9, 15);

        TestMachine again = TestMachine.boot("default");
        again.insert("\\_SB.NOD1");
        again.cpus().register(16, 1);
        Outcome failed = LocalRunner.run(ADD_NOD1, describe(true, nod1(again)), add(again), failAt(Phase.ADD_EXECUTE, 200));
        assertThat(failed.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(again)).isEqualTo(before);
    }

    @Test
    void aCancelBetweenCpusStopsTheAddAndUndoesIt() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        State before = State.of(m);
        CancellableRun run = new CancellableRun(ADD_NOD1);

        Outcome o = run.run(List.of(describe(true, nod1(m)), add(Fixture.after(m, 3, run::cancel), m.view())));

        assertThat(o.status()).isEqualTo(Status.CANCELLED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    // ------------------------------------------------------------------ online cpuN

    @Test
    void onlineBringsPresentTargetsOnline() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.cpus().offline(5);
        m.cpus().offline(6);

        // memory3 is resource.memory's to take (the stand-in for the rest of the platform takes it)
        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu5", "cpu6", "cpu7", "memory3").build(), add(m),
                LocalRunner.takingTheTargets(Phase.ADD_EXECUTE));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(online(m)).containsExactlyElementsOf(range(0, 7));
    }

    @Test
    void onlineOfACpuThatIsNotPresentIsRefusedBeforeAnythingChanges() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.cpus().offline(5);
        State before = State.of(m);

        Outcome absent = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu5", "cpu12").build(), add(m));
        Outcome impossible = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu5", "cpu40").build(), add(m));

        assertThat(absent.failure().orElseThrow().code()).isEqualTo("ENODEV");
        assertThat(absent.failure().orElseThrow().message()).isEqualTo("cpu12 is not present: hot-add its processor first");
        assertThat(impossible.failure().orElseThrow().message()).contains("cpu40 is not a possible CPU", "cpu0-15");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aTargetThatFailsToComeOnlineTakesTheOthersOfflineAgain() throws Exception {
        TestMachine m = TestMachine.boot("default");
        for (int cpu = 3; cpu < 8; cpu++) {
            m.cpus().offline(cpu);
        }
        m.fail("cpu.online", "cpu6", "EIO", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu3", "cpu4", "cpu5", "cpu6", "cpu7").build(),
                add(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().device()).isEqualTo("cpu6");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void onlineRollbackTakesOfflineOnlyWhatItBroughtOnline() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.cpus().offline(5);
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu5", "cpu6").build(), add(m),
                failAt(Phase.ADD_EXECUTE, 200));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
        assertThat(present(m)).containsExactlyElementsOf(range(0, 7));
    }
}
