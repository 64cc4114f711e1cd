package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * What lscpu reads from sysfs for its hot-plug lines and {@code --parse} columns: the possible,
 * present and online CPUs, each CPU's type, core, socket and node, the NUMA nodes with their
 * CPUs, the vulnerability files. Built either from a tree, as util-linux reads it ({@link #read}),
 * or from a {@link Topology}, as the kernel would show that machine in sysfs ({@link #of});
 * {@link Lscpu} formats either the same way.
 *
 * <p>lscpu's rules followed on a tree: CPUs are the {@code possible} mask; a CPU is online if it is
 * in the {@code online} mask. CPU types come from {@code proc/cpuinfo} (a new type starts whenever
 * vendor, model, model name or stepping differ from the current one); logical core and socket
 * numbers are, per type, the index of the first distinct {@code thread_siblings} /
 * {@code core_siblings} mask (in CPU order) that holds the CPU; physical ones are {@code core_id} /
 * {@code physical_package_id} ({@code -} for -1). The node of a CPU is the first node (in numeric
 * order) whose cpumap holds it. The caches of the CPUs that have a type are read as
 * {@link LscpuCaches} says.
 *
 * <p>What a Topology's sysfs shows, and so what lscpu prints from it:
 * <ul>
 * <li>{@code possible}, {@code present} and {@code online} are its CPUs, the present ones and the
 * online ones.</li>
 * <li>A node directory for every online node; its cpumap holds the node's online CPUs. x86 takes
 * a CPU out of its node's cpumap when the CPU goes offline ({@code numa_remove_cpu}), so an
 * offline CPU is in no NUMA list and has an empty Node column, as lscpu shows it there.</li>
 * <li>No {@code cpuN/topology}: a Topology has no thread or core siblings, no core or package
 * ids. lscpu then leaves Core and Socket empty in {@code --parse} and prints {@code -} with
 * {@code --physical}, as it does on a kernel without CPU topology (some s390 CPUs). Nothing is
 * guessed for them.</li>
 * <li>No {@code cpuN/cache}: a Topology knows no caches. lscpu then leaves the cache ids out of
 * {@code --parse} (header included) and prints an empty CACHE column for {@code --parse=LIST}, as
 * it does on a kernel that shows no cache information.</li>
 * <li>No {@code proc/cpuinfo} and no vulnerability files: the summary is aligned on its own
 * labels, where lscpu on a real machine may widen it for a long vulnerability label.</li>
 * </ul>
 */
final class LscpuInput {

    /** lscpu's words when {@code cpu/possible} is missing or names no CPU. */
    static final String NO_CPUS = "failed to determine number of CPUs: /sys/devices/system/cpu/possible";

    static final class Cpu {
        final int id;
        int type = -1;
        int core = -1; // logical, -1: none
        int socket = -1;
        int coreId = -1; // physical
        int socketId = -1;
        int node = -1;

        Cpu(int id) {
            this.id = id;
        }
    }

    int maxCpus;
    BitSet present; // null if unreadable
    BitSet online;
    final List<Cpu> cpus = new ArrayList<>();
    final List<CpuReader.Node> nodes = new ArrayList<>();
    final List<String> vulnerabilities = new ArrayList<>();
    LscpuCaches caches = LscpuCaches.none();

    private LscpuInput() {
    }

    /**
     * Reads the tree as lscpu does.
     *
     * @throws IOException with lscpu's message (without the program name) when the tree has no possible CPUs
     */
    static LscpuInput read(Sysroot root) throws IOException {
        CpuReader r = new CpuReader(root);
        LscpuInput d = new LscpuInput();
        d.maxCpus = r.maxCpus();
        BitSet possible = r.possible().orElseThrow(() -> new IOException(NO_CPUS));
        d.present = r.present().orElse(null);
        d.online = r.online().orElse(null);
        Map<Integer, Cpu> byId = new HashMap<>();
        for (int i = possible.nextSetBit(0); i >= 0; i = possible.nextSetBit(i + 1)) {
            Cpu c = new Cpu(i);
            d.cpus.add(c);
            byId.put(i, c);
        }
        int ntypes = assignTypes(r.cpuinfo().orElse(""), byId);
        if (ntypes == 0 && !d.cpus.isEmpty()) {
            ntypes = 1; // cpuinfo without any type line (riscv): one type for all CPUs
        }
        for (Cpu c : d.cpus) {
            if (c.type < 0 && ntypes > 0) {
                c.type = 0; // the default type for CPUs missing in cpuinfo
            }
        }
        // logical core and socket numbers, per type
        for (int t = 0; t < ntypes; t++) {
            List<BitSet> cores = new ArrayList<>();
            List<BitSet> sockets = new ArrayList<>();
            for (Cpu c : d.cpus) {
                if (c.type != t || !r.hasTopology(c.id, "thread_siblings")) {
                    continue;
                }
                r.topologyMask(c.id, "thread_siblings", d.maxCpus).ifPresent(m -> addDistinct(cores, m));
                r.topologyMask(c.id, "core_siblings", d.maxCpus).ifPresent(m -> addDistinct(sockets, m));
            }
            for (Cpu c : d.cpus) {
                if (c.type == t) {
                    c.core = firstHolding(cores, c.id);
                    c.socket = firstHolding(sockets, c.id);
                }
            }
        }
        for (Cpu c : d.cpus) {
            if (root.isDirectory(CpuReader.CPU + "/cpu" + c.id + "/topology")) {
                c.coreId = r.topologyId(c.id, "core_id");
                c.socketId = r.topologyId(c.id, "physical_package_id");
            }
        }
        d.nodes.addAll(r.nodes(d.maxCpus));
        for (Cpu c : d.cpus) {
            for (CpuReader.Node n : d.nodes) {
                if (n.cpus().isPresent() && n.cpus().get().get(c.id)) {
                    c.node = n.id();
                    break;
                }
            }
        }
        d.vulnerabilities.addAll(r.vulnerabilities());
        List<Integer> typed = new ArrayList<>();
        for (Cpu c : d.cpus) {
            if (c.type >= 0) {
                typed.add(c.id); // lscpu reads the caches of CPUs with a type only
            }
        }
        d.caches = LscpuCaches.read(root, typed, d.maxCpus);
        return d;
    }

    /**
     * The machine as its kernel would show it in sysfs (see the class comment).
     *
     * @throws IOException with lscpu's message when the machine has no CPU
     */
    static LscpuInput of(Topology topology) throws IOException {
        if (topology.cpus().isEmpty()) {
            throw new IOException(NO_CPUS);
        }
        LscpuInput d = new LscpuInput();
        d.present = new BitSet();
        d.online = new BitSet();
        for (CpuInfo c : topology.cpus()) {
            d.maxCpus = Math.max(d.maxCpus, c.id() + 1);
            if (c.present()) {
                d.present.set(c.id());
            }
            if (c.present() && c.online()) {
                d.online.set(c.id());
            }
        }
        Map<Integer, BitSet> cpumaps = new HashMap<>();
        for (NodeInfo n : topology.nodes()) {
            if (n.online()) {
                cpumaps.put(n.id(), new BitSet());
                d.nodes.add(new CpuReader.Node(n.id(), Optional.of(cpumaps.get(n.id()))));
            }
        }
        for (CpuInfo c : topology.cpus()) {
            Cpu cpu = new Cpu(c.id());
            BitSet cpumap = cpumaps.get(c.node());
            if (cpumap != null && d.online.get(c.id())) {
                cpumap.set(c.id());
                cpu.node = c.node();
            }
            d.cpus.add(cpu);
        }
        return d;
    }

    private static void addDistinct(List<BitSet> maps, BitSet m) {
        if (!maps.contains(m)) {
            maps.add(m);
        }
    }

    private static int firstHolding(List<BitSet> maps, int cpu) {
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i).get(cpu)) {
                return i;
            }
        }
        return -1;
    }

    /** The keys of cpuinfo lines that describe a CPU type, and which compared field each one sets. */
    private static final Map<String, String> TYPE_KEYS = new HashMap<>();

    static {
        for (String k : List.of("ASEs implemented", "Address Sizes", "BogoMIPS", "CPU Family", "CPU Revision",
                "Features", "ISA", "address sizes", "bogomips per cpu", "cpu family", "family", "features",
                "flags", "max thread id", "revision", "type")) {
            TYPE_KEYS.put(k, "");
        }
        for (String k : List.of("CPU implementer", "vendor", "vendor_id")) {
            TYPE_KEYS.put(k, "vendor");
        }
        for (String k : List.of("CPU part", "cpu model", "model")) {
            TYPE_KEYS.put(k, "model");
        }
        for (String k : List.of("Model Name", "cpu", "model name")) {
            TYPE_KEYS.put(k, "modelname");
        }
        for (String k : List.of("CPU variant", "stepping")) {
            TYPE_KEYS.put(k, "stepping");
        }
    }

    /**
     * Reads cpuinfo as lscpu does: a "processor"/"cpu number" line switches the current CPU (giving
     * the previous one the current type); a type line whose vendor, model, model name or stepping
     * differs from the current type's starts a new type. Returns the number of types.
     */
    static int assignTypes(String cpuinfo, Map<Integer, Cpu> byId) {
        int ntypes = 0;
        int curType = -1;
        Map<String, String> typeFields = new HashMap<>();
        Cpu curCpu = null;
        for (String line : cpuinfo.split("\n")) {
            String p = line.stripLeading();
            int colon = p.indexOf(':');
            if (p.isEmpty() || colon < 0) {
                continue;
            }
            String value = p.substring(colon + 1).strip();
            if (value.isEmpty()) {
                continue;
            }
            String key = p.substring(0, colon).stripTrailing();
            int keynum = -1;
            int i = key.length();
            while (i > 0 && Character.isDigit(key.charAt(i - 1))) {
                i--;
            }
            if (i < key.length() && key.length() - i <= 9) {
                keynum = Integer.parseInt(key.substring(i));
                key = key.substring(0, i).stripTrailing();
            }
            if (key.equals("processor") || key.equals("cpu number")) {
                int id = 0;
                if (keynum >= 0) {
                    id = keynum;
                } else if (value.matches("[0-9]{1,9}")) {
                    id = Integer.parseInt(value);
                }
                if (curCpu != null && curType >= 0) {
                    curCpu.type = curType;
                }
                curCpu = byId.get(id);
            } else if (TYPE_KEYS.containsKey(key)) {
                String field = TYPE_KEYS.get(key);
                if (curType >= 0 && !field.isEmpty() && typeFields.containsKey(field)
                        && !typeFields.get(field).equals(value)) {
                    curType = -1;
                }
                if (curType < 0) {
                    curType = ntypes++;
                    typeFields.clear();
                }
                if (!field.isEmpty()) {
                    typeFields.put(field, value); // as lscpu's strdup_to_offset: the last value wins
                }
            }
        }
        if (curCpu != null && curCpu.type < 0 && curType >= 0) {
            curCpu.type = curType;
        }
        return ntypes;
    }

}
