package org.sysplug.framework.core;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.RefusedHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;
import org.sysplug.framework.core.LocalRunner.Registration;

/**
 * For other bundles' unit tests (framework.core's test jar): the real request queue, its worker,
 * cancel and status, behind the {@link RequestQueue} interface, without OSGi. A shell command
 * under test submits to it, waits on it and cancels through it as in the platform.
 *
 * <pre>
 * try (LocalQueue queue = LocalQueue.of(LocalRunner.handler(slow, Phase.DELETE_EXECUTE, 20))) { ... }
 * </pre>
 */
public final class LocalQueue implements RequestQueue, AutoCloseable {

    private static final AtomicLong SERVICE_IDS = new AtomicLong(2_000_000);

    private final HandlerRegistry registry = new HandlerRegistry();
    private final SerialQueue queue;

    private LocalQueue(List<Registration> handlers) {
        for (Registration r : handlers) {
            registry.add(new HandlerEntry(new HandlerInfo(r.name(), "local", 0, SERVICE_IDS.incrementAndGet(),
                    r.phase(), r.rank(), r.kinds()), r.handler()));
        }
        queue = new SerialQueue(registry, new PhaseRunner((h, a, e) -> e.printStackTrace()), new SerialQueue.Listener() {
        }, Clock.systemUTC(), 16, 16, null);
        queue.start();
    }

    /** A started queue serving these handlers. */
    public static LocalQueue of(Registration... handlers) {
        return new LocalQueue(List.of(handlers));
    }

    @Override
    public Submission submit(HotplugRequest request) {
        return queue.submit(request);
    }

    @Override
    public boolean cancel(long id) {
        return queue.cancel(id);
    }

    @Override
    public QueueStatus status() {
        return queue.status();
    }

    @Override
    public Optional<Outcome> find(long id) {
        return queue.find(id);
    }

    @Override
    public List<Outcome> recent() {
        return queue.recent();
    }

    @Override
    public List<HandlerInfo> handlers() {
        return registry.snapshot().all().stream().map(HandlerEntry::info).toList();
    }

    @Override
    public List<RefusedHandler> refusedHandlers() {
        return registry.refused();
    }

    /** Stops the worker, cancelling what still runs. */
    @Override
    public void close() throws InterruptedException {
        queue.stop(Duration.ofSeconds(10));
    }
}
