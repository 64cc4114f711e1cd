package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.sysplug.framework.Phase.ADD_COMMIT;
import static org.sysplug.framework.Phase.ADD_EXECUTE;
import static org.sysplug.it.handlers.HandlerSpec.handler;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.framework.TraceEntry;
import org.sysplug.it.support.Calls;
import org.sysplug.it.support.Gate;
import org.sysplug.it.support.PlatformTestSupport;

/**
 * Handler bundles come and go while the platform runs: the next request uses what is there, and a bundle that a
 * running request uses may stop only once that request has ended (the departure wait), so that no request is ever
 * half-applied because a bundle stopped.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends PlatformTestSupport {

    private static final HotplugRequest ADD_CPU4 = HotplugRequest.of(Operation.HOT_ADD, "cpu4").build();

    @Test
    public void aBundleInstalledAtRunTimeServesTheNextRequestAndAnUninstalledOneDoesNot() throws Exception {
        handlers.install("org.sysplug.it.deploy.base", handler("base.execute", ADD_EXECUTE, 10));
        assertEquals(List.of("APPLY base.execute"), Calls.of(run(ADD_CPU4)));

        Bundle late = handlers.install("org.sysplug.it.deploy.late",
                handler("late.execute", ADD_EXECUTE, 20), handler("late.commit", ADD_COMMIT, 10));
        Outcome withLate = run(ADD_CPU4);
        assertEquals(Calls.describe(withLate), List.of("APPLY base.execute", "APPLY late.execute", "APPLY late.commit"),
                Calls.of(withLate));

        late.uninstall();
        assertEquals("the queue forgot the uninstalled handlers", Set.of(), handlers.tracked(late));
        Outcome withoutLate = run(ADD_CPU4);
        assertEquals(Calls.describe(withoutLate), Status.SUCCEEDED, withoutLate.status());
        assertEquals(Calls.describe(withoutLate), List.of("APPLY base.execute"), Calls.of(withoutLate));
        assertEquals("the handlers' own journal", Calls.made(withoutLate), machine.journal(withoutLate.id()));
    }

    @Test
    public void stoppingABundleWaitsForTheRequestThatUsesItToSucceed() throws Exception {
        handlers.install("org.sysplug.it.deploy.steady",
                handler("first.execute", ADD_EXECUTE, 10),
                handler("last.execute", ADD_EXECUTE, 30),
                handler("steady.commit", ADD_COMMIT, 10));
        Bundle leaving = handlers.install("org.sysplug.it.deploy.leaving",
                handler("slow.execute", ADD_EXECUTE, 20).waitingAt("slow"),
                handler("leaving.commit", ADD_COMMIT, 20));
        Gate slow = gate("slow");

        Submission request = queue.submit(ADD_CPU4);
        slow.awaitArrival();
        StopInBackground stop = StopInBackground.start(leaving, () -> machine.journal(request.id()));

        assertFalse("stop() returned while the request that uses the bundle was still running", stop.hasReturnedWithin(500));
        assertEquals(Bundle.STOPPING, leaving.getState());
        slow.open();
        List<String> journalWhenStopReturned = stop.journalWhenReturned();
        Outcome outcome = await(request);

        List<String> all = List.of("APPLY first.execute", "APPLY slow.execute", "APPLY last.execute",
                "APPLY steady.commit", "APPLY leaving.commit");
        assertEquals(Calls.describe(outcome), Status.SUCCEEDED, outcome.status());
        assertEquals("every handler ran, those of the stopping bundle included", all, Calls.of(outcome));
        assertEquals("stop() returned only once the request had made its last call", all, journalWhenStopReturned);
        assertEquals(Set.of("first.execute", "slow.execute", "last.execute", "steady.commit", "leaving.commit"),
                machine.snapshot().keySet());
        assertEquals(Bundle.RESOLVED, leaving.getState());

        Outcome next = run(ADD_CPU4);
        assertEquals("the stopped bundle's handlers are gone",
                List.of("APPLY first.execute", "APPLY last.execute", "APPLY steady.commit"), Calls.of(next));
    }

    @Test
    public void stoppingABundleWaitsForTheRequestThatUsesItToRollBack() throws Exception {
        handlers.install("org.sysplug.it.deploy.steady",
                handler("first.execute", ADD_EXECUTE, 10),
                handler("failing.execute", ADD_EXECUTE, 30).failingApply());
        Bundle leaving = handlers.install("org.sysplug.it.deploy.leaving",
                handler("slow.execute", ADD_EXECUTE, 20).waitingAt("slow"));
        Gate slow = gate("slow");

        Submission request = queue.submit(ADD_CPU4);
        slow.awaitArrival();
        StopInBackground stop = StopInBackground.start(leaving, () -> machine.journal(request.id()));

        assertFalse("stop() returned while the request that uses the bundle was still running", stop.hasReturnedWithin(500));
        slow.open();
        List<String> journalWhenStopReturned = stop.journalWhenReturned();
        Outcome outcome = await(request);

        assertEquals(Calls.describe(outcome), Status.FAILED_ROLLED_BACK, outcome.status());
        assertEquals("the stopping bundle's handler was rolled back, not skipped", List.of(
                "APPLY first.execute",
                "APPLY slow.execute",
                "APPLY failing.execute FAILED",
                "ROLLBACK slow.execute",
                "ROLLBACK first.execute"), Calls.of(outcome));
        assertTrue(outcome.trace().stream().noneMatch(e -> e.result() == TraceEntry.Result.SKIPPED));
        assertEquals("stop() returned only once the rollback was complete", Calls.made(outcome), journalWhenStopReturned);
        assertEquals("the machine is back where it started", Map.of(), machine.snapshot());
    }

    /** {@code bundle.stop()} on another thread, noting the journal the moment it returns. */
    private static final class StopInBackground {
        private final FutureTask<List<String>> task;

        private StopInBackground(FutureTask<List<String>> task) {
            this.task = task;
        }

        static StopInBackground start(Bundle bundle, java.util.function.Supplier<List<String>> journal) {
            FutureTask<List<String>> task = new FutureTask<>(() -> {
                bundle.stop();
                return journal.get();
            });
            Thread t = new Thread(task, "stop " + bundle.getSymbolicName());
            t.setDaemon(true);
            t.start();
            return new StopInBackground(task);
        }

        boolean hasReturnedWithin(long millis) throws Exception {
            try {
                task.get(millis, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            }
        }

        List<String> journalWhenReturned() throws Exception {
            return task.get(10, TimeUnit.SECONDS);
        }
    }
}
