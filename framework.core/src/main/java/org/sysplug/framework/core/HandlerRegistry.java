package org.sysplug.framework.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sysplug.framework.RefusedHandler;

/**
 * The whiteboard of handlers: a new immutable {@link HandlerSnapshot} on every arrival and
 * departure, and the rule that keeps requests whole: a handler that the running request's
 * snapshot holds may depart only once that request has ended, or once a bounded wait is over.
 * Readers take the current snapshot without locking. It also keeps the handler services refused
 * for their properties, for as long as they stay registered, so that they can be shown.
 */
final class HandlerRegistry {

    private final Object lock = new Object();
    private final Map<Long, HandlerEntry> entries = new LinkedHashMap<>();
    private volatile HandlerSnapshot current = HandlerSnapshot.EMPTY;
    private volatile List<RefusedHandler> refused = List.of();

    /** The snapshot the running request holds, and the worker thread running it. */
    private HandlerSnapshot leased;
    private Thread leaseHolder;

    HandlerSnapshot snapshot() {
        return current;
    }

    /** The refused handler services registered now, in the order they arrived. */
    List<RefusedHandler> refused() {
        return refused;
    }

    /** Records a handler service that is registered but not used. */
    void refuse(RefusedHandler handler) {
        synchronized (lock) {
            List<RefusedHandler> next = new ArrayList<>(refused);
            next.add(handler);
            refused = List.copyOf(next);
        }
    }

    void add(HandlerEntry entry) {
        synchronized (lock) {
            entries.put(entry.info().serviceId(), entry);
            current = new HandlerSnapshot(entries.values());
        }
    }

    /**
     * Removes a handler. New requests no longer see it at once; if the running request's
     * snapshot holds it, waits up to {@code maxWait} for that request to end. Afterwards the
     * entry is marked departed, so a request still running past the wait skips it and reports
     * itself inconsistent rather than call a handler whose bundle is stopping.
     *
     * @return true if the handler left without cutting a request short
     */
    boolean remove(long serviceId, Duration maxWait) throws InterruptedException {
        synchronized (lock) {
            HandlerEntry entry = entries.remove(serviceId);
            if (entry == null) {
                refused = refused.stream().filter(r -> r.serviceId() != serviceId).toList();
                return true;
            }
            current = new HandlerSnapshot(entries.values());
            try {
                if (leaseHolder == Thread.currentThread()) {
                    // the running request itself made the handler go (a handler stopping its own
                    // bundle): waiting would wait for ourselves
                    return leased == null || !leased.contains(entry);
                }
                long deadline = System.nanoTime() + maxWait.toNanos();
                while (leased != null && leased.contains(entry)) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    lock.wait(Math.max(1, remaining / 1_000_000));
                }
                return true;
            } finally {
                entry.markDeparted();
            }
        }
    }

    /** The worker takes the current snapshot for one request. */
    HandlerSnapshot lease() {
        synchronized (lock) {
            leased = current;
            leaseHolder = Thread.currentThread();
            return leased;
        }
    }

    /** The request has ended: departures may proceed. */
    void release() {
        synchronized (lock) {
            leased = null;
            leaseHolder = null;
            lock.notifyAll();
        }
    }
}
