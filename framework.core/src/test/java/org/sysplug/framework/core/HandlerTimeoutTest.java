package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sysplug.framework.core.Fixtures.entry;

import java.time.Clock;
import java.time.Duration;
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
import org.sysplug.framework.core.Fixtures.Machine;
import org.sysplug.framework.core.Fixtures.Recording;

/**
 * The watchdog: a handler call past the handler timeout is interrupted and its request rolled
 * back; a call that ignores being stopped makes the queue stuck, which refuses new requests with
 * a clear reason instead of letting them wait for ever, until the call returns; a commit cannot
 * be cancelled, and says so.
 */
class HandlerTimeoutTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Machine machine = new Machine();
    private final HandlerRegistry registry = new HandlerRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private SerialQueue queue;

    private SerialQueue start(Duration handlerTimeout, Duration stuckAfter) {
        queue = new SerialQueue(registry, Fixtures.runner(), new SerialQueue.Listener() {
        }, Clock.systemUTC(), 8, 8, null);
        queue.watchdog(handlerTimeout, stuckAfter);
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

    /** Waits for the test's release; an interrupt ends the wait with EINTR when {@code obeys}. */
    private Recording waiting(String name, boolean obeys) {
        Recording r = new Recording(name, machine);
        r.onApply = c -> {
            entered.countDown();
            while (true) {
                try {
                    if (release.await(10, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    if (obeys) {
                        throw new IllegalStateException("EINTR: interrupted while it waited");
                    }
                }
            }
        };
        return r;
    }

    private static HotplugRequest online(String target) {
        return HotplugRequest.of(Operation.ONLINE, target).build();
    }

    @Test
    void aCallPastTheHandlerTimeoutIsInterruptedAndItsRequestRollsBack() throws Exception {
        registry.add(entry(new Recording("node", machine), Phase.ADD_EXECUTE, 50));
        registry.add(entry(waiting("cpu", true), Phase.ADD_EXECUTE, 110));
        start(Duration.ofMillis(200), Duration.ofSeconds(10));

        Outcome o = queue.submit(online("cpu5")).await(WAIT);

        assertThat(o.status()).isEqualTo(Status.CANCELLED);
        assertThat(o.failure().orElseThrow().code()).isEqualTo(HotplugException.TIMEOUT);
        assertThat(o.failure().orElseThrow().message()).contains("cpu (apply, ADD_EXECUTE 110) ran past the handler "
                + "timeout of 200 ms");
        assertThat(machine.applied).isEmpty();
        assertThat(machine.calls).containsExactly("apply node", "apply cpu", "rollback node");
    }

    @Test
    void aCallThatIgnoresBeingStoppedMakesTheQueueStuckUntilItReturns() throws Exception {
        registry.add(entry(waiting("cpu", false), Phase.ADD_EXECUTE, 110));
        start(Duration.ofMillis(100), Duration.ofMillis(300));
        var hung = queue.submit(online("cpu5"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(WAIT).until(() -> queue.status().activeCall().orElse("").contains("STUCK"));
        Outcome refused = queue.submit(online("cpu6")).await(WAIT);

        assertThat(refused.status()).isEqualTo(Status.REJECTED);
        assertThat(refused.failure().orElseThrow().code()).isEqualTo(HotplugException.STUCK);
        assertThat(refused.failure().orElseThrow().message()).contains("request " + hung.id() + " has been in cpu (apply, "
                + "ADD_EXECUTE 110) of org.sysplug.test").contains("ignored being stopped");

        release.countDown();
        Outcome ended = hung.await(WAIT);
        assertThat(ended.status()).isEqualTo(Status.CANCELLED);
        assertThat(ended.failure().orElseThrow().code()).isEqualTo(HotplugException.TIMEOUT);
        assertThat(queue.status().activeCall()).isEmpty();
        // the queue is no longer stuck: the next request runs
        assertThat(queue.submit(online("cpu7")).await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aCommitCannotBeCancelledAndAHungOneIsReportedStuck() throws Exception {
        registry.add(entry(new Recording("cpu", machine), Phase.ADD_EXECUTE, 110));
        registry.add(entry(waiting("bus-commit", false), Phase.ADD_COMMIT, 10));
        start(null, Duration.ofMillis(300));
        var committing = queue.submit(online("cpu5"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(queue.cancel(committing.id())).isFalse();
        await().atMost(WAIT).until(() -> queue.status().activeCall().orElse("").contains("STUCK"));
        assertThat(queue.submit(online("cpu6")).await(WAIT).failure().orElseThrow().code())
                .isEqualTo(HotplugException.STUCK);

        release.countDown();
        // a commit is never undone: the request ends as it would have
        assertThat(committing.await(WAIT).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(machine.applied).containsExactly("cpu", "bus-commit");
    }
}
