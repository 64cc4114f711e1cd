package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.framework.core.Fixtures.entry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Progress;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.framework.core.Fixtures.Machine;
import org.sysplug.framework.core.Fixtures.Recording;

/**
 * The running request's progress as the queue shows it, and which device changes are announced:
 * those that stand when the request ends, never those a rollback undid.
 */
class ProgressAndChangesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Machine machine = new Machine();
    private final HandlerRegistry registry = new HandlerRegistry();
    private final List<String> announced = new CopyOnWriteArrayList<>();
    private SerialQueue queue;

    private void start() {
        queue = new SerialQueue(registry, Fixtures.runner(), new SerialQueue.Listener() {
            @Override
            public void devicesChanged(long id, List<DeviceChange> changes) {
                changes.forEach(c -> announced.add(id + " " + c.describe()));
            }

            @Override
            public void finished(Outcome outcome) {
                announced.add(outcome.id() + " " + outcome.status());
            }
        }, Clock.systemUTC(), 4, 8, null);
        queue.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        queue.stop(WAIT);
    }

    /** Onlines every target, reporting a change and its count after each. */
    private Recording onlining(String name) {
        Recording r = new Recording(name, machine);
        r.onApply = c -> {
            var targets = c.request().targets();
            for (int i = 0; i < targets.size(); i++) {
                c.changed(DeviceChange.of(DeviceChange.Type.ONLINE, "cpu", targets.get(i).index(), 0));
                c.progress(i + 1, targets.size());
            }
        };
        return r;
    }

    @Test
    void theCountsOfTheCallInProgressShowInTheQueueStatus() throws Exception {
        CountDownLatch counted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recording slow = new Recording("slow", machine);
        slow.onApply = c -> {
            c.progress(3, 8);
            counted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        registry.add(entry(slow, Phase.DELETE_EXECUTE, 20));
        start();
        Submission running = queue.submit(HotplugRequest.of(Operation.OFFLINE, "cpu1").build());
        assertThat(counted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(queue.status().progress()).contains(new Progress(Phase.DELETE_EXECUTE, "slow", 3, 8));
        release.countDown();
        running.await(WAIT);
        assertThat(queue.status().progress()).as("nothing runs: no progress").isEmpty();
    }

    @Test
    void theChangesOfASucceededRequestAreAnnouncedBeforeItsEnd() throws Exception {
        registry.add(entry(onlining("cpu"), Phase.ADD_EXECUTE, 110));
        start();
        Submission done = queue.submit(HotplugRequest.of(Operation.ONLINE, "cpu1", "cpu2").build());
        done.await(WAIT);

        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> announced.size() == 3);
        long id = done.id();
        assertThat(announced).containsExactly(id + " ONLINE cpu1 (cpu, node 0)", id + " ONLINE cpu2 (cpu, node 0)",
                id + " SUCCEEDED");
    }

    @Test
    void aRolledBackChangeIsNeverAnnounced() throws Exception {
        registry.add(entry(onlining("cpu"), Phase.ADD_EXECUTE, 110));
        Recording failing = new Recording("after", machine);
        failing.failApply = new HotplugException(HotplugException.EBUSY, "cpu2", "busy");
        registry.add(entry(failing, Phase.ADD_EXECUTE, 120));
        start();
        Submission done = queue.submit(HotplugRequest.of(Operation.ONLINE, "cpu1", "cpu2").build());

        assertThat(done.await(WAIT).status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !announced.isEmpty());
        assertThat(announced).containsExactly(done.id() + " FAILED_ROLLED_BACK");
    }

    @Test
    void aFailingHandlersOwnChangesAreDroppedAsItUndidThem() throws Exception {
        Recording failing = onlining("cpu");
        failing.failApply = new HotplugException(HotplugException.EBUSY, "cpu2", "busy");
        registry.add(entry(failing, Phase.ADD_EXECUTE, 110));
        start();
        Submission done = queue.submit(HotplugRequest.of(Operation.ONLINE, "cpu1", "cpu2").build());

        assertThat(done.await(WAIT).status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !announced.isEmpty());
        assertThat(announced).containsExactly(done.id() + " FAILED_ROLLED_BACK");
    }
}
