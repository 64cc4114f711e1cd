package org.sysplug.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.sim.TestMachine;

/** Cases of the fault matrix written out: what it found, and the rules it relies on, on the whole platform. */
class FaultMatrixExamplesTest {

    @Test
    void aHotAddWhoseCpusFailLeavesAnEmptyNodeThatWasOnlineOnline() throws Exception {
        // found by the matrix: the memory's rollback removed node1's only range, the kernel took
        // node1 offline with it, and the request ended FAILED_ROLLED_BACK with node1 offline
        SimulatedPlatform p = new SimulatedPlatform(TestMachine.boot("default"));
        assertThat(p.submit(HotplugRequest.of(Operation.ONLINE, "node1").origin("shell").build()).status())
                .isEqualTo(Status.SUCCEEDED);
        Notification raised = p.machine.insert("\\_SB.NOD1");
        MachineState before = MachineState.of(p);
        p.machine.fail("cpu.register", "*", "EIO", 1);

        p.notifications.notify("\\_SB.NOD1", raised);

        assertThat(p.last().status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(before.differingDevices(MachineState.of(p))).isEmpty();
        assertThat(MachineState.of(p)).isEqualTo(before);
        assertThat(p.machine.ostLog()).last().isEqualTo("\\_SB.NOD1 BUS_CHECK NON_SPECIFIC_FAILURE");
    }

    @Test
    void aHangInAnExecuteHandlerIsCancelledAndRolledBack() throws Exception {
        SimulatedPlatform p = new SimulatedPlatform(TestMachine.boot("default"));
        Notification raised = p.machine.insert("\\_SB.NOD1");
        MachineState before = MachineState.of(p);
        new Fault.OnMachine(Fault.Effect.HANG, "memory.online", "memory100", null, 1).inject(p);

        p.notifications.notify("\\_SB.NOD1", raised);

        Outcome o = p.last();
        assertThat(o.status()).isEqualTo(Status.CANCELLED);
        assertThat(p.hangLifted()).isFalse();
        assertThat(MachineState.of(p)).isEqualTo(before);
        assertThat(p.machine.ostLog()).last().isEqualTo("\\_SB.NOD1 BUS_CHECK NON_SPECIFIC_FAILURE");
    }

    @Test
    void aHangInTheEjectCannotBeCancelledAndTheEjectGoesOnWhenItIsLifted() throws Exception {
        SimulatedPlatform p = new SimulatedPlatform(TestMachine.boot("default"));
        p.notifications.notify("\\_SB.NOD1", p.machine.insert("\\_SB.NOD1"));
        assertThat(p.last().status()).isEqualTo(Status.SUCCEEDED);
        new Fault.OnMachine(Fault.Effect.HANG, "acpi.eject", "*", null, 1).inject(p);

        p.notifications.notify("\\_SB.NOD1", Notification.EJECT_REQUEST);

        assertThat(p.hangLifted()).isTrue();
        assertThat(p.liftedIn()).isEqualTo("commit");
        assertThat(p.last().status()).isEqualTo(Status.SUCCEEDED);
        assertThat(p.machine.firmware().device("\\_SB.NOD1").orElseThrow().present()).isFalse();
    }

    @Test
    void anUncheckedExceptionInAValidateHandlerFailsTheRequestAndChangesNothing() throws Exception {
        SimulatedPlatform p = new SimulatedPlatform(TestMachine.boot("server-4node"));
        MachineState before = MachineState.of(p);
        new Fault.Unchecked(Phase.DELETE_VALIDATE, 101).inject(p);

        Outcome o = p.submit(HotplugRequest.of(Operation.OFFLINE, "cpu3", "memory20").origin("shell").build());

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().handler()).isEqualTo(Fault.UNCHECKED_HANDLER);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("HANDLER_ERROR");
        assertThat(MachineState.of(p)).isEqualTo(before);
    }
}
