package org.sysplug.platform.linux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the kernel events that arrive together into one batch: a batch ends when no event has
 * come for {@code quiet}, or {@code longest} after its first event, however fast they keep
 * coming. A hot-add of a DIMM is one batch; a coldplug storm of thousands of blocks is a batch
 * per {@code longest} of it, and one that never pauses is still handled.
 */
final class EventBatches<E> {

    private final BlockingQueue<E> events;
    private final long quietNanos;
    private final long longestNanos;

    EventBatches(BlockingQueue<E> events, Duration quiet, Duration longest) {
        this.events = events;
        this.quietNanos = quiet.toNanos();
        this.longestNanos = longest.toNanos();
    }

    /** The next batch: waits for its first event, then gathers until quiet or the longest time. */
    List<E> next() throws InterruptedException {
        List<E> batch = new ArrayList<>();
        batch.add(events.take());
        long end = System.nanoTime() + longestNanos;
        long left;
        E next;
        while ((left = end - System.nanoTime()) > 0
                && (next = events.poll(Math.min(left, quietNanos), TimeUnit.NANOSECONDS)) != null) {
            batch.add(next);
            events.drainTo(batch);
        }
        return batch;
    }
}
