package org.sysplug.framework.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The queue's settings as it runs with them, read from its configuration's properties (PID
 * {@value RequestQueueService#PID}, the keys of {@link QueueConfig}). A value the queue cannot use
 * (not a whole number, or below its minimum: {@code capacity = 0}, {@code history = -1},
 * {@code stuck.after.ms = abc}) is refused on its own: the setting keeps the value it had, the
 * others apply, and the refusal says which key, which value and the rule, as the policy does for
 * its settings. A key that is absent takes its default, as {@code config:unset} means.
 */
record QueueSettings(int capacity, int history, long departureWaitMs, long defaultDeadlineMs, long handlerTimeoutMs,
                     long stuckAfterMs, long stopWaitMs) {

    static final String CAPACITY = "capacity";
    static final String HISTORY = "history";
    static final String DEPARTURE_WAIT = "departure.wait.ms";
    static final String DEFAULT_DEADLINE = "default.deadline.ms";
    static final String HANDLER_TIMEOUT = "handler.timeout.ms";
    static final String STUCK_AFTER = "stuck.after.ms";
    static final String STOP_WAIT = "stop.wait.ms";

    /** The defaults of {@link QueueConfig}: what the queue runs with without a configuration. */
    static final QueueSettings DEFAULTS = new QueueSettings(64, 256, 30_000, 0, 0, 10_000, 30_000);

    /** A value refused: the key, the value as written, what the key accepts, and the value kept instead. */
    record Refusal(String key, String value, String rule, String kept) {

        /** One line for the log and the operator. */
        String describe() {
            return RequestQueueService.PID + ": " + key + " = '" + value + "' refused, " + rule + "; " + key + " "
                    + kept + " stays in force (config:set " + RequestQueueService.PID + " " + key + " VALUE)";
        }
    }

    /** The settings to run with, and the values refused on the way. */
    record Reading(QueueSettings settings, List<Refusal> refused) {
    }

    Duration defaultDeadline() {
        return defaultDeadlineMs > 0 ? Duration.ofMillis(defaultDeadlineMs) : null;
    }

    /**
     * Reads {@code properties}; a refused value keeps what {@code previous} had.
     *
     * @param properties the component's configuration properties (DS adds its own {@code component.*} keys, ignored)
     */
    static Reading read(Map<String, ?> properties, QueueSettings previous) {
        Reader r = new Reader(properties);
        QueueSettings s = new QueueSettings(
                (int) r.number(CAPACITY, DEFAULTS.capacity, previous.capacity, 1, Integer.MAX_VALUE, "1 or more: how many requests may wait"),
                (int) r.number(HISTORY, DEFAULTS.history, previous.history, 1, Integer.MAX_VALUE, "1 or more: how many ended requests are kept"),
                r.number(DEPARTURE_WAIT, DEFAULTS.departureWaitMs, previous.departureWaitMs, 0, Long.MAX_VALUE, "milliseconds, 0 or more"),
                r.number(DEFAULT_DEADLINE, DEFAULTS.defaultDeadlineMs, previous.defaultDeadlineMs, 0, Long.MAX_VALUE,
                        "milliseconds, 0 or more (0: no limit)"),
                r.number(HANDLER_TIMEOUT, DEFAULTS.handlerTimeoutMs, previous.handlerTimeoutMs, 0, Long.MAX_VALUE,
                        "milliseconds, 0 or more (0: no limit)"),
                r.number(STUCK_AFTER, DEFAULTS.stuckAfterMs, previous.stuckAfterMs, 1, Long.MAX_VALUE, "milliseconds, 1 or more"),
                r.number(STOP_WAIT, DEFAULTS.stopWaitMs, previous.stopWaitMs, 0, Long.MAX_VALUE, "milliseconds, 0 or more"));
        return new Reading(s, List.copyOf(r.refused));
    }

    private static final class Reader {
        private final Map<String, ?> properties;
        final List<Refusal> refused = new ArrayList<>();

        Reader(Map<String, ?> properties) {
            this.properties = properties;
        }

        long number(String key, long otherwise, long previous, long min, long max, String rule) {
            Object v = properties.get(key);
            if (v == null) {
                return otherwise;
            }
            Long n = whole(v);
            if (n == null || n < min || n > max) {
                String text = v instanceof Object[] a ? String.join(",", java.util.Arrays.stream(a).map(String::valueOf).toList())
                        : String.valueOf(v);
                refused.add(new Refusal(key, text, n == null ? "not a whole number: " + rule : rule, String.valueOf(previous)));
                return previous;
            }
            return n;
        }

        /** A whole number as ConfigAdmin may hold it (a Long or Integer from config:set, a String from a .cfg file), or null. */
        private static Long whole(Object v) {
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
            if (v instanceof String s) {
                try {
                    return Long.parseLong(s.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }
}
