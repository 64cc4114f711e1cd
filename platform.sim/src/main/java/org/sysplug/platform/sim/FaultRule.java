package org.sysplug.platform.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.sysplug.platform.Errno;
import org.sysplug.platform.sim.control.InjectedFault;
import org.sysplug.platform.sim.description.AcpiPaths;

/**
 * One injected fault: which operation on which target, and what happens to it — a delay, a
 * hang until the caller is interrupted or the rule is removed, a failure with an errno — for a
 * number of times or always. Immutable: {@link Faults#rules()} hands out copies that carry how
 * often each rule fired.
 *
 * <pre>
 * FaultRule.on(MachineOperation.MEMORY_OFFLINE, "memory32").failWith(Errno.EBUSY).times(2)
 * FaultRule.on(MachineOperation.CPU_ONLINE, "*").delay(Duration.ofMillis(500))
 * FaultRule.on(MachineOperation.ACPI_EJECT, "\\_SB.NOD1").hang()
 * </pre>
 */
final class FaultRule {

    /** {@link #times()} of a rule that never runs out. */
    static final int ALWAYS = -1;

    private static final Pattern KERNEL_DEVICE = Pattern.compile("(cpu|memory|node)\\d+");

    private final long id;
    private final MachineOperation operation;
    private final String target;
    private final Errno errno;
    private final int times;
    private final Duration delay;
    private final boolean hang;
    private final int fired;

    private FaultRule(long id, MachineOperation operation, String target, Errno errno, int times, Duration delay,
            boolean hang, int fired) {
        this.id = id;
        this.operation = Objects.requireNonNull(operation, "operation");
        this.target = target;
        this.errno = errno;
        this.times = times;
        this.delay = delay;
        this.hang = hang;
        this.fired = fired;
    }

    /**
     * A rule on {@code operation} for {@code target}: {@code cpu5}, {@code memory32},
     * {@code node1}, a namespace path, or {@code *} for any. Kernel operations also match the
     * node of their device ({@code memory.online node1} hits every block of node1). Add an
     * effect before adding it; it fires always unless {@link #times(int)} says otherwise.
     */
    static FaultRule on(MachineOperation operation, String target) {
        return new FaultRule(0, operation, canonicalTarget(target), null, ALWAYS, Duration.ZERO, false, 0);
    }

    private static String canonicalTarget(String target) {
        String t = Objects.requireNonNull(target, "target").trim();
        if (t.equals("*")) {
            return t;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (KERNEL_DEVICE.matcher(lower).matches()) {
            return lower;
        }
        if (AcpiPaths.looksLikePath(t) && AcpiPaths.valid(t)) {
            return AcpiPaths.canonical(t);
        }
        throw new IllegalArgumentException("bad fault target '" + target
                + "': use cpuN, memoryN, nodeN, a namespace path such as \\_SB.NOD1, or * for any");
    }

    /** Fails the operation with {@code code} (after any delay or hang). */
    FaultRule failWith(Errno code) {
        return new FaultRule(id, operation, target, Objects.requireNonNull(code, "errno"), times, delay, hang, fired);
    }

    /** Fires {@code n} times, then stays listed as spent until removed. */
    FaultRule times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a fault fires at least once: times must be 1 or more, got " + n);
        }
        return new FaultRule(id, operation, target, errno, n, delay, hang, fired);
    }

    /** Fires every time (the default). */
    FaultRule always() {
        return new FaultRule(id, operation, target, errno, ALWAYS, delay, hang, fired);
    }

    /** Makes the operation take {@code d} longer; an interrupt ends the wait with EAGAIN. */
    FaultRule delay(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + d);
        }
        return new FaultRule(id, operation, target, errno, times, d, hang, fired);
    }

    /**
     * Makes the operation block until its thread is interrupted (it then fails with EAGAIN) or
     * the rule is removed (it then goes on as if there had been no fault).
     */
    FaultRule hang() {
        return new FaultRule(id, operation, target, errno, times, delay, true, fired);
    }

    FaultRule withId(long newId) {
        return new FaultRule(newId, operation, target, errno, times, delay, hang, fired);
    }

    FaultRule withFired(int count) {
        return new FaultRule(id, operation, target, errno, times, delay, hang, count);
    }

    /** Assigned by {@link Faults#add}; 0 before. */
    long id() {
        return id;
    }

    MachineOperation operation() {
        return operation;
    }

    String target() {
        return target;
    }

    Optional<Errno> errno() {
        return Optional.ofNullable(errno);
    }

    /** How many times it fires in all, or {@link #ALWAYS}. */
    int times() {
        return times;
    }

    Duration delay() {
        return delay;
    }

    boolean hangs() {
        return hang;
    }

    /** How many times it has fired. */
    int fired() {
        return fired;
    }

    boolean isAlways() {
        return times == ALWAYS;
    }

    /** How many more times it fires, or {@link #ALWAYS}. */
    int remaining() {
        return isAlways() ? ALWAYS : Math.max(0, times - fired);
    }

    /** Fired as often as it was told to: it no longer fires. */
    boolean spent() {
        return !isAlways() && fired >= times;
    }

    /** Whether it does anything at all. */
    boolean hasEffect() {
        return errno != null || hang || !delay.isZero();
    }

    /** {@code memory.offline memory32: fail EBUSY} without the id and counts. */
    String what() {
        List<String> effects = new ArrayList<>();
        if (!delay.isZero()) {
            effects.add("delay " + delay.toMillis() + " ms");
        }
        if (hang) {
            effects.add("hang until interrupted or removed");
        }
        if (errno != null) {
            effects.add("fail " + errno);
        }
        return operation.id() + " " + target + ": " + (effects.isEmpty() ? "no effect" : String.join(", then ", effects));
    }

    /** The rule as the control API shows it. */
    InjectedFault describe() {
        return new InjectedFault(id, operation.id(), target, errno(), delay, hang,
                isAlways() ? Optional.empty() : Optional.of(times), fired, toString());
    }

    /** {@code #3 memory.offline memory32: fail EBUSY, 1 of 2 left}. */
    @Override
    public String toString() {
        String count;
        if (isAlways()) {
            count = "always (fired " + fired + ")";
        } else if (spent()) {
            count = "spent (fired " + fired + ")";
        } else {
            count = remaining() + " of " + times + " left";
        }
        return "#" + id + " " + what() + ", " + count;
    }
}
