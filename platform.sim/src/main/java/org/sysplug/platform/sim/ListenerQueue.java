package org.sysplug.platform.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.Notification;

/**
 * Tells the machine's listeners of its changes, in the order of the changes, outside the
 * machine's lock. The thread that made a change delivers it, unless another thread is
 * delivering at that moment, which then delivers it too: no thread ever waits for a listener
 * of another (so a listener may wait for a thread that changes the machine), and a listener
 * that changes the machine hears of that change after it returns.
 */
final class ListenerQueue {

    /** A notification the firmware raised. */
    record Raised(String path, Notification notification) {
    }

    /** What one change has to tell: the snapshot after it (null if only notifications), the notifications. */
    private record Events(Topology topology, List<Raised> raised) {
    }

    private static final System.Logger LOG = System.getLogger(ListenerQueue.class.getName());

    private final List<SimMachine.Listener> listeners = new CopyOnWriteArrayList<>();
    /** Guarded by itself. */
    private final Deque<Events> undelivered = new ArrayDeque<>();
    /** Whether a thread is delivering; guarded by {@link #undelivered}. */
    private boolean delivering;

    void add(SimMachine.Listener listener) {
        listeners.add(listener);
    }

    void remove(SimMachine.Listener listener) {
        listeners.remove(listener);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Whether any listener wants topology snapshots now. */
    boolean wantTopology() {
        for (SimMachine.Listener l : listeners) {
            if (l.wantsTopology()) {
                return true;
            }
        }
        return false;
    }

    /** Queues what a change has to tell; called under the machine's lock, so the queue keeps the order of changes. */
    void enqueue(Topology topology, List<Raised> raised) {
        if (topology == null && raised.isEmpty()) {
            return;
        }
        synchronized (undelivered) {
            undelivered.addLast(new Events(topology, List.copyOf(raised)));
        }
    }

    /** Called without the machine's lock: delivers what is queued, unless another thread already is. */
    void deliver() {
        synchronized (undelivered) {
            if (delivering || undelivered.isEmpty()) {
                return;
            }
            delivering = true;
        }
        try {
            while (true) {
                Events events;
                synchronized (undelivered) {
                    events = undelivered.pollFirst();
                    if (events == null) {
                        delivering = false;
                        return;
                    }
                }
                dispatch(events);
            }
        } catch (Error e) {
            synchronized (undelivered) {
                delivering = false;
            }
            throw e;
        }
    }

    private void dispatch(Events events) {
        for (SimMachine.Listener l : listeners) {
            if (events.topology() != null && l.wantsTopology()) {
                try {
                    l.topologyChanged(events.topology());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "machine listener " + l + " failed on a topology change", e);
                }
            }
            for (Raised r : events.raised()) {
                try {
                    l.notified(r.path(), r.notification());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "machine listener " + l + " failed on " + r, e);
                }
            }
        }
    }
}
