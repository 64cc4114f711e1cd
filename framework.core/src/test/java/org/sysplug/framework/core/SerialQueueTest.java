package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sysplug.framework.core.Fixtures.entry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.framework.core.Fixtures.Machine;
import org.sysplug.framework.core.Fixtures.Recording;

class SerialQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Machine machine = new Machine();
    private final HandlerRegistry registry = new HandlerRegistry();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private SerialQueue queue;

    private SerialQueue start(int capacity, Duration defaultDeadline) {
        queue = new SerialQueue(registry, Fixtures.runner(), new SerialQueue.Listener() {
            @Override
            public void queued(Outcome state) {
                events.add("queued " + state.id());
            }

            @Override
            public void started(Outcome state) {
                events.add("started " + state.id());
            }

            @Override
            public void finished(Outcome outcome) {
                events.add(outcome.status() + " " + outcome.id());
            }
        }, Clock.systemUTC(), capacity, 3, defaultDeadline);
        queue.start();
        return queue;
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (queue != null) {
            queue.stop(WAIT);
        }
    }

    /** A handler that blocks the worker until the test releases it, or until the request is cancelled. */
    private Recording blocking(String name) {
        Recording r = new Recording(name, machine);
        r.onApply = c -> {
            CountDownLatch cancelled = new CountDownLatch(1);
            c.onCancel(cancelled::countDown);
            entered.countDown();
            try {
                while (release.getCount() > 0 && cancelled.getCount() > 0) {
                    release.await(5, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return r;
    }

    private static HotplugRequest online(String target) {
        return HotplugRequest.of(Operation.ONLINE, target).build();
    }

    @Test
    void runsRequestsOneAtATimeInSubmissionOrder() throws Exception {
        registry.add(entry(new Recording("cpu", machine), Phase.ADD_EXECUTE, 110));
        start(8, null);

        Submission first = queue.submit(online("cpu1"));
        Submission second = queue.submit(online("cpu2"));

        assertThat(second.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(first.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(second.id()).isEqualTo(first.id() + 1);
        await().until(() -> events.size() == 6);
        assertThat(events).containsSubsequence("queued 1", "started 1", "SUCCEEDED 1", "started 2", "SUCCEEDED 2")
                .containsSubsequence("queued 2", "started 2");
        assertThat(queue.find(first.id())).hasValueSatisfying(o -> assertThat(o.trace()).hasSize(1));
    }

    @Test
    void aDeadlineOfCenturiesIsNoDeadlineAndTheWorkerGoesOn() throws Exception {
        // sysplug:offline cpu 3 --deadline 1e10, and default.deadline.ms = Long.MAX_VALUE: a
        // duration whose nanoseconds overflow once killed the worker and every later request waited
        registry.add(entry(new Recording("cpu", machine), Phase.ADD_EXECUTE, 110));
        start(8, Duration.ofMillis(Long.MAX_VALUE));

        Submission huge = queue.submit(HotplugRequest.of(Operation.ONLINE, "cpu1")
                .deadline(Duration.ofSeconds(10_000_000_000L)).build());
        Submission byDefault = queue.submit(online("cpu2"));

        assertThat(huge.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(byDefault.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(queue.submit(online("cpu3")).await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aHandlerThatThrowsAnErrorFailsItsRequestAndTheQueueGoesOn() throws Exception {
        Recording broken = new Recording("broken", machine);
        broken.onApply = c -> {
            if (c.request().targetNames().contains("cpu1")) {
                throw new NoClassDefFoundError("org/example/GoneWithItsBundle");
            }
        };
        registry.add(entry(broken, Phase.ADD_EXECUTE, 110));
        start(8, null);

        Outcome failed = queue.submit(online("cpu1")).await(WAIT);
        Outcome next = queue.submit(online("cpu2")).await(WAIT);

        assertThat(failed.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(failed.failure().orElseThrow().code()).isEqualTo(HotplugException.HANDLER_ERROR);
        // the operator reads what happened, not Java's name for it (the log has the stack trace)
        assertThat(failed.failure().orElseThrow().message()).contains("failed unexpectedly")
                .doesNotContain("java.").doesNotContain("Error:").doesNotContain("Exception");
        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aFullQueueRejectsWithAClearError() throws Exception {
        registry.add(entry(blocking("slow"), Phase.ADD_EXECUTE, 10));
        start(1, null);

        Submission running = queue.submit(online("cpu1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Submission waiting = queue.submit(online("cpu2"));
        Submission rejected = queue.submit(online("cpu3"));

        Outcome outcome = rejected.await(Duration.ZERO.plusMillis(1));
        assertThat(outcome.status()).isEqualTo(Status.REJECTED);
        assertThat(outcome.failure().orElseThrow().code()).isEqualTo(HotplugException.QUEUE_FULL);
        assertThat(outcome.failure().orElseThrow().message()).contains("full").contains("1 waiting");
        release.countDown();
        assertThat(running.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(waiting.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aCancelledQueuedRequestNeverRuns() throws Exception {
        registry.add(entry(blocking("slow"), Phase.ADD_EXECUTE, 10));
        start(4, null);
        Submission running = queue.submit(online("cpu1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Submission queued = queue.submit(online("cpu2"));

        assertThat(queue.status().queued()).containsExactly(queued.id());
        assertThat(queue.cancel(queued.id())).isTrue();
        Outcome cancelled = queued.await(WAIT);
        release.countDown();
        running.await(WAIT);

        assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
        assertThat(cancelled.trace()).isEmpty();
        assertThat(cancelled.started()).isEmpty();
        assertThat(machine.calls).containsExactly("apply slow");
        assertThat(queue.cancel(queued.id())).as("an ended request cannot be cancelled").isFalse();
        assertThat(queue.cancel(999)).isFalse();
    }

    @Test
    void aCancelNamesWhoAskedInTheFailure() throws Exception {
        registry.add(entry(blocking("slow"), Phase.ADD_EXECUTE, 10));
        start(4, null);
        Submission running = queue.submit(online("cpu1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Submission queued = queue.submit(online("cpu2"));
        Submission unnamed = queue.submit(online("cpu3"));

        assertThat(queue.cancel(queued.id(), "http (http.remote=192.0.2.7:40312\nhttp.token=true)")).isTrue();
        assertThat(queue.cancel(unnamed.id(), " ")).isTrue();
        assertThat(queue.cancel(running.id(), "shell")).isTrue();
        release.countDown();

        assertThat(queued.await(WAIT).failure()).hasValueSatisfying(f -> assertThat(f.message()).isEqualTo("request "
                + queued.id() + " was cancelled by http (http.remote=192.0.2.7:40312 http.token=true)"));
        assertThat(unnamed.await(WAIT).failure()).hasValueSatisfying(f -> assertThat(f.message())
                .isEqualTo("request " + unnamed.id() + " was cancelled by an operator"));
        Outcome stopped = running.await(WAIT);
        assertThat(stopped.status()).isEqualTo(Status.CANCELLED);
        assertThat(stopped.failure()).hasValueSatisfying(f -> assertThat(f.message()).endsWith("was cancelled by shell"));
    }

    @Test
    void aCancelledRunningRequestStopsBetweenCallsAndRollsBack() throws Exception {
        registry.add(entry(new Recording("bus", machine), Phase.ADD_EXECUTE, 10));
        registry.add(entry(blocking("slow"), Phase.ADD_EXECUTE, 20));
        registry.add(entry(new Recording("cpu", machine), Phase.ADD_EXECUTE, 110));
        start(4, null);
        Submission running = queue.submit(online("cpu1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(queue.status().running()).hasValueSatisfying(o -> assertThat(o.id()).isEqualTo(running.id()));
        assertThat(queue.status().activeCall()).hasValueSatisfying(
                call -> assertThat(call).startsWith("slow apply (ADD_EXECUTE 20) for "));
        assertThat(queue.cancel(running.id())).isTrue();
        Outcome outcome = running.await(WAIT);

        assertThat(outcome.status()).isEqualTo(Status.CANCELLED);
        assertThat(machine.calls).containsExactly("apply bus", "apply slow", "rollback slow", "rollback bus");
        assertThat(machine.applied).isEmpty();
        assertThat(outcome.failure().orElseThrow().code()).isEqualTo(HotplugException.CANCELLED);
    }

    @Test
    void cancelInterruptsAHandlerBlockedInAPortCallAndTheRequestRollsBack() throws Exception {
        registry.add(entry(new Recording("bus", machine), Phase.ADD_EXECUTE, 10));
        Recording stuck = new Recording("stuck", machine);
        stuck.onApply = c -> {
            entered.countDown();
            try {
                // a port call that waits with no idea of requests, as an injected hang does
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while offlining");
            }
        };
        registry.add(entry(stuck, Phase.ADD_EXECUTE, 20));
        registry.add(entry(new Recording("after", machine), Phase.ADD_EXECUTE, 30));
        start(4, null);
        Submission running = queue.submit(online("cpu1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        queue.cancel(running.id());
        Outcome outcome = running.await(WAIT);

        assertThat(outcome.status()).isEqualTo(Status.CANCELLED);
        assertThat(machine.calls).containsExactly("apply bus", "apply stuck", "rollback bus");
        // the interrupt does not leak into the next request
        registry.remove(registry.snapshot().all().get(1).info().serviceId(), Duration.ZERO);
        assertThat(queue.submit(online("cpu2")).await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aRequestPastItsDeadlineIsCancelledAndRolledBack() throws Exception {
        registry.add(entry(new Recording("bus", machine), Phase.ADD_EXECUTE, 10));
        registry.add(entry(blocking("slow"), Phase.ADD_EXECUTE, 20));
        registry.add(entry(new Recording("cpu", machine), Phase.ADD_EXECUTE, 110));
        start(4, null);

        Outcome outcome = queue.submit(HotplugRequest.of(Operation.ONLINE, "cpu1").deadline(Duration.ofMillis(100))
                .build()).await(WAIT);

        assertThat(outcome.status()).isEqualTo(Status.CANCELLED);
        assertThat(outcome.failure().orElseThrow().code()).isEqualTo(HotplugException.DEADLINE);
        assertThat(outcome.failure().orElseThrow().message()).contains("100 ms");
        assertThat(machine.calls).containsExactly("apply bus", "apply slow", "rollback slow", "rollback bus");
    }

    @Test
    void theDefaultDeadlineAppliesToRequestsWithoutOne() throws Exception {
        registry.add(entry(blocking("slow"), Phase.ADD_EXECUTE, 20));
        start(4, Duration.ofMillis(50));

        Outcome outcome = queue.submit(online("cpu1")).await(WAIT);

        assertThat(outcome.failure().orElseThrow().code()).isEqualTo(HotplugException.DEADLINE);
    }

    @Test
    void reconfiguringDisturbsNoRequestAndIdsGoOn() throws Exception {
        registry.add(entry(blocking("slow"), Phase.ADD_EXECUTE, 10));
        start(1, null);
        Submission running = queue.submit(online("cpu1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Submission waiting = queue.submit(online("cpu2"));
        assertThat(queue.submit(online("cpu3")).await(WAIT).status()).isEqualTo(Status.REJECTED);

        queue.reconfigure(2, 1, null);
        Submission accepted = queue.submit(online("cpu4"));
        release.countDown();

        assertThat(running.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(waiting.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(accepted.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(accepted.id()).isEqualTo(4);
        await().until(() -> queue.recent().size() == 1);
        assertThat(queue.recent()).extracting(Outcome::id).containsExactly(4L);
    }

    @Test
    void historyKeepsTheNewestRequests() throws Exception {
        registry.add(entry(new Recording("cpu", machine), Phase.ADD_EXECUTE, 110));
        start(8, null);
        Submission last = null;
        for (int i = 0; i < 5; i++) {
            last = queue.submit(online("cpu" + i));
        }
        last.await(WAIT);

        assertThat(queue.recent()).extracting(Outcome::id).containsExactly(5L, 4L, 3L);
        assertThat(queue.find(1)).isEmpty();
    }

    @Test
    void stoppingCancelsWaitingRequestsAndRollsBackTheRunningOne() throws Exception {
        registry.add(entry(blocking("slow"), Phase.ADD_EXECUTE, 20));
        start(4, null);
        Submission running = queue.submit(online("cpu1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Submission waiting = queue.submit(online("cpu2"));

        queue.stop(WAIT);

        assertThat(waiting.await(WAIT).status()).isEqualTo(Status.CANCELLED);
        assertThat(running.await(WAIT).status()).isEqualTo(Status.CANCELLED);
        assertThat(queue.submit(online("cpu3")).await(WAIT).status()).isEqualTo(Status.REJECTED);
        queue = null;
    }
}
