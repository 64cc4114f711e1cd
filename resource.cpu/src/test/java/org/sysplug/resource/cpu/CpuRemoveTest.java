package org.sysplug.resource.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.resource.cpu.Fixture.describe;
import static org.sysplug.resource.cpu.Fixture.failAt;
import static org.sysplug.resource.cpu.Fixture.nod1;
import static org.sysplug.resource.cpu.Fixture.online;
import static org.sysplug.resource.cpu.Fixture.populated;
import static org.sysplug.resource.cpu.Fixture.present;
import static org.sysplug.resource.cpu.Fixture.remove;
import static org.sysplug.resource.cpu.Fixture.validate;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.CancellableRun;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

class CpuRemoveTest {

    private static final HotplugRequest EJECT_NOD1 = HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD1").build();

    @Test
    void hotRemoveOfflinesAndUnregistersTheRequestsCpus() throws Exception {
        TestMachine m = populated();

        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, nod1(m)), validate(m), remove(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(present(m)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(m.topology().node(1).orElseThrow().online()).isFalse();
    }

    @Test
    void rollbackReregistersAndReonlinesExactlyThoseCpus() throws Exception {
        TestMachine m = populated();
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, nod1(m)), validate(m), remove(m),
                failAt(Phase.DELETE_EXECUTE, 100));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aCpuThatFailsToGoOfflineBringsTheOthersBack() throws Exception {
        TestMachine m = populated();
        m.fail("cpu.offline", "cpu12", "EBUSY", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, nod1(m)), validate(m), remove(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().device()).isEqualTo("cpu12");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aCpuThatFailsToUnregisterBringsTheOthersBack() throws Exception {
        TestMachine m = populated();
        m.fail("cpu.unregister", "cpu13", "EIO", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, nod1(m)), validate(m), remove(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().device()).isEqualTo("cpu13");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void cpusOfflineAlreadyAreUnregisteredAndComeBackOffline() throws Exception {
        TestMachine m = populated();
        // demand-offline: the operator took them offline before the eject
        for (int cpu = 8; cpu < 16; cpu++) {
            m.cpus().offline(cpu);
        }
        State before = State.of(m);

        Outcome failed = LocalRunner.run(EJECT_NOD1, describe(false, nod1(m)), validate(m), remove(m),
                failAt(Phase.DELETE_EXECUTE, 100));
        assertThat(failed.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);

        Outcome ok = LocalRunner.run(EJECT_NOD1, describe(false, nod1(m)), validate(m), remove(m));
        assertThat(ok.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(present(m)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void processorsThatAreNotPresentAreSkipped() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, nod1(m)), remove(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aCancelBetweenCpusStopsTheRemoveAndBringsThemBack() throws Exception {
        TestMachine m = populated();
        State before = State.of(m);
        CancellableRun run = new CancellableRun(EJECT_NOD1);

        Outcome o = run.run(List.of(describe(false, nod1(m)), remove(Fixture.after(m, 4, run::cancel), m.view())));

        assertThat(o.status()).isEqualTo(Status.CANCELLED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void theLastOnlineCpuRefusedAtExecuteBringsTheOthersBack() throws Exception {
        TestMachine m = TestMachine.fromYaml(Fixture.TWO_CPUS);
        State before = State.of(m);

        // without the validation: the kernel refuses cpu1 once cpu0 went offline
        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu0", "cpu1").build(), remove(m));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aRolledBackCpuComesBackAsTheSameLogicalIdEvenWithAHoleBelow() throws Exception {
        TestMachine m = populated();
        // a hole below cpu8; x86 keeps the APIC-to-logical mapping, so APIC 16 is cpu8 again
        // (a backend that hands out another id makes cpu.remove report the request inconsistent)
        m.cpus().offline(3);
        m.cpus().unregister(3);
        State before = State.of(m);

        Outcome o = LocalRunner.run(EJECT_NOD1, describe(false, nod1(m)), remove(m), failAt(Phase.DELETE_EXECUTE, 100));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);
    }

    // ------------------------------------------------------------------ offline cpuN

    @Test
    void offlineTakesTargetsOfflineAndRollbackBringsThemBack() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.cpus().offline(7);
        State before = State.of(m);

        Outcome failed = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu5", "cpu6", "cpu7").build(), validate(m),
                remove(m), failAt(Phase.DELETE_EXECUTE, 100));
        assertThat(failed.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(State.of(m)).isEqualTo(before);

        Outcome ok = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu5", "cpu6", "cpu7", "memory40").build(),
                validate(m), remove(m), LocalRunner.takingTheTargets(Phase.DELETE_EXECUTE));
        assertThat(ok.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(online(m)).containsExactly(0, 1, 2, 3, 4);
        assertThat(present(m)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aTargetThatFailsToGoOfflineBringsTheOthersBack() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.fail("cpu.offline", "cpu4", "EIO", 1);
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu1", "cpu2", "cpu3", "cpu4", "cpu5").build(),
                validate(m), remove(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().device()).isEqualTo("cpu4");
        assertThat(State.of(m)).isEqualTo(before);
    }
}
