package org.sysplug.frontend.sysfs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.sysplug.frontend.sysfs.Node.Attribute;
import org.sysplug.frontend.sysfs.Node.Dir;
import org.sysplug.platform.sim.control.FaultSpec;
import org.sysplug.platform.sim.control.InjectedFault;
import org.sysplug.platform.sim.control.SimulatedMachine;

/**
 * The kernel's notifier-error-inject files (debugfs, {@code /sys/kernel/debug/notifier-error-inject}),
 * on the simulator's fault injection, so that selftest-style scripts inject faults the way the
 * kernel's cpu-hotplug and memory-hotplug selftests do: writing {@code -12} to
 * {@code cpu/actions/CPU_DOWN_PREPARE/error} makes every CPU offline fail until {@code 0} is
 * written. Each action is one simulator fault on every target ({@code sim:faults} lists it); the
 * simulator's ports know six errnos, and any other number fails as EIO.
 */
final class FaultFiles {

    /** The actions served, per notifier, and the simulator operation each one fails. */
    static final Map<String, Map<String, String>> ACTIONS = Map.of(
            "cpu", Map.of("CPU_UP_PREPARE", "cpu.online", "CPU_DOWN_PREPARE", "cpu.offline"),
            "memory", Map.of("MEM_GOING_ONLINE", "memory.online", "MEM_GOING_OFFLINE", "memory.offline"));

    private record Injected(long id, int errno) {
    }

    private final SimulatedMachine sim;
    private final Map<String, Injected> injected = new ConcurrentHashMap<>();

    FaultFiles(SimulatedMachine sim) {
        this.sim = sim;
    }

    SimulatedMachine simulator() {
        return sim;
    }

    /** The node below {@code notifier-error-inject}, {@code p[from]} being the notifier's name. */
    Node lookup(String[] p, int from) {
        if (p.length == from) {
            return new Dir(List.of("cpu", "memory"));
        }
        Map<String, String> actions = ACTIONS.get(p[from]);
        if (actions == null) {
            return null;
        }
        if (p.length == from + 1) {
            return new Dir(List.of("actions"));
        }
        if (!p[from + 1].equals("actions")) {
            return null;
        }
        if (p.length == from + 2) {
            return new Dir(List.copyOf(new TreeSet<>(actions.keySet())));
        }
        String operation = actions.get(p[from + 2]);
        if (operation == null || p.length > from + 4) {
            return null;
        }
        if (p.length == from + 3) {
            return new Dir(List.of("error"));
        }
        if (!p[from + 3].equals("error")) {
            return null;
        }
        String action = p[from] + "/" + p[from + 2];
        return new Attribute(0600, () -> show(action), value -> store(action, operation, value));
    }

    /** The errno injected for an action, or 0 when none (or when its fault was removed with sim:unfault). */
    private String show(String action) {
        Injected i = injected.get(action);
        if (i == null) {
            return "0\n";
        }
        boolean there = sim.injectedFaults().stream().mapToLong(InjectedFault::id).anyMatch(id -> id == i.id());
        return (there ? -i.errno() : 0) + "\n";
    }

    private synchronized void store(String action, String operation, String value) throws SysfsError {
        String file = MachineTree.FAULTS + "/" + action.replace("/", "/actions/") + "/error";
        int errno;
        try {
            errno = -Integer.parseInt(Values.word(value).trim());
        } catch (NumberFormatException e) {
            throw new SysfsError(Errnos.EINVAL, file + ": '" + Values.printable(value)
                    + "' is not an errno: write a negative errno (-12) to inject, 0 to stop");
        }
        // the kernel's debugfs errno file takes -MAX_ERRNO..0
        if (errno < 0 || errno > 4095) {
            throw new SysfsError(Errnos.EINVAL, file + ": " + Values.printable(value)
                    + " is out of range: write a negative errno (-12) to inject, 0 to stop");
        }
        Injected old = injected.remove(action);
        if (old != null) {
            sim.removeFault(old.id());
        }
        if (errno == 0) {
            return;
        }
        String line = sim.addFault(new FaultSpec(operation, "*", Errnos.portErrno(errno), 0, Duration.ZERO, false));
        // the newest fault with the line addFault answered is the one just added
        long id = sim.injectedFaults().stream().filter(f -> f.line().equals(line))
                .mapToLong(InjectedFault::id).max().orElse(-1);
        injected.put(action, new Injected(id, errno));
    }
}
