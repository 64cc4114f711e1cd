package org.sysplug.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.framework.core.LocalQueue;
import org.sysplug.framework.core.LocalRunner;

/**
 * The shared wait, on the real queue: a handler that takes its time, a waiting thread that an
 * operator's Ctrl-C interrupts, and what the console shows.
 */
class RequestWaiterTest {

    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(shown, true, StandardCharsets.UTF_8);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private LocalQueue queue;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (queue != null) {
            queue.close();
        }
    }

    /** Counts 3 of 8 devices, then waits to be released or cancelled (as a port call waits, interruptibly). */
    private final HotplugHandler slow = new HotplugHandler() {
        @Override
        public void apply(RequestContext context) throws HotplugException {
            context.request().targets().forEach(context::claim);
            context.progress(3, 8);
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new HotplugException(HotplugException.EIO, null, "interrupted");
            }
        }

        @Override
        public void rollback(RequestContext context) {
        }
    };

    private Submission offline(Phase phase) {
        queue = LocalQueue.of(new LocalRunner.Registration(slow, "slow", phase, 20, EnumSet.allOf(Kind.class)),
                LocalRunner.takingTheTargets(Phase.DELETE_EXECUTE));
        return queue.submit(HotplugRequest.of(Operation.OFFLINE, "memory40", "memory41").build());
    }

    /** Runs the waiter on its own thread, as Gogo runs a command. */
    private Thread waiting(RequestWaiter waiter, Submission s, CompletableFuture<Optional<Outcome>> result) {
        Thread t = new Thread(() -> result.complete(waiter.await(s)), "command");
        t.start();
        return t;
    }

    private String text() {
        return shown.toString(StandardCharsets.UTF_8);
    }

    private static void until(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 3000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached").isTrue();
    }

    @Test
    void anInterruptCancelsTheRequestAndTheWaitEndsWithItsOutcome() throws Exception {
        Submission s = offline(Phase.DELETE_EXECUTE);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Optional<Outcome>> result = new CompletableFuture<>();
        Thread command = waiting(new RequestWaiter(queue, console, false, 80), s, result);

        command.interrupt();
        Optional<Outcome> outcome = result.get(10, TimeUnit.SECONDS);

        assertThat(outcome).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(Status.CANCELLED));
        assertThat(text()).isEqualTo("cancelling request " + s.id() + " (rolls back what ran) ...\nrequest " + s.id()
                + " cancelled; what ran was rolled back\n");
        assertThat(queue.find(s.id()).orElseThrow().status()).isEqualTo(Status.CANCELLED);
    }

    @Test
    void onATerminalOneLineShowsTheCountsAndIsClearedBeforeTheOutcome() throws Exception {
        Submission s = offline(Phase.DELETE_EXECUTE);
        CompletableFuture<Optional<Outcome>> result = new CompletableFuture<>();
        waiting(new RequestWaiter(queue, console, true, 120), s, result);

        until(() -> text().contains("3/8 devices"));
        release.countDown();
        Optional<Outcome> outcome = result.get(10, TimeUnit.SECONDS);

        assertThat(outcome).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(Status.SUCCEEDED));
        assertThat(text()).contains("\r\u001b[Krequest " + s.id() + ": OFFLINE 3/8 devices, DELETE_EXECUTE")
                .endsWith("\r\u001b[K").doesNotContain("\n");
    }

    @Test
    void withoutATerminalNothingShowsWhileItWaits() throws Exception {
        Submission s = offline(Phase.DELETE_EXECUTE);
        CompletableFuture<Optional<Outcome>> result = new CompletableFuture<>();
        AtomicReference<Thread> command = new AtomicReference<>(waiting(new RequestWaiter(queue, console, false, 120), s,
                result));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        // long enough for a terminal's line to have been drawn several times over
        command.get().join(1500);
        release.countDown();

        assertThat(result.get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(text()).isEmpty();
    }

    @Test
    void aCommitIsNotCancelledTheWaiterSaysSoAndWaitsForIt() throws Exception {
        Submission s = offline(Phase.DELETE_COMMIT);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Optional<Outcome>> result = new CompletableFuture<>();
        Thread command = waiting(new RequestWaiter(queue, console, false, 80), s, result);

        command.interrupt();
        until(() -> text().contains("commit phase"));
        release.countDown();

        assertThat(result.get(10, TimeUnit.SECONDS))
                .hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(Status.SUCCEEDED));
        assertThat(text()).startsWith("request " + s.id() + " is in its commit phase, which can neither be stopped");
    }

    @Test
    void aSecondInterruptStopsTheWaitingNotTheRequest() throws Exception {
        Submission s = offline(Phase.DELETE_COMMIT);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Optional<Outcome>> result = new CompletableFuture<>();
        Thread command = waiting(new RequestWaiter(queue, console, false, 80), s, result);

        command.interrupt();
        until(() -> text().contains("commit phase"));
        command.interrupt();

        assertThat(result.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(queue.find(s.id()).orElseThrow().status()).isEqualTo(Status.RUNNING);
        assertThat(RequestWaiter.stoppedWaiting(s.id())).contains("sysplug:request " + s.id());
    }
}
