package org.sysplug.platform.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.sysplug.platform.Errno;
import org.sysplug.platform.PortException;

/**
 * Fault and latency injection, deterministic: the machine consults it at the start of every
 * operation, before it takes its own lock and before it changes anything, so a failed operation
 * changes nothing and a delayed or hanging one blocks no other caller of the machine.
 *
 * <p>Matching rules fire in the order they were added; the first that fails the operation ends
 * the walk (later rules do not fire). Waits happen outside every lock. An interrupt (the
 * framework interrupts a worker whose request is cancelled) ends a wait with EAGAIN and leaves
 * the thread's interrupt status set, as a signal ends a process's blocked sysfs write.
 */
final class Faults {

    /**
     * What an operation touches: the device an error names, and the targets a rule may use
     * for it ({@code *} always matches).
     */
    record Subject(String device, Predicate<String> names) {

        static Subject of(String device, String... aliases) {
            List<String> all = new ArrayList<>(List.of(aliases));
            all.add(device);
            return new Subject(device, all::contains);
        }

        boolean matches(String target) {
            return target.equals("*") || names.test(target);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when rules are removed: a hang waits for its rule to go. */
    private final Condition removed = lock.newCondition();
    private final Map<Long, FaultRule> rules = new LinkedHashMap<>();
    private long nextId = 1;
    /** Lets an operation skip the lock when no rule exists (the common case). */
    private volatile int size;

    /** Adds a rule and returns it with its id. */
    FaultRule add(FaultRule rule) {
        if (!rule.hasEffect()) {
            throw new IllegalArgumentException("fault " + rule.what() + " does nothing: give it an errno, a delay or a hang");
        }
        lock.lock();
        try {
            FaultRule added = rule.withId(nextId++).withFired(0);
            rules.put(added.id(), added);
            size = rules.size();
            return added;
        } finally {
            lock.unlock();
        }
    }

    /** Every rule, spent ones too, in the order they fire, with how often each fired. */
    List<FaultRule> rules() {
        lock.lock();
        try {
            return List.copyOf(rules.values());
        } finally {
            lock.unlock();
        }
    }

    /** Removes a rule; an operation hanging on it goes on. False when no rule has that id. */
    boolean remove(long id) {
        lock.lock();
        try {
            boolean found = rules.remove(id) != null;
            size = rules.size();
            removed.signalAll();
            return found;
        } finally {
            lock.unlock();
        }
    }

    /** Removes every rule; operations hanging on them go on. */
    void clear() {
        lock.lock();
        try {
            rules.clear();
            size = 0;
            removed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fires the rules that match {@code operation} on the subject: waits their delays and hangs,
     * then fails if one says so.
     *
     * @param subject computed only when a rule exists, so the fast path costs one volatile read
     * @throws PortException the injected errno, or EAGAIN when interrupted while waiting
     */
    void consult(MachineOperation operation, Supplier<Subject> subject) throws PortException {
        if (size == 0) {
            return;
        }
        Subject s = Objects.requireNonNull(subject.get());
        List<FaultRule> firing = fire(operation, s);
        for (FaultRule rule : firing) {
            if (!rule.delay().isZero()) {
                sleep(rule, s);
            }
            if (rule.hangs()) {
                awaitRemoval(rule, s);
            }
            if (rule.errno().isPresent() && registered(rule.id())) {
                throw injected(rule, s, rule.errno().get());
            }
        }
    }

    /** Counts the firing of the matching rules, up to the first that fails. */
    private List<FaultRule> fire(MachineOperation operation, Subject s) {
        List<FaultRule> firing = new ArrayList<>();
        lock.lock();
        try {
            for (FaultRule rule : rules.values()) {
                if (rule.operation() != operation || rule.spent() || !s.matches(rule.target())) {
                    continue;
                }
                FaultRule fired = rule.withFired(rule.fired() + 1);
                rules.put(rule.id(), fired);
                firing.add(fired);
                if (fired.errno().isPresent()) {
                    break;
                }
            }
            return firing;
        } finally {
            lock.unlock();
        }
    }

    private boolean registered(long id) {
        lock.lock();
        try {
            return rules.containsKey(id);
        } finally {
            lock.unlock();
        }
    }

    private static void sleep(FaultRule rule, Subject s) throws PortException {
        Duration d = rule.delay();
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(rule, s);
        }
    }

    private void awaitRemoval(FaultRule rule, Subject s) throws PortException {
        lock.lock();
        try {
            while (rules.containsKey(rule.id())) {
                removed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(rule, s);
        } finally {
            lock.unlock();
        }
    }

    private static PortException interrupted(FaultRule rule, Subject s) {
        return new PortException(Errno.EAGAIN, s.device(), "interrupted while fault #" + rule.id() + " (" + rule.what()
                + ") held the operation: nothing was changed (the request was probably cancelled)");
    }

    private static PortException injected(FaultRule rule, Subject s, Errno errno) {
        // a rule that has just fired its last time needs no removing: saying so would mislead
        return new PortException(errno, s.device(), "injected by fault " + rule + ": nothing was changed; "
                + (rule.spent() ? "that was its last time" : "remove fault #" + rule.id() + " to stop it"));
    }
}
