package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * What lscpu reads from sysfs for its hot-plug lines and its {@code -e} and {@code -p} columns: the
 * possible, present and online CPUs, each CPU's type, core, socket, book, drawer and node, its
 * s390 files and frequencies, the NUMA nodes with their CPUs, the vulnerability files. Built either from a tree, as util-linux reads it ({@link #read}),
 * or from a {@link Topology}, as the kernel would show that machine in sysfs ({@link #of});
 * {@link Lscpu} formats either the same way.
 *
 * <p>lscpu's rules followed on a tree: CPUs are the {@code possible} mask; a CPU is online if it is
 * in the {@code online} mask. CPU types come from {@code proc/cpuinfo} (a new type starts whenever
 * vendor, model, model name or stepping differ from the current one); logical core and socket
 * numbers (and book and drawer ones) are, per type, the index of the first distinct
 * {@code thread_siblings} / {@code core_siblings} ({@code book_siblings}, {@code drawer_siblings})
 * mask (in CPU order) that holds the CPU; physical ones are {@code core_id} /
 * {@code physical_package_id} ({@code book_id}, {@code drawer_id}; {@code -} for -1). Links are
 * never followed, so a {@code cpuN/cpufreq} that is a link (to {@code ../cpufreq/policyN}) gives
 * no frequency, where lscpu follows it. The node of a CPU is the first node (in numeric
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
        int book = -1;
        int drawer = -1;
        int coreId = -1; // physical
        int socketId = -1;
        int bookId = -1;
        int drawerId = -1;
        int node = -1;
        /** {@code cpuN/polarization} as lscpu names it; absent reads as unknown, as lscpu's zeroed CPU has it. */
        Polarization polarization = Polarization.UNKNOWN;
        int address = -1; // cpuN/address, -1: none
        int configured = -1; // cpuN/configure, -1: none
        /** MHz as lscpu keeps them, in single precision; 0: unknown. */
        float mhzCur;
        float mhzMax;
        float mhzMin;

        Cpu(int id) {
            this.id = id;
        }
    }

    /** s390's dispatching polarization of a CPU: the word {@code -e} prints and the code {@code -p} prints. */
    enum Polarization {
        UNKNOWN("-", "U"), VLOW("vert-low", "VL"), VMEDIUM("vert-medium", "VM"), VHIGH("vert-high", "VH"),
        HORIZONTAL("horizontal", "H");

        final String readable;
        final String parsable;

        Polarization(String readable, String parsable) {
            this.readable = readable;
            this.parsable = parsable;
        }

        static Polarization of(String mode) {
            return switch (mode) {
                case "vertical:low" -> VLOW;
                case "vertical:medium" -> VMEDIUM;
                case "vertical:high" -> VHIGH;
                case "horizontal" -> HORIZONTAL;
                default -> UNKNOWN;
            };
        }
    }

    /**
     * What lscpu knows of its default CPU type (the first one), from which {@code -e} chooses its
     * default columns: how many distinct cores, sockets, books and drawers the sibling maps show,
     * and whether any CPU of it has a configure, polarization or address file or a frequency.
     */
    static final class DefaultType {
        int ncores;
        int nsockets;
        int nbooks;
        int ndrawers;
        boolean hasConfigured;
        boolean hasPolarization;
        boolean hasAddresses;
        boolean hasFreq;
    }

    int maxCpus;
    BitSet present; // null if unreadable
    BitSet online;
    final List<Cpu> cpus = new ArrayList<>();
    final List<CpuReader.Node> nodes = new ArrayList<>();
    final List<String> vulnerabilities = new ArrayList<>();
    LscpuCaches caches = LscpuCaches.none();
    final DefaultType defaultType = new DefaultType();

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
        // logical core, socket, book and drawer numbers, per type
        for (int t = 0; t < ntypes; t++) {
            List<BitSet> cores = new ArrayList<>();
            List<BitSet> sockets = new ArrayList<>();
            List<BitSet> books = new ArrayList<>();
            List<BitSet> drawers = new ArrayList<>();
            for (Cpu c : d.cpus) {
                if (c.type != t || !r.hasTopology(c.id, "thread_siblings")) {
                    continue;
                }
                r.topologyMask(c.id, "thread_siblings", d.maxCpus).ifPresent(m -> addDistinct(cores, m));
                r.topologyMask(c.id, "core_siblings", d.maxCpus).ifPresent(m -> addDistinct(sockets, m));
                r.topologyMask(c.id, "book_siblings", d.maxCpus).ifPresent(m -> addDistinct(books, m));
                r.topologyMask(c.id, "drawer_siblings", d.maxCpus).ifPresent(m -> addDistinct(drawers, m));
            }
            for (Cpu c : d.cpus) {
                if (c.type == t) {
                    c.core = firstHolding(cores, c.id);
                    c.socket = firstHolding(sockets, c.id);
                    c.book = firstHolding(books, c.id);
                    c.drawer = firstHolding(drawers, c.id);
                }
            }
            if (t == 0) {
                d.defaultType.ncores = cores.size();
                d.defaultType.nsockets = sockets.size();
                d.defaultType.nbooks = books.size();
                d.defaultType.ndrawers = drawers.size();
            }
        }
        for (Cpu c : d.cpus) {
            if (root.isDirectory(CpuReader.CPU + "/cpu" + c.id + "/topology")) {
                c.coreId = r.topologyId(c.id, "core_id");
                c.socketId = r.topologyId(c.id, "physical_package_id");
                c.bookId = r.topologyId(c.id, "book_id");
                c.drawerId = r.topologyId(c.id, "drawer_id");
            }
            if (c.type >= 0) {
                readPerCpuFiles(root, c, c.type == 0 ? d.defaultType : new DefaultType());
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
            cpu.type = 0; // a kernel shows every CPU in cpuinfo: all of one type
            BitSet cpumap = cpumaps.get(c.node());
            if (cpumap != null && d.online.get(c.id())) {
                cpumap.set(c.id());
                cpu.node = c.node();
            }
            d.cpus.add(cpu);
        }
        return d;
    }

    /**
     * A CPU's s390 files and frequencies, as lscpu reads them for the CPUs that have a type: the
     * polarization word, the address and configure numbers when their files exist, the maximum and
     * minimum from {@code cpufreq/cpuinfo_max_freq} and {@code cpuinfo_min_freq} (kHz), and the
     * current one from {@code cpufreq/scaling_cur_freq} over cpuinfo's {@code cpu MHz}. A file that
     * exists tells its type that the column has data, as lscpu's {@code has_*} flags do.
     */
    private static void readPerCpuFiles(Sysroot root, Cpu c, DefaultType type) throws IOException {
        String dir = CpuReader.CPU + "/cpu" + c.id;
        if (exists(root, dir + "/polarization")) {
            c.polarization = Polarization.of(root.readLine(dir + "/polarization").orElse(""));
            type.hasPolarization = true;
        }
        Optional<Integer> address = readS32(root, dir + "/address");
        if (address.isPresent()) {
            c.address = address.get();
            type.hasAddresses = true;
        }
        if (exists(root, dir + "/configure")) {
            c.configured = readS32(root, dir + "/configure").orElse(c.configured);
            type.hasConfigured = true;
        }
        readS32(root, dir + "/cpufreq/cpuinfo_max_freq").ifPresent(khz -> c.mhzMax = (float) khz / 1000);
        readS32(root, dir + "/cpufreq/cpuinfo_min_freq").ifPresent(khz -> c.mhzMin = (float) khz / 1000);
        readS32(root, dir + "/cpufreq/scaling_cur_freq").ifPresent(khz -> c.mhzCur = (float) khz / 1000);
        if (c.mhzMin != 0 || c.mhzMax != 0) {
            type.hasFreq = true;
        }
    }

    /** As access(F_OK): the path exists, whatever it is (a dangling link aside). */
    private static boolean exists(Sysroot root, String path) {
        return root.kind(path).filter(k -> k != Sysroot.Kind.LINK).isPresent();
    }

    /** A file's number as {@code %d} scans it (blanks, a sign, digits); empty when absent or not a number. */
    static Optional<Integer> readS32(Sysroot root, String path) throws IOException {
        Optional<String> line = root.readLine(path);
        if (line.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = LEADING_INT.matcher(line.get());
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // out of range
        }
    }

    private static final Pattern LEADING_INT = Pattern.compile("\\s*([+-]?[0-9]+)");

    /** C's strtod on cpuinfo's {@code cpu MHz}: the longest decimal number at the start, 0 if none. */
    static float cMhz(String value) {
        Matcher m = LEADING_DECIMAL.matcher(value);
        if (!m.lookingAt() || m.group(1).matches("[+-]?\\.?")) {
            return 0;
        }
        return (float) Double.parseDouble(m.group(1));
    }

    private static final Pattern LEADING_DECIMAL = Pattern.compile("\\s*([+-]?[0-9]*\\.?[0-9]*(?:[eE][+-]?[0-9]+)?)");

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
            if (key.equals("cpu MHz") && curCpu != null) {
                curCpu.mhzCur = cMhz(value); // sysfs' scaling_cur_freq, when readable, replaces it
            } else if (key.equals("processor") || key.equals("cpu number")) {
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
