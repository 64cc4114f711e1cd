package org.sysplug.shell.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.sim.control.SimulatedMachine;
import org.sysplug.shell.Operand;

/**
 * The values an operand may take right now, read from the running platform when TAB is pressed:
 * the queue's recent requests, the machine's CPUs, memory blocks and nodes, the firmware's
 * namespace, the simulator's faults and machines. Every source is optional and dynamic: a
 * service that is not there (the simulator on the Linux backend) offers nothing.
 */
@Component(service = OperandSource.class)
public final class OperandSource {

    /**
     * The port operations {@code sim:fault} takes, as the simulator names them (its own list is
     * private to it; sim:fault refuses any other with the list).
     */
    static final List<String> FAULT_OPERATIONS = List.of("cpu.online", "cpu.offline", "cpu.register", "cpu.unregister",
            "memory.add", "memory.online", "memory.offline", "memory.remove", "node.online", "node.offline", "acpi.ps3",
            "acpi.lock", "acpi.eject", "acpi.ost");

    private static final Pattern LEADING_ID = Pattern.compile("\\D*(\\d+)");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RequestQueue queue;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MachineView machine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AcpiPort firmware;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SimulatedMachine simulator;

    /** A value and what it is. */
    record Value(String value, String description) {
    }

    /**
     * The values of an operand of kind {@code kind} ({@link Operand}); {@code before} are the
     * operands typed before it (a list of ids follows its device class).
     */
    List<Value> values(String kind, List<String> before) {
        return switch (kind) {
            case Operand.DEVICE_CLASS -> List.of(new Value("cpu", "CPUs"), new Value("memory", "memory blocks"),
                    new Value("node", "NUMA nodes"));
            case Operand.DEVICE_IDS -> ids(before.isEmpty() ? "" : before.get(before.size() - 1));
            case Operand.DEVICE -> devices();
            case Operand.MEMORY_BLOCK -> named("memory", ids("memory"));
            case Operand.FIRMWARE_PATH -> paths();
            case Operand.REQUEST_ID -> requests();
            case Operand.OPERATION -> operations();
            case Operand.RECONCILE_ACTION -> List.of(new Value("retry", "submit the request again"),
                    new Value("rollback", "submit its inverse"));
            case Operand.FAULT_OPERATION -> FAULT_OPERATIONS.stream().map(o -> new Value(o, "")).toList();
            case Operand.FAULT_TARGET -> withAll(devices(), "any target");
            case Operand.FAULT_ID -> withAll(faults(), "every fault");
            case Operand.MACHINE -> machines();
            default -> List.of();
        };
    }

    private List<Value> ids(String deviceClass) {
        MachineView m = machine;
        if (m == null) {
            return List.of();
        }
        Topology t = m.topology();
        List<Value> values = new ArrayList<>();
        switch (deviceClass.toLowerCase(Locale.ROOT)) {
            case "cpu" -> t.cpus().stream().filter(c -> c.present())
                    .forEach(c -> values.add(new Value(Integer.toString(c.id()), c.online() ? "online" : "offline")));
            case "memory" -> t.memory().forEach(b -> values.add(new Value(Integer.toString(b.id()), b.state().toString()
                    .toLowerCase(Locale.ROOT))));
            case "node" -> t.nodes().forEach(n -> values.add(new Value(Integer.toString(n.id()), n.online() ? "online" : "offline")));
            default -> {
                // no class before the list: nothing to offer
            }
        }
        return values;
    }

    private List<Value> devices() {
        List<Value> values = new ArrayList<>();
        values.addAll(named("cpu", ids("cpu")));
        values.addAll(named("memory", ids("memory")));
        values.addAll(named("node", ids("node")));
        values.addAll(paths());
        return values;
    }

    private static List<Value> named(String prefix, List<Value> ids) {
        return ids.stream().map(v -> new Value(prefix + v.value(), v.description())).toList();
    }

    private List<Value> paths() {
        AcpiPort f = firmware;
        if (f == null) {
            return List.of();
        }
        return f.namespace().stream().map(d -> new Value(d.path(), present(d) ? d.hid() + ", present" : d.hid() + ", empty slot"))
                .toList();
    }

    private static boolean present(AcpiDevice device) {
        return (device.sta() & 1) != 0;
    }

    private List<Value> requests() {
        RequestQueue q = queue;
        if (q == null) {
            return List.of();
        }
        List<Value> values = new ArrayList<>();
        for (Outcome o : q.recent()) {
            values.add(new Value(Long.toString(o.id()), o.status().toString().toLowerCase(Locale.ROOT)));
        }
        return values;
    }

    private static List<Value> operations() {
        List<Value> values = new ArrayList<>();
        for (Operation o : Operation.values()) {
            values.add(new Value(o.name().toLowerCase(Locale.ROOT).replace('_', '-'), ""));
        }
        return values;
    }

    private List<Value> faults() {
        SimulatedMachine s = simulator;
        if (s == null) {
            return List.of();
        }
        List<Value> values = new ArrayList<>();
        for (String fault : s.faults()) {
            Matcher id = LEADING_ID.matcher(fault);
            if (id.lookingAt()) {
                values.add(new Value(id.group(1), fault));
            }
        }
        return values;
    }

    private List<Value> machines() {
        SimulatedMachine s = simulator;
        return s == null ? List.of() : s.builtInMachines().stream().map(n -> new Value(n, "built-in machine")).toList();
    }

    private static List<Value> withAll(List<Value> values, String description) {
        List<Value> all = new ArrayList<>(values);
        all.add(0, new Value("all", description));
        return all;
    }
}
