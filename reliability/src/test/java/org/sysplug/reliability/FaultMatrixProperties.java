package org.sysplug.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.reliability.Fault.Effect;

/**
 * The fault matrix: random machines (a shipped description and random prior changes) × every
 * handler of the platform × every phase × every operation × {errno, hang, delay, unchecked
 * exception}. Each case runs its request twice, on twin machines: once under the fault, once
 * without it. What must hold:
 *
 * <ul>
 * <li>a request that failed and rolled back (or was cancelled, or refused) left the machine bit for
 * bit as it found it: kernel, firmware and the OS's device objects;</li>
 * <li>a request that ended FAILED_INCONSISTENT names every device it left changed;</li>
 * <li>a request that succeeded did exactly what the fault-free twin did, and no errno, hang or
 * exception that fired in it was swallowed (except a failed {@code _OST}, which is a report to the
 * firmware, not part of the change);</li>
 * <li>a fault that did not fire, or a delay, changes nothing of the outcome;</li>
 * <li>a hang ends: cancel interrupts it, or it is lifted where cancel cannot reach (a commit, an
 * undo);</li>
 * <li>a request from the firmware that failed tells the firmware so ({@code _OST} not SUCCESS), one that
 * succeeded says SUCCESS.</li>
 * </ul>
 *
 * <p>1,000 cases in {@code mvn verify}; {@code -Pfault-matrix} runs 10,000 (jqwik.tries.default).
 */
class FaultMatrixProperties {

    /** Placeholders of a drawn fault, resolved against the case's request. */
    private static final String USED = "used#";
    private static final String TARGET = "TARGET#";
    private static final List<String> MACHINES = List.of("default", "server-4node");
    private static final List<String> ERRNOS = List.of("EIO", "EBUSY", "EAGAIN", "EINVAL", "EPERM", "ENODEV");
    private static final List<String> OPERATIONS = List.of("cpu.online", "cpu.offline", "cpu.register",
            "cpu.unregister", "memory.add", "memory.online", "memory.offline", "memory.remove", "node.online",
            "node.offline", "acpi.ps3", "acpi.lock", "acpi.eject", "acpi.ost");

    @Property
    @StatisticsReport(label = "outcome")
    @StatisticsReport(label = "request")
    @StatisticsReport(label = "failed in")
    void aFailedRequestLeavesTheMachineAsItFoundIt(@ForAll("scenarios") Scenario s) {
        SimulatedPlatform twin = s.boot();
        Scenario.Trigger twinTrigger = s.prepare(twin);
        MachineState twinBefore = MachineState.of(twin);
        twin.operations.clear();
        Outcome twinOutcome = twinTrigger.fire(twin);
        // which machine operations the request calls: a fault on one of them fires
        List<String> used = twin.operations.operations();
        MachineState twinAfter = MachineState.of(twin);

        SimulatedPlatform p = s.boot();
        Scenario.Trigger prepared = s.prepare(p);
        MachineState before = MachineState.of(p);
        check(prepared.toString().equals(twinTrigger.toString()) && before.equals(twinBefore), s, prepared, null,
                "the twin machines differ before the request: the case is not deterministic");
        int ostBefore = p.machine.ostLog().size();
        Fault fault = s.fault() instanceof Fault.OnMachine m ? resolve(m, s.operation(), used, prepared) : s.fault();
        fault.inject(p);
        Scenario.Trigger trigger = prepared.describedWith(fault);

        Outcome o = trigger.fire(p);
        // a lifted hang fired: lifting it removed its rule
        boolean fired = fault instanceof Fault.OnMachine ? p.machine.faultsFired() > 0 || p.hangLifted() : thrown(o);
        p.machine.clearFaults();
        MachineState after = MachineState.of(p);

        Statistics.label("outcome").collect(effectOf(fault),
                !fired ? "not fired" : p.hangLifted() ? "fired, lifted in " + p.liftedIn() : "fired",
                o == null ? "no request" : o.status());
        Statistics.label("request").collect(s.machine(), trigger.fromFirmware() ? "firmware" : "shell", s.operation());
        if (o != null && fired) {
            Statistics.label("failed in").collect(o.failure().map(f -> f.handler().isEmpty()
                    ? "the framework (" + f.code() + ")" : f.handler() + " " + f.phase().map(Enum::name).orElse(""))
                    .orElse("nothing: succeeded"));
        }
        if (o == null) {
            check(twinOutcome == null && after.equals(before), s, trigger, null,
                    "the firmware's notification submitted no request, yet the machine changed: " + before.differingDevices(after));
            return;
        }
        check(twinOutcome != null, s, trigger, o, "the twin submitted no request");
        Status status = o.status();
        check(status.isTerminal(), s, trigger, o, "the request did not end");
        switch (status) {
            case FAILED_ROLLED_BACK, CANCELLED, REJECTED -> check(after.equals(before), s, trigger, o,
                    "failed as " + status + " but the machine changed: " + before.differences(after));
            case FAILED_INCONSISTENT -> {
                check(!o.inconsistent().isEmpty(), s, trigger, o, "FAILED_INCONSISTENT names no device");
                for (String d : before.differingDevices(after)) {
                    check(MachineState.covered(d, o.inconsistent(), before, after), s, trigger, o,
                            "FAILED_INCONSISTENT does not name " + d + ", which changed (named: " + o.inconsistent() + ")");
                }
            }
            case SUCCEEDED -> {
                check(twinOutcome.succeeded() && after.equals(twinAfter), s, trigger, o,
                        "succeeded under the fault, but not as the fault-free twin did (" + twinOutcome.status()
                                + "): " + twinAfter.differingDevices(after));
                check(!fired || tolerated(fault, p, o), s, trigger, o, "the fault fired and the request still succeeded");
            }
            default -> check(false, s, trigger, o, "unexpected ending " + status);
        }
        if (!fired || fault instanceof Fault.OnMachine m && m.effect() == Effect.DELAY) {
            check(status == twinOutcome.status() && after.equals(twinAfter), s, trigger, o,
                    (fired ? "a delay" : "a fault that did not fire") + " changed the outcome: " + twinOutcome.status()
                            + " without it, " + status + " with it; " + twinAfter.differingDevices(after));
        }
        check(!p.hangLifted() || !p.liftedIn().equals("apply"), s, trigger, o,
                "a hang in a handler's apply of a reversible phase was not ended by cancel");
        if (status == Status.CANCELLED) {
            check(fault instanceof Fault.OnMachine m && m.effect() == Effect.HANG, s, trigger, o,
                    "cancelled, but nothing cancelled it");
        }
        if (fault instanceof Fault.Unchecked u && fired) {
            check(status.isFailure() && o.failure().map(f -> f.handler().equals(Fault.UNCHECKED_HANDLER)
                    && f.code().equals("HANDLER_ERROR")).orElse(false), s, trigger, o,
                    "the handler's unchecked exception is not the request's failure");
            check(u.phase().isReversible() || status == Status.FAILED_INCONSISTENT, s, trigger, o,
                    "a commit handler failed, yet the request did not end FAILED_INCONSISTENT");
        }
        if (trigger.fromFirmware() && !(fault instanceof Fault.OnMachine m && m.operation().equals("acpi.ost"))) {
            List<String> told = p.machine.ostLog().subList(ostBefore, p.machine.ostLog().size()).stream()
                    .filter(line -> line.startsWith(trigger.firstDevice() + " ")).toList();
            check(!told.isEmpty(), s, trigger, o, "the firmware was told nothing (_OST) about " + trigger.firstDevice());
            String lastStatus = told.get(told.size() - 1);
            // a commit that failed after the device was added or ejected: the change stands, and the
            // firmware module's own commit reports on it; any other failure left the device as it was
            boolean failedInCommit = o.failure().flatMap(f -> f.phase()).map(ph -> !ph.isReversible()).orElse(false);
            if (status.isFailure() && !failedInCommit) {
                check(!lastStatus.endsWith(" SUCCESS") && !lastStatus.endsWith(" EJECT_IN_PROGRESS"), s, trigger, o,
                        "the request failed but the firmware was told: " + told);
            } else if (status == Status.SUCCEEDED) {
                check(lastStatus.endsWith(" SUCCESS"), s, trigger, o, "the request succeeded but the firmware was told: " + told);
            }
        }
    }

    /**
     * The failures a request may survive: a failed {@code _OST} is a report the firmware did not
     * take, not a failed change; a failed {@code _PS3} or {@code _LCK(0)} before {@code _EJ0} is
     * noted and the eject goes on, as Linux does; a hang lifted in a commit or an undo goes on as
     * if it had not been.
     */
    private static boolean tolerated(Fault fault, SimulatedPlatform p, Outcome o) {
        if (fault instanceof Fault.OnMachine m) {
            boolean ejectedAnyway = o.trace().stream().flatMap(e -> e.notes().stream())
                    .anyMatch(n -> n.contains("failed, ejecting anyway (as Linux does)"));
            return m.effect() == Effect.DELAY || m.effect() == Effect.HANG && p.hangLifted()
                    || m.operation().equals("acpi.ost")
                    || (m.operation().equals("acpi.ps3") || m.operation().equals("acpi.lock")) && ejectedAnyway;
        }
        return false;
    }

    private static boolean thrown(Outcome o) {
        return o != null && o.trace().stream().anyMatch(e -> e.handler().equals(Fault.UNCHECKED_HANDLER)
                && e.action() == TraceEntry.Action.APPLY);
    }

    private static String effectOf(Fault f) {
        return f instanceof Fault.OnMachine m ? m.effect().name() : "UNCHECKED";
    }

    /**
     * A drawn fault on this request: {@code used#k} is the k-th operation the request calls (one it
     * may call when it calls none), {@code TARGET#k} the request's k-th device.
     */
    private static Fault.OnMachine resolve(Fault.OnMachine m, Operation op, List<String> used, Scenario.Trigger trigger) {
        String operation = m.operation();
        if (operation.startsWith(USED)) {
            int k = Integer.parseInt(operation.substring(USED.length()));
            List<String> from = used.isEmpty() ? relevant(op) : used;
            operation = from.get(k % from.size());
        }
        String target = m.target();
        if (target.startsWith(TARGET)) {
            target = targetFor(operation, trigger, Integer.parseInt(target.substring(TARGET.length())));
        }
        return new Fault.OnMachine(m.effect(), operation, target, m.errno(), m.times());
    }

    /** The request's own device for a fault aimed at it: a kernel device for a kernel operation, a path for ACPI. */
    private static String targetFor(String operation, Scenario.Trigger trigger, int k) {
        List<String> devices = trigger.devices();
        String device = devices.get(k % devices.size());
        boolean path = device.startsWith("\\");
        return operation.startsWith("acpi.") == path ? device : "*";
    }

    private static void check(boolean ok, Scenario s, Scenario.Trigger trigger, Outcome o, String what) {
        if (!ok) {
            throw new AssertionError(what + "\n  case: " + s + "\n  request: " + trigger
                    + (o == null ? "" : "\n  outcome: " + o.status() + " " + o.failure().map(f -> f.describe()).orElse("")
                            + " inconsistent=" + o.inconsistent() + "\n  trace: " + o.trace()));
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Operation> operations = Arbitraries.of(Operation.class);
        return operations.flatMap(op -> Combinators.combine(Arbitraries.of(MACHINES), Arbitraries.longs(),
                Arbitraries.integers().between(0, 3), Arbitraries.of(true, false, false, false), Arbitraries.of(true, true, false),
                faults(op)).as((machine, seed, prior, pin, firmware, fault) -> new Scenario(machine, seed, prior, pin, op,
                        firmware && (op == Operation.HOT_ADD || op == Operation.HOT_REMOVE), fault)));
    }

    private static Arbitrary<Fault> faults(Operation op) {
        Arbitrary<String> ops = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 9).map(k -> USED + k)),
                Tuple.of(1, Arbitraries.of(OPERATIONS)));
        Arbitrary<String> targets = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("*")),
                Tuple.of(1, Arbitraries.integers().between(0, 7).map(k -> TARGET + k)));
        Arbitrary<Fault> errno = Combinators.combine(ops, targets, Arbitraries.of(ERRNOS), Arbitraries.of(1, -1))
                .as((o, t, e, n) -> new Fault.OnMachine(Effect.ERRNO, o, t, e, n));
        Arbitrary<Fault> hang = Combinators.combine(ops, targets)
                .as((o, t) -> new Fault.OnMachine(Effect.HANG, o, t, null, 1));
        Arbitrary<Fault> delay = Combinators.combine(ops, targets, Arbitraries.of(1, 3, -1))
                .as((o, t, n) -> new Fault.OnMachine(Effect.DELAY, o, t, null, n));
        // mostly in the lists the request runs, now and then in one it does not (the handler is then never called)
        Arbitrary<Phase> phases = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(op.phases())),
                Tuple.of(1, Arbitraries.of(Phase.class)));
        Arbitrary<Fault> unchecked = phases.flatMap(phase -> Arbitraries.of(ranks(phase))
                .map(rank -> new Fault.Unchecked(phase, rank)));
        return Arbitraries.frequencyOf(Tuple.of(3, errno), Tuple.of(2, hang),
                Tuple.of(2, delay), Tuple.of(3, unchecked));
    }

    /** The machine operations a request of {@code op} calls, its undo included. */
    private static List<String> relevant(Operation op) {
        return switch (op) {
            case ONLINE, OFFLINE -> List.of("cpu.online", "cpu.offline", "memory.online", "memory.offline",
                    "node.online", "node.offline");
            case HOT_ADD -> List.of("cpu.register", "cpu.online", "memory.add", "memory.online", "node.online",
                    "acpi.ost", "cpu.unregister", "cpu.offline", "memory.offline", "memory.remove", "node.offline");
            case HOT_REMOVE -> List.of("cpu.offline", "cpu.unregister", "memory.offline", "memory.remove",
                    "node.offline", "acpi.ps3", "acpi.lock", "acpi.eject", "acpi.ost", "cpu.online", "memory.online",
                    "node.online");
        };
    }

    /** Every rank of a phase's list, the ranks just around them, and both ends. */
    private static List<Integer> ranks(Phase phase) {
        int[] used = switch (phase) {
            case ADD_VALIDATE -> new int[] { Order.ADD_VALIDATE_ACPI_BUS };
            case ADD_EXECUTE -> new int[] { Order.ADD_EXECUTE_ACPI_BUS, Order.ADD_EXECUTE_ACPI_RESOURCE,
                    Order.ADD_EXECUTE_NODE, Order.ADD_EXECUTE_MEMORY, Order.ADD_EXECUTE_CPU };
            case ADD_COMMIT -> new int[] { Order.ADD_COMMIT_ACPI_BUS };
            case DELETE_VALIDATE -> new int[] { Order.DELETE_VALIDATE_ACPI_BUS, Order.DELETE_VALIDATE_ACPI_RESOURCE,
                    Order.DELETE_VALIDATE_CPU, Order.DELETE_VALIDATE_MEMORY, Order.DELETE_VALIDATE_NODE };
            case DELETE_EXECUTE -> new int[] { Order.DELETE_EXECUTE_CPU, Order.DELETE_EXECUTE_MEMORY,
                    Order.DELETE_EXECUTE_NODE, Order.DELETE_EXECUTE_ACPI_BUS };
            case DELETE_COMMIT -> new int[] { Order.DELETE_COMMIT_ACPI_BUS };
        };
        Set<Integer> out = new TreeSet<>(List.of(Order.MIN, Order.MAX));
        Arrays.stream(used).forEach(r -> {
            out.add(r);
            out.add(r + 1);
            if (r > Order.MIN) {
                out.add(r - 1);
            }
        });
        return new ArrayList<>(out);
    }
}
