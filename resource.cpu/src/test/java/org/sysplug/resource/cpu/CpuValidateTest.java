package org.sysplug.resource.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.resource.cpu.Fixture.describe;
import static org.sysplug.resource.cpu.Fixture.nod1;
import static org.sysplug.resource.cpu.Fixture.processor;
import static org.sysplug.resource.cpu.Fixture.remove;
import static org.sysplug.resource.cpu.Fixture.validate;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

class CpuValidateTest {

    @Test
    void theBootCpuIsNotHotPluggable() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu3", "cpu0").build(), validate(m), remove(m));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EPERM");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("cpu0");
        assertThat(o.failure().orElseThrow().message()).startsWith("cpu0 is the boot CPU and is not hot-pluggable");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aHotRemoveThatDescribesTheBootCpuIsRefused() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD0").build(),
                describe(false, processor(m, "\\_SB.NOD0.CP00", 0, 0), processor(m, "\\_SB.NOD0.CP01", 1, 0)),
                validate(m));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EPERM");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("cpu0");
    }

    @Test
    void theLastOnlineCpuStaysOnline() throws Exception {
        TestMachine m = TestMachine.fromYaml(Fixture.TWO_CPUS);
        State before = State.of(m);

        Outcome both = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu0", "cpu1").build(), validate(m), remove(m));
        assertThat(both.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(both.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(both.failure().orElseThrow().message()).contains("refuse to offline the last online CPU, as chcpu does");
        assertThat(State.of(m)).isEqualTo(before);

        m.cpus().offline(1);
        Outcome last = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu0").build(), validate(m), remove(m));
        assertThat(last.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(last.failure().orElseThrow().device()).isEqualTo("cpu0");
    }

    @Test
    void aHotRemoveOfEveryOnlineCpuIsRefused() throws Exception {
        TestMachine m = TestMachine.fromYaml(Fixture.TWO_CPUS);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD0").build(),
                describe(false, processor(m, "\\_SB.NOD0.CP00", 0, 0), processor(m, "\\_SB.NOD0.CP01", 1, 0)),
                validate(m));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(o.failure().orElseThrow().message()).contains("refuse to offline the last online CPU, as chcpu does");
    }

    @Test
    void offlineOfAllButOneCpuValidates() throws Exception {
        TestMachine m = TestMachine.fromYaml(Fixture.TWO_CPUS);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu0").dryRun(true).build(), validate(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void dryRunReportsTheSameRefusalsAndChangesNothing() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu1", "cpu0").dryRun(true).build(),
                validate(m), remove(m));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EPERM");
        assertThat(o.failure().orElseThrow().message()).startsWith("cpu0 is the boot CPU and is not hot-pluggable");
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void processorsThatAreNotPresentAreSkipped() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD1").build(),
                describe(false, nod1(m)), validate(m));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void offlineOfACpuThatIsNotPresentIsRefused() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu12").build(), validate(m));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("ENODEV");
    }
}
