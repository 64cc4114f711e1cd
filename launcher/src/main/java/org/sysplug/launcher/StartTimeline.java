package org.sysplug.launcher;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's start-up time goes, printed on stderr with {@code -Dsysplug.timing=true}: the
 * JVM's own start before {@code main()}, then each step the launcher takes, in milliseconds,
 * and the heap in use once every bundle is active. Off, it records nothing.
 */
final class StartTimeline {

    private final boolean enabled;
    private final long mainNanos;
    private final List<String> steps = new ArrayList<>();
    private long lastNanos;

    StartTimeline(boolean enabled, long mainNanos) {
        this.enabled = enabled;
        this.mainNanos = mainNanos;
        this.lastNanos = mainNanos;
    }

    boolean enabled() {
        return enabled;
    }

    /** Ends a step: the time since the previous one is charged to it. */
    void step(String name) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        steps.add(name + " " + (now - lastNanos) / 1_000_000);
        lastNanos = now;
    }

    /** Prints the steps so far and the start's totals, as one line. */
    void print(PrintStream err, int bundles) {
        if (!enabled) {
            return;
        }
        long millis = (System.nanoTime() - mainNanos) / 1_000_000;
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long jvm = uptime - millis;
        Runtime runtime = Runtime.getRuntime();
        long heapMiB = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
        err.printf("sysplug: timing: %d bundles active %d ms after main() (JVM up %d ms; heap used %d MiB)%n",
                bundles, millis, uptime, heapMiB);
        err.printf("sysplug: timing: jvm %d, %s (ms)%n", jvm, String.join(", ", steps));
        steps.clear();
    }

    /** Prints the steps since the last print (the command, the stop), as one line. */
    void printRest(PrintStream err) {
        if (enabled && !steps.isEmpty()) {
            err.printf("sysplug: timing: %s (ms)%n", String.join(", ", steps));
            steps.clear();
        }
    }
}
