package org.sysplug.platform.linux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hot-plug part of util-linux's lscpu over a {@link Sysroot}: the summary lines
 * {@code CPU(s):}, {@code On-line CPU(s) list:}, {@code Off-line CPU(s) list:},
 * {@code NUMA node(s):} and {@code NUMA nodeN CPU(s):} (aligned as lscpu aligns its whole summary),
 * and {@code -p/--parse[=LIST]} (also with {@code --physical}) with the columns CPU, CORE, SOCKET
 * and NODE. Other summary lines and the CACHE column are not produced (yet).
 *
 * <p>lscpu's rules followed here: CPUs are the {@code possible} mask; {@code CPU(s)} counts the
 * present mask; a CPU is online if it is in the {@code online} mask. CPU types come from
 * {@code proc/cpuinfo} (a new type starts whenever vendor, model, model name or stepping differ
 * from the current one); logical core and socket numbers are, per type, the index of the first
 * distinct {@code thread_siblings} / {@code core_siblings} mask (in CPU order) that holds the CPU;
 * physical ones are {@code core_id} / {@code physical_package_id} ({@code -} for -1). The node of a
 * CPU is the first node (in numeric order) whose cpumap holds it.
 */
public final class Lscpu {

    public record Result(String stdout, String stderr, int exitCode) {
    }

    static final String PROG = "lscpu";

    enum Col {
        CPU("CPU", true), CORE("CORE", false), SOCKET("SOCKET", false), NODE("NODE", false);

        final String name;
        final boolean abbr;

        Col(String name, boolean abbr) {
            this.name = name;
            this.abbr = abbr;
        }

        /** The parse header: abbreviations as they are, other names in mixed case ("Core"). */
        String header() {
            return abbr ? name : name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
        }
    }

    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(String msg, int exitCode) {
            super(msg);
            this.exitCode = exitCode;
        }
    }

    static final class Options {
        boolean parse;
        List<Col> columns; // null: the defaults
        boolean physical;
        boolean showOnline;
        boolean showOffline;
    }

    public static Result run(Sysroot root, String... args) {
        return run(root, Arrays.asList(args));
    }

    public static Result run(Sysroot root, List<String> args) {
        StringBuilder out = new StringBuilder();
        try {
            Options o = parse(args);
            Data d = read(root);
            if (o.parse) {
                parsable(d, o, out);
            } else {
                summary(d, out);
            }
            return new Result(out.toString(), "", 0);
        } catch (Failure f) {
            return new Result(out.toString(), PROG + ": " + f.getMessage() + "\n", f.exitCode);
        } catch (IOException e) {
            return new Result(out.toString(), PROG + ": " + e.getMessage() + "\n", 1);
        }
    }

    // ---------------------------------------------------------------- options

    static Options parse(List<String> args) throws Failure {
        Options o = new Options();
        boolean all = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-p") || a.equals("--parse")) {
                o.parse = true;
            } else if (a.startsWith("--parse=") || (a.startsWith("-p") && a.length() > 2 && !a.startsWith("--"))) {
                o.parse = true;
                String list = a.startsWith("--parse=") ? a.substring(8) : a.substring(2);
                if (list.startsWith("=")) {
                    list = list.substring(1);
                }
                o.columns = columns(list);
            } else if (a.equals("-y") || a.equals("--physical")) {
                o.physical = true;
            } else if (a.equals("-a") || a.equals("--all")) {
                all = true;
            } else if (a.equals("-b") || a.equals("--online")) {
                o.showOnline = true;
            } else if (a.equals("-c") || a.equals("--offline")) {
                o.showOffline = true;
            } else if (a.equals("-s") || a.equals("--sysroot")) {
                i++; // the caller chose the tree already
            } else if (a.startsWith("--sysroot=")) {
                continue;
            } else {
                throw new Failure("unsupported option -- '" + a + "'\nTry 'lscpu --help' for more information.", 1);
            }
        }
        if (all && (o.showOnline || o.showOffline)) {
            throw new Failure("mutually exclusive arguments: --all --online --offline", 1);
        }
        if (all) {
            o.showOnline = o.showOffline = true;
        }
        if (!o.showOnline && !o.showOffline) {
            o.showOnline = true; // -p lists online CPUs only by default
        }
        return o;
    }

    private static List<Col> columns(String list) throws Failure {
        List<Col> cols = new ArrayList<>();
        for (String name : list.split(",", -1)) {
            Col found = null;
            for (Col c : Col.values()) {
                if (c.name.equalsIgnoreCase(name)) {
                    found = c;
                }
            }
            if (found == null) {
                throw new Failure("unknown or unsupported column: " + name, 1);
            }
            cols.add(found);
        }
        return cols;
    }

    // ---------------------------------------------------------------- the data

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

    static final class Data {
        int maxCpus;
        BitSet present; // null if unreadable
        BitSet online;
        final List<Cpu> cpus = new ArrayList<>();
        final List<CpuReader.Node> nodes = new ArrayList<>();
        final List<String> vulnerabilities = new ArrayList<>();
    }

    static Data read(Sysroot root) throws IOException, Failure {
        CpuReader r = new CpuReader(root);
        Data d = new Data();
        d.maxCpus = r.maxCpus();
        BitSet possible = r.possible().orElseThrow(() -> new Failure(
                "failed to determine number of CPUs: /sys/devices/system/cpu/possible", 1));
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

    // ---------------------------------------------------------------- output

    static void summary(Data d, StringBuilder out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"CPU(s):", Integer.toString(d.present == null ? 0 : d.present.cardinality())});
        if (d.online != null) {
            lines.add(new String[] {"On-line CPU(s) list:", CpuReader.formatList(d.online)});
            int npresent = d.present == null ? 0 : d.present.cardinality();
            if (d.online.cardinality() != npresent) {
                BitSet off = new BitSet();
                for (Cpu c : d.cpus) {
                    if (d.present != null && d.present.get(c.id) && !d.online.get(c.id)) {
                        off.set(c.id);
                    }
                }
                lines.add(new String[] {"Off-line CPU(s) list:", CpuReader.formatList(off)});
            }
        }
        if (!d.nodes.isEmpty()) {
            lines.add(new String[] {"NUMA node(s):", Integer.toString(d.nodes.size())});
            for (CpuReader.Node n : d.nodes) {
                lines.add(new String[] {"NUMA node" + n.id() + " CPU(s):",
                        n.cpus().map(CpuReader::formatList).orElse("")});
            }
        }
        // lscpu prints its summary as one table: the value column starts after its widest label,
        // and of the labels not produced here only the vulnerability ones can be wider.
        int width = 0;
        for (String[] l : lines) {
            width = Math.max(width, l[0].length());
        }
        for (String v : d.vulnerabilities) {
            width = Math.max(width, vulnerabilityLabel(v).length());
        }
        for (String[] l : lines) {
            out.append(l[0]).append(" ".repeat(width - l[0].length() + 1)).append(l[1]).append('\n');
        }
    }

    /** lscpu's label for {@code vulnerabilities/NAME}: first letter upper case, '_' as blanks. */
    static String vulnerabilityLabel(String name) {
        String n = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return "Vulnerability " + n.replace('_', ' ') + ":";
    }

    static void parsable(Data d, Options o, StringBuilder out) {
        List<Col> cols = o.columns != null ? o.columns : List.of(Col.CPU, Col.CORE, Col.SOCKET, Col.NODE);
        out.append("# The following is the parsable format, which can be fed to other\n");
        out.append("# programs. Each different item in every column has an unique ID\n");
        out.append("# starting usually from zero.\n");
        out.append("# ");
        for (int i = 0; i < cols.size(); i++) {
            out.append(i > 0 ? "," : "").append(cols.get(i).header());
        }
        out.append('\n');
        for (Cpu c : d.cpus) {
            if (d.online != null) {
                boolean on = d.online.get(c.id);
                if ((!o.showOffline && !on) || (!o.showOnline && on)) {
                    continue;
                }
            }
            if (d.present != null && !d.present.get(c.id)) {
                continue;
            }
            for (int i = 0; i < cols.size(); i++) {
                out.append(i > 0 ? "," : "").append(cell(cols.get(i), c, o.physical));
            }
            out.append('\n');
        }
    }

    private static String cell(Col col, Cpu c, boolean physical) {
        switch (col) {
            case CPU:
                return Integer.toString(c.id);
            case CORE:
                if (physical) {
                    return c.coreId == -1 ? "-" : Integer.toString(c.coreId);
                }
                return c.core < 0 ? "" : Integer.toString(c.core);
            case SOCKET:
                if (physical) {
                    return c.socketId == -1 ? "-" : Integer.toString(c.socketId);
                }
                return c.socket < 0 ? "" : Integer.toString(c.socket);
            case NODE:
                return c.node < 0 ? "" : Integer.toString(c.node);
            default:
                return "";
        }
    }

}
