package org.sysplug.firmware.acpi.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.PortException;
import org.sysplug.platform.acpi.OstStatus;
import org.sysplug.platform.sim.TestMachine;

/**
 * The reporter inside a running request on the real simulated machine: what the firmware hears,
 * what the trace says, and what happens when the firmware fails the call.
 */
class OstReporterTest {

    private final TestMachine machine = TestMachine.boot("default");
    private final TestLog log = new TestLog();
    private final OstReporter ost = new OstReporter(machine.firmware(), log.logger());

    /** Runs the request with one handler that calls the reporter (the rest of the platform takes the targets). */
    private static Outcome runWith(HotplugRequest request, HotplugHandler handler) {
        // the others take the targets where it counts: at execute, and at validate in a dry run
        return LocalRunner.run(request, LocalRunner.handler(handler, Phase.DELETE_VALIDATE, 0),
                LocalRunner.takingTheTargets(Phase.DELETE_VALIDATE), LocalRunner.takingTheTargets(Phase.DELETE_EXECUTE));
    }

    private static HotplugRequest ejectRequest(String... targets) {
        return HotplugRequest.of(Operation.HOT_REMOVE, targets).parameter(OstRules.EVENT_PARAMETER, "EJECT_REQUEST")
                .build();
    }

    @Test
    void theFirmwareHearsTheRequestsEventAndTheTraceSaysSo() {
        Outcome o = runWith(ejectRequest("\\_SB.NOD1"),
                context -> ost.report(context, "\\_SB.NOD1", OstStatus.DEVICE_BUSY));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(machine.ostLog()).containsExactly("\\_SB.NOD1 EJECT_REQUEST DEVICE_BUSY");
        assertThat(o.trace().get(0).notes()).containsExactly("_OST \\_SB.NOD1 EJECT_REQUEST DEVICE_BUSY");
    }

    @Test
    void aDryRunTellsTheFirmwareNothing() {
        HotplugRequest dry = HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD1").dryRun(true).build();

        Outcome o = runWith(dry, context -> {
            ost.report(context, "\\_SB.NOD1", OstStatus.SUCCESS);
            ost.reportFailure(context, List.of("\\_SB.NOD1"), OstStatus.NON_SPECIFIC_FAILURE);
        });

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(machine.ostLog()).isEmpty();
        assertThat(o.trace().get(0).notes()).isEmpty();
    }

    @Test
    void aPathTheNamespaceLacksIsSkipped() {
        Outcome o = runWith(ejectRequest("\\_SB.NOD1"),
                context -> ost.reportFailure(context, List.of("\\_SB.GONE", "\\_SB.NOD1"), OstStatus.EJECT_NOT_SUPPORTED));

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(machine.ostLog()).containsExactly("\\_SB.NOD1 EJECT_REQUEST EJECT_NOT_SUPPORTED");
    }

    @Test
    void aFailedReportThrowsToTheHandlerThatMustKnow() {
        machine.fail("acpi.ost", "\\_SB.NOD1", "EIO", 1);
        List<String> codes = new ArrayList<>();

        runWith(ejectRequest("\\_SB.NOD1"), context -> {
            try {
                ost.report(context, "\\_SB.NOD1", OstStatus.SUCCESS);
            } catch (PortException e) {
                codes.add(e.code());
            }
        });

        assertThat(codes).containsExactly("EIO");
        assertThat(machine.ostLog()).isEmpty();
    }

    @Test
    void aFailedFailureReportIsNotedAndTheOtherTargetsAreStillTold() {
        machine.fail("acpi.ost", "\\_SB.NOD0", "EIO", 1);

        Outcome o = runWith(ejectRequest("\\_SB.NOD0", "\\_SB.NOD1"), context -> ost.reportFailure(context,
                List.of("\\_SB.NOD0", "\\_SB.NOD1"), OstStatus.NON_SPECIFIC_FAILURE));

        // the handler that reports does not fail for it: the request is failing already
        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(machine.ostLog()).containsExactly("\\_SB.NOD1 EJECT_REQUEST NON_SPECIFIC_FAILURE");
        TraceEntry call = o.trace().get(0);
        assertThat(call.notes()).hasSize(2);
        assertThat(call.notes().get(0)).startsWith("_OST NON_SPECIFIC_FAILURE on \\_SB.NOD0 failed: ");
        assertThat(call.notes().get(1)).isEqualTo("_OST \\_SB.NOD1 EJECT_REQUEST NON_SPECIFIC_FAILURE");
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN request ")
                && l.contains("could not report NON_SPECIFIC_FAILURE to the firmware on \\_SB.NOD0"));
    }
}
