package org.sysplug.framework.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How long a departing handler may wait for the running request that uses it, shared by all the
 * handlers of one bundle: a bundle that stops unregisters its handlers one after the other, and a
 * wait per handler made {@code stop} of a bundle with three handlers behind a hung request take
 * three times the departure wait (91 s). The first handler of a bundle to go opens a window of
 * the departure wait; the others wait only what is left of it. A window long past is forgotten,
 * so that the bundle's next stop gets a whole one.
 */
final class DepartureWindows {

    /**
     * The window every departure shares while the whole platform stops, instead of its bundle's:
     * no bundle id (those are 0 or more, and a handler without a bundle is keyed by its negative
     * service id).
     */
    static final long PLATFORM = Long.MIN_VALUE;

    /** A departure this long after its bundle's window closed starts a new window. */
    private static final long FORGET_NANOS = Duration.ofSeconds(1).toNanos();

    private final LongSupplier nanoTime;
    private final Map<Long, Long> closes = new HashMap<>();

    DepartureWindows() {
        this(System::nanoTime);
    }

    DepartureWindows(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** How long a handler of {@code bundleId} departing now may wait, given the departure wait. */
    synchronized Duration waitFor(long bundleId, Duration departureWait) {
        long now = nanoTime.getAsLong();
        Long close = closes.get(bundleId);
        if (close == null || now - close > FORGET_NANOS) {
            close = now + departureWait.toNanos();
            closes.put(bundleId, close);
        }
        return Duration.ofNanos(Math.max(0, close - now));
    }
}
