package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.sysplug.framework.Phase.ADD_COMMIT;
import static org.sysplug.framework.Phase.ADD_EXECUTE;
import static org.sysplug.framework.Phase.ADD_VALIDATE;
import static org.sysplug.framework.Phase.DELETE_COMMIT;
import static org.sysplug.framework.Phase.DELETE_EXECUTE;
import static org.sysplug.framework.Phase.DELETE_VALIDATE;
import static org.sysplug.it.handlers.HandlerSpec.handler;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.it.support.Calls;
import org.sysplug.it.support.PlatformTestSupport;

/**
 * The RFC's rollback rule: a validate or execute failure walks back over every handler that ran, newest first,
 * validate handlers included, the failed one excluded; a commit failure is recorded and the commit phase goes on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RollbackIT extends PlatformTestSupport {

    private static final HotplugRequest ADD_CPU4 = HotplugRequest.of(Operation.HOT_ADD, "cpu4").build();

    @Test
    public void anExecuteFailureRollsBackEveryHandlerThatRanNewestFirst() throws Exception {
        handlers.install("org.sysplug.it.rollback.firmware",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("fw.execute", ADD_EXECUTE, 10));
        handlers.install("org.sysplug.it.rollback.resources",
                handler("res.validate", ADD_VALIDATE, 5),
                handler("node.execute", ADD_EXECUTE, 20),
                handler("cpu.execute", ADD_EXECUTE, 30).failingApply(),
                handler("late.execute", ADD_EXECUTE, 40),
                handler("fw.commit", ADD_COMMIT, 10));
        Map<String, String> before = machine.snapshot();

        Outcome outcome = run(ADD_CPU4);

        assertEquals(Calls.describe(outcome), Status.FAILED_ROLLED_BACK, outcome.status());
        assertEquals(Calls.describe(outcome), List.of(
                "APPLY fw.validate",
                "APPLY res.validate",
                "APPLY fw.execute",
                "APPLY node.execute",
                "APPLY cpu.execute FAILED",
                "ROLLBACK node.execute",
                "ROLLBACK fw.execute",
                "ROLLBACK res.validate",
                "ROLLBACK fw.validate"), Calls.of(outcome));
        assertFailure(outcome, "cpu.execute", ADD_EXECUTE, 30, HotplugException.EBUSY, "cpu4");
        assertEquals("nothing is left inconsistent", List.of(), outcome.inconsistent());
        assertEquals("the machine is back where it started", before, machine.snapshot());
        assertEquals("the handlers' own journal", Calls.made(outcome), machine.journal(outcome.id()));
    }

    @Test
    public void aValidateFailureRollsBackTheValidateHandlersThatRan() throws Exception {
        handlers.install("org.sysplug.it.rollback.delete",
                handler("fw.check", DELETE_VALIDATE, 0),
                handler("fw.describe", DELETE_VALIDATE, 10),
                handler("cpu.check", DELETE_VALIDATE, 100).failingApply(),
                handler("memory.check", DELETE_VALIDATE, 110),
                handler("cpu.offline", DELETE_EXECUTE, 10),
                handler("fw.eject", DELETE_COMMIT, 100));

        Outcome outcome = run(HotplugRequest.of(Operation.HOT_REMOVE, "cpu4").build());

        assertEquals(Calls.describe(outcome), Status.FAILED_ROLLED_BACK, outcome.status());
        assertEquals(Calls.describe(outcome), List.of(
                "APPLY fw.check",
                "APPLY fw.describe",
                "APPLY cpu.check FAILED",
                "ROLLBACK fw.describe",
                "ROLLBACK fw.check"), Calls.of(outcome));
        assertFailure(outcome, "cpu.check", DELETE_VALIDATE, 100, HotplugException.EBUSY, "cpu4");
        assertEquals("validate changes nothing, and nothing else ran", Map.of(), machine.snapshot());
        assertEquals("the handlers' own journal", Calls.made(outcome), machine.journal(outcome.id()));
    }

    @Test
    public void aFailingRollbackIsRecordedAndTheWalkBackGoesOn() throws Exception {
        handlers.install("org.sysplug.it.rollback.stuck",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("fw.execute", ADD_EXECUTE, 10),
                handler("node.execute", ADD_EXECUTE, 20).failingRollback(),
                handler("memory.execute", ADD_EXECUTE, 30),
                handler("cpu.execute", ADD_EXECUTE, 40).failingApply());

        Outcome outcome = run(ADD_CPU4);

        assertEquals(Calls.describe(outcome), Status.FAILED_INCONSISTENT, outcome.status());
        assertEquals(Calls.describe(outcome), List.of(
                "APPLY fw.validate",
                "APPLY fw.execute",
                "APPLY node.execute",
                "APPLY memory.execute",
                "APPLY cpu.execute FAILED",
                "ROLLBACK memory.execute",
                "ROLLBACK node.execute FAILED",
                "ROLLBACK fw.execute",
                "ROLLBACK fw.validate"), Calls.of(outcome));
        assertFailure(outcome, "cpu.execute", ADD_EXECUTE, 40, HotplugException.EBUSY, "cpu4");
        assertEquals("the device whose rollback failed", List.of("cpu4"), outcome.inconsistent());
        assertEquals("only the change that could not be undone is left", List.of("node.execute"),
                List.copyOf(machine.snapshot().keySet()));
    }

    @Test
    public void aCommitFailureIsRecordedAndLaterCommitHandlersStillRun() throws Exception {
        handlers.install("org.sysplug.it.rollback.commit",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("cpu.execute", ADD_EXECUTE, 110),
                handler("fw.ost", ADD_COMMIT, 10).failingApply(),
                handler("fw.notify", ADD_COMMIT, 20),
                handler("audit.commit", ADD_COMMIT, 30));

        Outcome outcome = run(ADD_CPU4);

        assertEquals(Calls.describe(outcome), Status.FAILED_INCONSISTENT, outcome.status());
        assertEquals("commit failures are not rolled back; every commit handler runs", List.of(
                "APPLY fw.validate",
                "APPLY cpu.execute",
                "APPLY fw.ost FAILED",
                "APPLY fw.notify",
                "APPLY audit.commit"), Calls.of(outcome));
        assertFailure(outcome, "fw.ost", ADD_COMMIT, 10, HotplugException.EBUSY, "cpu4");
        assertTrue("the target may be left in an intermediate state: " + outcome.inconsistent(),
                outcome.inconsistent().contains("cpu4"));
        assertEquals(List.of("audit.commit", "cpu.execute", "fw.notify"), List.copyOf(machine.snapshot().keySet()));
        assertEquals("the handlers' own journal", Calls.made(outcome), machine.journal(outcome.id()));
    }

    private static void assertFailure(Outcome outcome, String handler, org.sysplug.framework.Phase phase, int rank,
            String code, String device) {
        Failure f = outcome.failure().orElseThrow(() -> new AssertionError("no failure in " + Calls.describe(outcome)));
        assertEquals(handler, f.handler());
        assertEquals(Optional.of(phase), f.phase());
        assertEquals(rank, f.rank());
        assertEquals(code, f.code());
        assertEquals(device, f.device());
    }
}
