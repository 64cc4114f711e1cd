package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.sysplug.framework.Phase.ADD_COMMIT;
import static org.sysplug.framework.Phase.ADD_EXECUTE;
import static org.sysplug.framework.Phase.ADD_VALIDATE;
import static org.sysplug.it.handlers.HandlerSpec.handler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.it.handlers.ScriptedHandler;
import org.sysplug.it.support.Calls;
import org.sysplug.it.support.Gate;
import org.sysplug.it.support.PlatformTestSupport;

/**
 * Cancellation (a queued request never runs; a running one stops between handler calls and rolls back, and a
 * handler blocked in apply is interrupted) and dry runs (validate only, nothing changes).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CancelAndDryRunIT extends PlatformTestSupport {

    @Test
    public void aCancelledQueuedRequestNeverRuns() throws Exception {
        handlers.install("org.sysplug.it.cancel.queued",
                handler("hold.execute", ADD_EXECUTE, 10).waitingAt("hold"),
                handler("cpu.execute", ADD_EXECUTE, 110));
        Gate hold = gate("hold");
        Submission running = queue.submit(HotplugRequest.of(Operation.HOT_ADD, "cpu4").build());
        hold.awaitArrival();
        Submission queued = queue.submit(HotplugRequest.of(Operation.HOT_ADD, "cpu5").build());
        assertEquals(List.of(queued.id()), queue.status().queued());

        assertTrue("cancel finds the queued request", queue.cancel(queued.id()));
        Outcome cancelled = await(queued);
        hold.open();
        Outcome first = await(running);

        assertEquals(Calls.describe(cancelled), Status.CANCELLED, cancelled.status());
        assertEquals("a cancelled queued request calls no handler", List.of(), cancelled.trace());
        assertEquals(Optional.empty(), cancelled.started());
        assertEquals(HotplugException.CANCELLED, cancelled.failure().orElseThrow().code());
        assertEquals(List.of(), machine.journal(queued.id()));
        assertEquals(Calls.describe(first), Status.SUCCEEDED, first.status());
        assertEquals("only the first request changed the machine", Map.of(
                "hold.execute", "request " + first.id(), "cpu.execute", "request " + first.id()), machine.snapshot());
        assertFalse("an ended request cannot be cancelled", queue.cancel(queued.id()));
    }

    @Test
    public void cancelInterruptsAHandlerBlockedInApplyAndRollsBackTheOthers() throws Exception {
        handlers.install("org.sysplug.it.cancel.blocked",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("node.execute", ADD_EXECUTE, 50),
                handler("memory.execute", ADD_EXECUTE, 100).waitingAt("memory"),
                handler("cpu.execute", ADD_EXECUTE, 110),
                handler("fw.commit", ADD_COMMIT, 10));
        Gate memory = gate("memory");
        Submission request = queue.submit(HotplugRequest.of(Operation.HOT_ADD, "node1").build());
        memory.awaitArrival();

        assertTrue("cancel finds the running request", queue.cancel(request.id()));
        Outcome outcome = await(request); // the gate stays closed: only the interrupt ends the wait

        assertEquals(Calls.describe(outcome), Status.CANCELLED, outcome.status());
        assertEquals("the interrupted handler failed and is not rolled back; the others are", List.of(
                "APPLY fw.validate",
                "APPLY node.execute",
                "APPLY memory.execute FAILED",
                "ROLLBACK node.execute",
                "ROLLBACK fw.validate"), Calls.of(outcome));
        assertTrue("the wait ended by the interrupt: " + outcome.trace().get(2).message(),
                outcome.trace().get(2).message().endsWith("(" + ScriptedHandler.EINTR + ")"));
        assertEquals(HotplugException.CANCELLED, outcome.failure().orElseThrow().code());
        assertEquals("the machine is back where it started", Map.of(), machine.snapshot());
        assertEquals("the handlers' own journal", Calls.made(outcome), machine.journal(outcome.id()));
    }

    @Test
    public void aCancelledRequestStopsBeforeItsNextHandlerAndRollsBack() throws Exception {
        handlers.install("org.sysplug.it.cancel.running",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("node.execute", ADD_EXECUTE, 50),
                handler("memory.execute", ADD_EXECUTE, 100).waitingThroughInterruptsAt("memory"),
                handler("cpu.execute", ADD_EXECUTE, 110),
                handler("fw.commit", ADD_COMMIT, 10));
        Gate memory = gate("memory");
        Submission request = queue.submit(HotplugRequest.of(Operation.HOT_ADD, "node1").build());
        memory.awaitArrival();

        assertTrue("cancel finds the running request", queue.cancel(request.id()));
        memory.open(); // memory.execute completes its call despite the cancel
        Outcome outcome = await(request);

        assertEquals(Calls.describe(outcome), Status.CANCELLED, outcome.status());
        assertEquals("nothing runs after the call in progress; everything that applied rolls back", List.of(
                "APPLY fw.validate",
                "APPLY node.execute",
                "APPLY memory.execute",
                "ROLLBACK memory.execute",
                "ROLLBACK node.execute",
                "ROLLBACK fw.validate"), Calls.of(outcome));
        assertEquals(HotplugException.CANCELLED, outcome.failure().orElseThrow().code());
        assertEquals("the machine is back where it started", Map.of(), machine.snapshot());
        assertEquals("the handlers' own journal", Calls.made(outcome), machine.journal(outcome.id()));
    }

    @Test
    public void aRequestPastItsDeadlineIsCancelledAndRolledBack() throws Exception {
        handlers.install("org.sysplug.it.cancel.deadline",
                handler("node.execute", ADD_EXECUTE, 50),
                handler("memory.execute", ADD_EXECUTE, 100).waitingAt("never"),
                handler("cpu.execute", ADD_EXECUTE, 110));
        gate("never"); // stays closed: only the deadline ends the wait

        Outcome outcome = run(HotplugRequest.of(Operation.HOT_ADD, "node1").deadline(Duration.ofMillis(300)).build());

        assertEquals(Calls.describe(outcome), Status.CANCELLED, outcome.status());
        assertEquals(HotplugException.DEADLINE, outcome.failure().orElseThrow().code());
        assertEquals(List.of("APPLY node.execute", "APPLY memory.execute FAILED", "ROLLBACK node.execute"),
                Calls.of(outcome));
        assertEquals(Map.of(), machine.snapshot());
    }

    @Test
    public void aDryRunRunsOnlyTheValidateHandlersAndChangesNothing() throws Exception {
        handlers.install("org.sysplug.it.dryrun",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("cpu.validate", ADD_VALIDATE, 100),
                handler("cpu.execute", ADD_EXECUTE, 110),
                handler("fw.commit", ADD_COMMIT, 10));

        Outcome outcome = run(HotplugRequest.of(Operation.HOT_ADD, "cpu4").dryRun(true).build());

        assertEquals(Calls.describe(outcome), Status.SUCCEEDED, outcome.status());
        assertEquals(List.of("APPLY fw.validate", "APPLY cpu.validate"), Calls.of(outcome));
        assertEquals(List.of("APPLY fw.validate", "APPLY cpu.validate"), machine.journal(outcome.id()));
        assertEquals(Map.of(), machine.snapshot());
    }

    @Test
    public void aDryRunReportsWhatWouldFail() throws Exception {
        handlers.install("org.sysplug.it.dryrun.refused",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("cpu.validate", ADD_VALIDATE, 100).failingApply(),
                handler("cpu.execute", ADD_EXECUTE, 110));

        Outcome outcome = run(HotplugRequest.of(Operation.HOT_ADD, "cpu4").dryRun(true).build());

        assertEquals(Calls.describe(outcome), Status.FAILED_ROLLED_BACK, outcome.status());
        assertEquals(List.of("APPLY fw.validate", "APPLY cpu.validate FAILED", "ROLLBACK fw.validate"),
                Calls.of(outcome));
        assertEquals("cpu.validate", outcome.failure().orElseThrow().handler());
        assertEquals(Map.of(), machine.snapshot());
    }
}
