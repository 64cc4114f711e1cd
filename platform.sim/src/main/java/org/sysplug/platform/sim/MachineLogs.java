package org.sysplug.platform.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;
import org.sysplug.platform.sim.control.OstRecord;

/**
 * What the machine records for operators and tests: every {@code _OST}, every hardware event
 * and firmware surprise, every control method the OS evaluated. Each keeps its newest
 * {@value #LIMIT} entries, so a long session does not grow without end. Not thread-safe: the
 * machine calls it under its lock.
 */
final class MachineLogs {

    static final int LIMIT = 10_000;

    private final Deque<OstRecord> ost = new ArrayDeque<>();
    private final Deque<String> hardware = new ArrayDeque<>();
    private final Deque<String> firmwareCalls = new ArrayDeque<>();
    private long ostSequence;

    void ost(String path, OstEvent event, OstStatus status) {
        append(ost, new OstRecord(path, event, status, ++ostSequence));
        firmwareCall("_OST " + path + " " + event + " " + status);
    }

    void hardware(String line) {
        append(hardware, line);
    }

    void firmwareCall(String line) {
        append(firmwareCalls, line);
    }

    List<OstRecord> ost() {
        return List.copyOf(ost);
    }

    List<String> hardware() {
        return List.copyOf(hardware);
    }

    List<String> firmwareCalls() {
        return List.copyOf(firmwareCalls);
    }

    private static <T> void append(Deque<T> log, T entry) {
        log.addLast(entry);
        if (log.size() > LIMIT) {
            log.removeFirst();
        }
    }
}
