package org.sysplug.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.sim.TestMachine;

/**
 * Everything a request may change, as values: the kernel's CPUs, blocks (state, zone,
 * valid_zones, removable) and nodes; the firmware's namespace and every device's presence, power
 * and lock; and the OS's device objects (the ACPI module's namespace). Two states are equal when
 * a request left the machine bit for bit as it found it.
 */
record MachineState(List<NodeInfo> nodes, List<CpuInfo> cpus, List<MemoryBlock> memory, List<AcpiDevice> firmware,
        List<String> slots, List<String> osObjects) {

    static MachineState of(SimulatedPlatform p) {
        TestMachine.State kernel = TestMachine.State.of(p.machine);
        return new MachineState(kernel.nodes(), kernel.cpus(), kernel.memory(), p.machine.firmware().namespace(),
                p.machine.deviceStates(), osObjects(p));
    }

    /**
     * The OS's device objects by path. Their order is the order they were built in (an object
     * destroyed and rebuilt by a rollback comes last, as after a hot-add), so they compare as a
     * set; what the order must keep, parents before children, is checked here.
     */
    private static List<String> osObjects(SimulatedPlatform p) {
        List<String> paths = new ArrayList<>();
        for (var o : p.namespace.objects()) {
            int dot = o.path().lastIndexOf('.');
            String parent = dot > "\\_SB".length() ? o.path().substring(0, dot) : null;
            if (parent != null && p.namespace.hasObject(parent) && !paths.contains(parent)) {
                throw new AssertionError("the OS's device object " + o.path() + " comes before its parent's");
            }
            paths.add(o.path());
        }
        return p.namespace.objects().stream().map(o -> o.path() + " " + o).sorted().toList();
    }

    /**
     * The devices that differ between this state and {@code other}: {@code cpuN}, {@code memoryN},
     * {@code nodeN} and namespace paths, as requests and outcomes name them.
     */
    Set<String> differingDevices(MachineState other) {
        Set<String> out = new TreeSet<>();
        diff(index(nodes, n -> "node" + n.id()), index(other.nodes, n -> "node" + n.id()), out);
        diff(index(cpus, c -> "cpu" + c.id()), index(other.cpus, c -> "cpu" + c.id()), out);
        diff(index(memory, b -> "memory" + b.id()), index(other.memory, b -> "memory" + b.id()), out);
        diff(index(firmware, AcpiDevice::path), index(other.firmware, AcpiDevice::path), out);
        diff(index(slots, MachineState::firstWord), index(other.slots, MachineState::firstWord), out);
        diff(index(osObjects, MachineState::firstWord), index(other.osObjects, MachineState::firstWord), out);
        return out;
    }

    /** Which parts differ, for a failure message: names the parts whose order alone changed too. */
    String differences(MachineState other) {
        Set<String> devices = differingDevices(other);
        List<String> parts = new ArrayList<>();
        if (!devices.isEmpty()) {
            parts.add("devices " + devices);
        }
        if (!nodes.equals(other.nodes) || !cpus.equals(other.cpus) || !memory.equals(other.memory)) {
            parts.add(devices.isEmpty() ? "the kernel's lists (order)" : "kernel");
        }
        if (!firmware.equals(other.firmware) && devices.isEmpty()) {
            parts.add("the firmware namespace (order)");
        }
        if (!slots.equals(other.slots) && devices.isEmpty()) {
            parts.add("the firmware's device states (order)");
        }
        if (!osObjects.equals(other.osObjects) && devices.isEmpty()) {
            parts.add("the OS's device objects (order): " + osObjects + " then " + other.osObjects);
        }
        return String.join("; ", parts);
    }

    private static String firstWord(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    private static <T> Map<String, T> index(List<T> values, Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T v : values) {
            out.put(name.apply(v), v);
        }
        return out;
    }

    private static <T> void diff(Map<String, T> a, Map<String, T> b, Set<String> out) {
        Set<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String n : names) {
            if (!Objects.equals(a.get(n), b.get(n))) {
                out.add(n);
            }
        }
    }

    /**
     * Whether an outcome that names {@code named} names {@code device}: itself, a namespace device
     * above it ({@code \_SB.NOD1} for {@code \_SB.NOD1.CP00}), or, for a kernel device, the
     * firmware device that holds it (the processor of its APIC id, the memory device of its range,
     * a device of its node's proximity domain) or a device above that one.
     */
    static boolean covered(String device, List<String> named, MachineState before, MachineState after) {
        if (coveredPath(device, named)) {
            return true;
        }
        for (String holder : holders(device, before)) {
            if (coveredPath(holder, named)) {
                return true;
            }
        }
        for (String holder : holders(device, after)) {
            if (coveredPath(holder, named)) {
                return true;
            }
        }
        return false;
    }

    private static boolean coveredPath(String device, List<String> named) {
        for (String n : named) {
            if (device.equals(n) || device.startsWith(n + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The firmware devices that hold a kernel device in state {@code s}. */
    private static List<String> holders(String device, MachineState s) {
        List<String> out = new ArrayList<>();
        if (device.startsWith("cpu")) {
            int id = Integer.parseInt(device.substring(3));
            s.cpus.stream().filter(c -> c.id() == id).forEach(c -> s.firmware.stream()
                    .filter(d -> d.resources().contains(new AcpiResource.Processor(c.apicId())))
                    .forEach(d -> out.add(d.path())));
        } else if (device.startsWith("memory")) {
            int id = Integer.parseInt(device.substring(6));
            s.memory.stream().filter(b -> b.id() == id).forEach(b -> s.firmware.stream()
                    .filter(d -> d.resources().stream().anyMatch(r -> r instanceof AcpiResource.MemoryRange m
                            && b.start() >= m.start() && b.start() < m.start() + m.length()))
                    .forEach(d -> out.add(d.path())));
        } else if (device.startsWith("node")) {
            int id = Integer.parseInt(device.substring(4));
            s.firmware.stream().filter(d -> d.pxm().isPresent() && d.pxm().getAsInt() == id)
                    .forEach(d -> out.add(d.path()));
        }
        return out;
    }
}
