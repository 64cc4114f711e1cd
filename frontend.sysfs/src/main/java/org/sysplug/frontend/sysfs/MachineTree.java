package org.sysplug.frontend.sysfs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.sysplug.framework.Operation;
import org.sysplug.framework.Zone;
import org.sysplug.frontend.sysfs.Node.Attribute;
import org.sysplug.frontend.sysfs.Node.Dir;
import org.sysplug.frontend.sysfs.Node.Link;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.IdList;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * The machine as the kernel shows it below {@code /sys}, looked up one path at a time against the
 * machine as it is at that moment (nothing is cached: a device that came or went is there or gone
 * at the next lookup).
 *
 * <p>What is served, with the kernel's modes (see the README's "sysfs front-end" for the list):
 * <ul>
 * <li>{@code devices/system/cpu}: {@code online}, {@code offline}, {@code possible},
 * {@code present}, {@code kernel_max}; a {@code cpuN} directory per present CPU with its
 * {@code online} file (0644) when it is hot-pluggable (x86's boot CPU has none) and its
 * {@code nodeK} link.</li>
 * <li>{@code devices/system/memory}: {@code block_size_bytes}, {@code auto_online_blocks}; per
 * block {@code state} and {@code online} (0644), {@code phys_index}, {@code phys_device},
 * {@code removable}, {@code valid_zones} (when the machine knows zones) and the {@code nodeK}
 * link.</li>
 * <li>{@code devices/system/node}: {@code possible}, {@code online}, {@code has_cpu},
 * {@code has_memory}, {@code has_normal_memory}; a {@code nodeK} directory per online node with
 * {@code cpulist}, {@code cpumap}, {@code meminfo} and links to its CPUs and blocks. As on x86, a
 * CPU leaves its node's cpumap when it goes offline.</li>
 * <li>{@code bus/acpi/devices/HID:NN} per present device object ({@code path}, {@code hid},
 * {@code uid}, {@code status}, and {@code eject}, 0200, when it has {@code _EJ0}) and
 * {@code firmware/acpi/hotplug/CLASS/enabled}, when the machine has firmware.</li>
 * <li>{@code kernel/debug/notifier-error-inject} (debugfs's place), when the simulator runs: see
 * {@link FaultFiles}.</li>
 * </ul>
 * No {@code cpuN/topology} and no caches: the platform knows no thread siblings, cores, sockets or
 * caches, and a tree that invented them would make lscpu print cores that are not there.
 */
final class MachineTree {

    /** What the tree reads: the machine now, its firmware if it has one, the simulator's faults if it runs. */
    interface Machine {
        Topology topology();

        Optional<AcpiPort> firmware();

        Optional<FaultFiles> faults();
    }

    /** What a write does: one request through the queue, or a firmware setting. */
    interface Writes {
        /**
         * Submits one request and returns once it succeeded.
         *
         * @param file the attribute written, for the request's record
         * @throws SysfsError the errno of its failure
         */
        void request(Operation operation, String target, Map<String, String> parameters, String file)
                throws SysfsError;
    }

    static final String CPU = "devices/system/cpu";
    static final String MEMORY = "devices/system/memory";
    static final String NODE = "devices/system/node";
    static final String ACPI_DEVICES = "bus/acpi/devices";
    static final String HOTPLUG = "firmware/acpi/hotplug";
    static final String FAULTS = "kernel/debug/notifier-error-inject";

    /** The hot-plug profiles the ACPI port knows, as {@code firmware/acpi/hotplug} lists them. */
    static final List<String> PROFILES = List.of("container", "memory", "processor");

    private final Machine machine;
    private final Writes writes;

    MachineTree(Machine machine, Writes writes) {
        this.machine = machine;
        this.writes = writes;
    }

    /** The node at a path relative to the mount ({@code ""} is its root, no leading or trailing slash); empty if there is none. */
    Optional<Node> lookup(String path) {
        String[] p = path.isEmpty() ? new String[0] : path.split("/", -1);
        for (String part : p) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(find(p));
    }

    private Node find(String[] p) {
        if (p.length == 0) {
            return new Dir(List.of("bus", "devices", "firmware", "kernel"));
        }
        return switch (p[0]) {
            case "devices" -> devices(p);
            case "bus" -> bus(p);
            case "firmware" -> firmware(p);
            case "kernel" -> kernel(p);
            default -> null;
        };
    }

    // ---- devices/system ----------------------------------------------------------------------

    private Node devices(String[] p) {
        if (p.length == 1) {
            return new Dir(List.of("system"));
        }
        if (!p[1].equals("system")) {
            return null;
        }
        if (p.length == 2) {
            return new Dir(List.of("cpu", "memory", "node"));
        }
        Topology t = machine.topology();
        return switch (p[2]) {
            case "cpu" -> cpu(t, p);
            case "memory" -> memory(t, p);
            case "node" -> node(t, p);
            default -> null;
        };
    }

    private Node cpu(Topology t, String[] p) {
        if (p.length == 3) {
            return new Dir(() -> {
                List<String> names = new ArrayList<>(List.of("kernel_max", "offline", "online", "possible", "present"));
                machine.topology().cpus().stream().filter(CpuInfo::present).forEach(c -> names.add("cpu" + c.id()));
                return names;
            });
        }
        if (p.length == 4) {
            return switch (p[3]) {
                case "online" -> Attribute.readOnly(() -> cpus(machine.topology(), c -> c.present() && c.online()));
                case "offline" -> Attribute.readOnly(() -> cpus(machine.topology(), c -> !(c.present() && c.online())));
                case "possible" -> Attribute.readOnly(() -> cpus(machine.topology(), c -> true));
                case "present" -> Attribute.readOnly(() -> cpus(machine.topology(), CpuInfo::present));
                case "kernel_max" -> Attribute.readOnly(() -> (nrCpuIds(machine.topology()) - 1) + "\n");
                default -> cpuDir(t, p[3]);
            };
        }
        CpuInfo c = presentCpu(t, p[3]);
        if (c == null || p.length > 5) {
            return null;
        }
        if (p[4].equals("online") && c.hotpluggable()) {
            String name = "cpu" + c.id();
            String file = CPU + "/" + name + "/online";
            return new Attribute(0644, () -> presentCpu(machine.topology(), name).online() ? "1\n" : "0\n",
                    value -> {
                        boolean online = Values.bool(value, file);
                        CpuInfo now = presentCpu(machine.topology(), name);
                        if (now == null) {
                            throw new SysfsError(Errnos.ENODEV, name + " is gone");
                        }
                        if (now.online() != online) {
                            requestUnlessThere(online, name, file, () -> {
                                CpuInfo after = presentCpu(machine.topology(), name);
                                return after != null && after.online();
                            });
                        }
                    });
        }
        if (p[4].equals("node" + c.node()) && nodeOnline(t, c.node())) {
            return new Link("../../node/node" + c.node());
        }
        return null;
    }

    /**
     * The request of a write to an {@code online} file. The kernel's online_store decides under the
     * hot-plug lock, where a writer that finds the device in the written state already succeeds;
     * here the look and the request are apart, and a request that failed because another one (a
     * second file, the prompt) brought the device there in between is that writer's success too.
     */
    private void requestUnlessThere(boolean online, String name, String file, BooleanSupplier onlineNow)
            throws SysfsError {
        try {
            writes.request(online ? Operation.ONLINE : Operation.OFFLINE, name, Map.of(), file);
        } catch (SysfsError e) {
            if (onlineNow.getAsBoolean() != online) {
                throw e;
            }
        }
    }

    private Node cpuDir(Topology t, String name) {
        CpuInfo c = presentCpu(t, name);
        if (c == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        if (c.hotpluggable()) {
            names.add("online");
        }
        if (nodeOnline(t, c.node())) {
            names.add("node" + c.node());
        }
        return new Dir(names);
    }

    private static CpuInfo presentCpu(Topology t, String name) {
        int id = Values.index(name, "cpu");
        if (id < 0) {
            return null;
        }
        return t.cpu(id).filter(CpuInfo::present).orElse(null);
    }

    private static String cpus(Topology t, Predicate<CpuInfo> which) {
        return IdList.format(t.cpus().stream().filter(which).map(CpuInfo::id).toList()) + "\n";
    }

    /** The kernel's nr_cpu_ids: one more than the highest possible CPU. */
    static int nrCpuIds(Topology t) {
        return t.cpus().isEmpty() ? 1 : t.cpus().get(t.cpus().size() - 1).id() + 1;
    }

    private Node memory(Topology t, String[] p) {
        if (p.length == 3) {
            return new Dir(() -> {
                List<String> names = new ArrayList<>(List.of("auto_online_blocks", "block_size_bytes"));
                machine.topology().memory().forEach(b -> names.add("memory" + b.id()));
                return names;
            });
        }
        if (p.length == 4) {
            return switch (p[3]) {
                case "block_size_bytes" -> Attribute.readOnly(() -> Long.toHexString(machine.topology().blockSize()) + "\n");
                // the kernel onlines nothing by itself here: what appears is onlined (or not) by sysplug's policy
                case "auto_online_blocks" -> new Attribute(0644, () -> "offline\n", value -> {
                    if (!Values.word(value).equals("offline")) {
                        throw new SysfsError(Errnos.EPERM, MEMORY + "/auto_online_blocks stays offline: "
                                + "what appears is onlined by sysplug's auto-online policy (org.sysplug.policy.autoonline)");
                    }
                });
                default -> memoryDir(t, p[3]);
            };
        }
        MemoryBlock b = block(t, p[3]);
        if (b == null || p.length > 5) {
            return null;
        }
        String name = "memory" + b.id();
        String dir = MEMORY + "/" + name + "/";
        return switch (p[4]) {
            case "state" -> new Attribute(0644, () -> current(name).state().sysfsName() + "\n",
                    value -> changeState(name, value, dir + "state"));
            case "online" -> new Attribute(0644, () -> current(name).state() == BlockState.OFFLINE ? "0\n" : "1\n",
                    value -> {
                        boolean online = Values.bool(value, dir + "online");
                        boolean now = current(name).state() != BlockState.OFFLINE;
                        if (online != now) {
                            requestUnlessThere(online, name, dir + "online", () -> current(name).state() != BlockState.OFFLINE);
                        }
                    });
            case "phys_index" -> Attribute.readOnly(String.format(Locale.ROOT, "%08x%n", b.id()));
            case "phys_device" -> Attribute.readOnly("0\n");
            case "removable" -> Attribute.readOnly(() -> current(name).removable() ? "1\n" : "0\n");
            case "valid_zones" -> haveZones(t) ? Attribute.readOnly(() -> validZones(current(name))) : null;
            default -> p[4].equals("node" + b.node()) && b.node() >= 0 ? new Link("../../node/node" + b.node()) : null;
        };
    }

    private Node memoryDir(Topology t, String name) {
        MemoryBlock b = block(t, name);
        if (b == null) {
            return null;
        }
        List<String> names = new ArrayList<>(List.of("online", "phys_device", "phys_index", "removable", "state"));
        if (haveZones(t)) {
            names.add("valid_zones");
        }
        if (b.node() >= 0) {
            names.add("node" + b.node());
        }
        return new Dir(names);
    }

    /** A block by its directory name, or null. */
    private static MemoryBlock block(Topology t, String name) {
        int id = Values.index(name, "memory");
        return id < 0 ? null : t.block(id).orElse(null);
    }

    /** The block now; a block removed since the lookup reads as offline and cannot be written. */
    private MemoryBlock current(String name) {
        MemoryBlock b = block(machine.topology(), name);
        if (b == null) {
            return new MemoryBlock(Values.index(name, "memory"), 0, 0, -1, BlockState.OFFLINE, Zone.UNSPECIFIED,
                    List.of(), false);
        }
        return b;
    }

    /**
     * A write to {@code memoryN/state}, as the kernel's {@code state_store}: an online type or
     * {@code offline}; asking for the state the block is in already is EINVAL there.
     */
    private void changeState(String name, String value, String file) throws SysfsError {
        String word = Values.word(value);
        Map<String, String> parameters = new LinkedHashMap<>();
        Operation operation;
        switch (word) {
            case "online" -> operation = Operation.ONLINE;
            case "online_kernel" -> {
                operation = Operation.ONLINE;
                parameters.put("zone", "kernel");
            }
            case "online_movable" -> {
                operation = Operation.ONLINE;
                parameters.put("zone", "movable");
            }
            case "offline" -> operation = Operation.OFFLINE;
            default -> throw new SysfsError(Errnos.EINVAL, file + ": '" + Values.printable(value)
                    + "' is not a state: write online, online_kernel, online_movable or offline");
        }
        MemoryBlock b = block(machine.topology(), name);
        if (b == null) {
            throw new SysfsError(Errnos.ENODEV, name + " is gone");
        }
        boolean online = b.state() != BlockState.OFFLINE;
        if (online == (operation == Operation.ONLINE)) {
            throw new SysfsError(Errnos.EINVAL, file + ": " + name + " is " + b.state().sysfsName() + " already");
        }
        writes.request(operation, name, parameters, file);
    }

    private static boolean haveZones(Topology t) {
        return t.memory().stream().anyMatch(b -> !b.validZones().isEmpty());
    }

    private static String validZones(MemoryBlock b) {
        if (b.validZones().isEmpty()) {
            return "none\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Zone z : b.validZones()) {
            sb.append(sb.length() == 0 ? "" : " ").append(z.sysfsName());
        }
        return sb.append('\n').toString();
    }

    private Node node(Topology t, String[] p) {
        if (p.length == 3) {
            return new Dir(() -> {
                List<String> names = new ArrayList<>(List.of("has_cpu", "has_memory", "has_normal_memory", "online", "possible"));
                machine.topology().nodes().stream().filter(NodeInfo::online).forEach(n -> names.add("node" + n.id()));
                return names;
            });
        }
        if (p.length == 4) {
            return switch (p[3]) {
                case "possible" -> Attribute.readOnly(() -> nodes(machine.topology(), (t2, n) -> true));
                case "online" -> Attribute.readOnly(() -> nodes(machine.topology(), (t2, n) -> n.online()));
                case "has_cpu" -> Attribute.readOnly(() -> nodes(machine.topology(),
                        (t2, n) -> t2.cpus().stream().anyMatch(c -> c.node() == n.id() && c.present() && c.online())));
                case "has_memory" -> Attribute.readOnly(() -> nodes(machine.topology(),
                        (t2, n) -> t2.memory().stream().anyMatch(b -> b.node() == n.id() && b.online())));
                case "has_normal_memory" -> Attribute.readOnly(() -> nodes(machine.topology(),
                        (t2, n) -> t2.memory().stream().anyMatch(b -> b.node() == n.id() && b.online()
                                && b.zone() != Zone.MOVABLE)));
                default -> nodeDir(t, p[3]);
            };
        }
        NodeInfo n = onlineNode(t, p[3]);
        if (n == null || p.length > 5) {
            return null;
        }
        String name = "node" + n.id();
        return switch (p[4]) {
            case "cpulist" -> Attribute.readOnly(() -> IdList.format(nodeCpus(machine.topology(), n.id())) + "\n");
            case "cpumap" -> Attribute.readOnly(() -> cpumap(machine.topology(), n.id()));
            case "meminfo" -> Attribute.readOnly(() -> meminfo(machine.topology(), n.id()));
            default -> {
                CpuInfo c = presentCpu(t, p[4]);
                if (c != null && c.node() == n.id()) {
                    yield new Link("../../cpu/cpu" + c.id());
                }
                MemoryBlock b = block(t, p[4]);
                yield b != null && b.node() == n.id() ? new Link("../../memory/memory" + b.id()) : null;
            }
        };
    }

    private Node nodeDir(Topology t, String name) {
        NodeInfo n = onlineNode(t, name);
        if (n == null) {
            return null;
        }
        return new Dir(() -> {
            Topology now = machine.topology();
            List<String> names = new ArrayList<>(List.of("cpulist", "cpumap", "meminfo"));
            now.cpus().stream().filter(c -> c.present() && c.node() == n.id()).forEach(c -> names.add("cpu" + c.id()));
            now.memory().stream().filter(b -> b.node() == n.id()).forEach(b -> names.add("memory" + b.id()));
            return names;
        });
    }

    private static NodeInfo onlineNode(Topology t, String name) {
        int id = Values.index(name, "node");
        return id < 0 ? null : t.node(id).filter(NodeInfo::online).orElse(null);
    }

    private static boolean nodeOnline(Topology t, int node) {
        return node >= 0 && t.node(node).map(NodeInfo::online).orElse(false);
    }

    private interface NodeRule {
        boolean holds(Topology t, NodeInfo n);
    }

    private static String nodes(Topology t, NodeRule rule) {
        return IdList.format(t.nodes().stream().filter(n -> rule.holds(t, n)).map(NodeInfo::id).toList()) + "\n";
    }

    /** A node's CPUs as its cpumap holds them: the online ones (x86 removes a CPU that goes offline). */
    private static List<Integer> nodeCpus(Topology t, int node) {
        return t.cpus().stream().filter(c -> c.node() == node && c.present() && c.online()).map(CpuInfo::id).toList();
    }

    /**
     * The kernel's {@code %*pb} of a cpumask: nr_cpu_ids bits as hexadecimal digits, in groups of
     * eight from the right separated by commas ({@code ff} for 8 CPUs, {@code 00000000,000000ff} for 64).
     */
    static String cpumap(Topology t, int node) {
        BitSet bits = new BitSet();
        nodeCpus(t, node).forEach(bits::set);
        return bitmap(bits, nrCpuIds(t));
    }

    static String bitmap(BitSet bits, int width) {
        int digits = Math.max(1, (width + 3) / 4);
        StringBuilder sb = new StringBuilder();
        for (int d = digits - 1; d >= 0; d--) {
            int nibble = 0;
            for (int b = 0; b < 4; b++) {
                if (bits.get(d * 4 + b)) {
                    nibble |= 1 << b;
                }
            }
            sb.append(Character.forDigit(nibble, 16));
            if (d > 0 && d % 8 == 0) {
                sb.append(',');
            }
        }
        return sb.append('\n').toString();
    }

    /** The node's memory: what its online blocks hold (the platform knows nothing of free pages). */
    private static String meminfo(Topology t, int node) {
        long kb = t.memory().stream().filter(b -> b.node() == node && b.online()).mapToLong(MemoryBlock::size).sum() / 1024;
        return String.format(Locale.ROOT, "Node %d MemTotal:       %8d kB%n", node, kb);
    }

    // ---- bus/acpi and firmware/acpi -------------------------------------------------------------

    private Node bus(String[] p) {
        if (p.length == 1) {
            return new Dir(List.of("acpi"));
        }
        Optional<AcpiPort> firmware = machine.firmware();
        if (!p[1].equals("acpi") || firmware.isEmpty()) {
            return p.length == 2 && p[1].equals("acpi") ? new Dir(List.of("devices")) : null;
        }
        if (p.length == 2) {
            return new Dir(List.of("devices"));
        }
        if (!p[2].equals("devices")) {
            return null;
        }
        if (p.length == 3) {
            return new Dir(() -> machine.firmware().map(f -> List.copyOf(acpiDevices(f).keySet())).orElse(List.of()));
        }
        Map<String, AcpiDevice> devices = acpiDevices(firmware.get());
        AcpiDevice d = devices.get(p[3]);
        if (d == null || p.length > 5) {
            return null;
        }
        if (p.length == 4) {
            List<String> names = new ArrayList<>(List.of("hid", "path", "status"));
            if (!d.uid().isEmpty()) {
                names.add("uid");
            }
            if (d.ejectable()) {
                names.add("eject");
            }
            return new Dir(names);
        }
        String path = d.path();
        String file = ACPI_DEVICES + "/" + p[3] + "/" + p[4];
        return switch (p[4]) {
            case "path" -> Attribute.readOnly(fullPathname(path) + "\n");
            case "hid" -> Attribute.readOnly(d.hid() + "\n");
            case "uid" -> d.uid().isEmpty() ? null : Attribute.readOnly(d.uid() + "\n");
            case "status" -> Attribute.readOnly(() -> machine.firmware().flatMap(f -> f.device(path))
                    .map(now -> now.sta() + "\n").orElse("0\n"));
            // write-only as the kernel's acpi_eject_store: "1" asks for the eject
            case "eject" -> d.ejectable() ? new Attribute(0200, () -> "", value -> {
                if (value.isEmpty() || value.charAt(0) != '1') {
                    throw new SysfsError(Errnos.EINVAL, file + ": write 1 to eject " + path);
                }
                writes.request(Operation.HOT_REMOVE, path, Map.of(), file);
            }) : null;
            default -> null;
        };
    }

    /**
     * The present device objects under the kernel's names, {@code HID:NN}: the instance number
     * counts the objects of that id in namespace order, absent ones too, so that a device keeps
     * its name while others come and go.
     */
    static Map<String, AcpiDevice> acpiDevices(AcpiPort firmware) {
        Map<String, Integer> instances = new LinkedHashMap<>();
        Map<String, AcpiDevice> byName = new LinkedHashMap<>();
        for (AcpiDevice d : firmware.namespace()) {
            int instance = instances.merge(d.hid(), 1, Integer::sum) - 1;
            if (d.present()) {
                byName.put(String.format(Locale.ROOT, "%s:%02x", d.hid(), instance), d);
            }
        }
        return byName;
    }

    /** {@code \_SB_.NOD1}: the namespace path as ACPICA names it in full, every name four characters. */
    static String fullPathname(String path) {
        String body = path.startsWith("\\") ? path.substring(1) : path;
        StringBuilder sb = new StringBuilder("\\");
        for (String seg : body.split("\\.")) {
            if (sb.length() > 1) {
                sb.append('.');
            }
            sb.append(seg);
            for (int i = seg.length(); i < 4; i++) {
                sb.append('_');
            }
        }
        return sb.toString();
    }

    private Node firmware(String[] p) {
        if (p.length == 1) {
            return new Dir(List.of("acpi"));
        }
        Optional<AcpiPort> firmware = machine.firmware();
        if (!p[1].equals("acpi")) {
            return null;
        }
        if (p.length == 2) {
            return new Dir(firmware.isPresent() ? List.of("hotplug") : List.of());
        }
        if (firmware.isEmpty() || !p[2].equals("hotplug")) {
            return null;
        }
        if (p.length == 3) {
            return new Dir(PROFILES);
        }
        String cls = p[3];
        if (!PROFILES.contains(cls) || p.length > 5) {
            return null;
        }
        if (p.length == 4) {
            return new Dir(List.of("enabled"));
        }
        if (!p[4].equals("enabled")) {
            return null;
        }
        String file = HOTPLUG + "/" + cls + "/enabled";
        return new Attribute(0644, () -> machine.firmware().map(f -> f.profileEnabled(cls) ? "1\n" : "0\n").orElse("0\n"),
                value -> {
                    boolean enabled = Values.bool(value, file);
                    AcpiPort now = machine.firmware().orElseThrow(() -> new SysfsError(Errnos.ENODEV, "no firmware"));
                    try {
                        now.setProfileEnabled(cls, enabled);
                    } catch (PortException e) {
                        throw new SysfsError(Errnos.of(e.errno()), file + ": " + e.getMessage());
                    }
                });
    }

    // ---- kernel/debug --------------------------------------------------------------------------

    private Node kernel(String[] p) {
        Optional<FaultFiles> faults = machine.faults();
        if (p.length == 1) {
            return new Dir(List.of("debug"));
        }
        if (!p[1].equals("debug")) {
            return null;
        }
        if (p.length == 2) {
            return new Dir(faults.isPresent() ? List.of("notifier-error-inject") : List.of());
        }
        if (faults.isEmpty() || !p[2].equals("notifier-error-inject")) {
            return null;
        }
        return faults.get().lookup(p, 3);
    }
}
