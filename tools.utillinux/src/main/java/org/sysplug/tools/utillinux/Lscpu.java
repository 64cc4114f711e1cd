package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * The hot-plug part of util-linux's lscpu over a {@link Sysroot} or a {@link Topology}: the summary lines
 * {@code CPU(s):}, {@code On-line CPU(s) list:}, {@code Off-line CPU(s) list:},
 * {@code NUMA node(s):} and {@code NUMA nodeN CPU(s):} (aligned as lscpu aligns its whole summary),
 * and {@code -p/--parse[=LIST]} (also with {@code --physical}) with the columns CPU, CORE, SOCKET,
 * NODE and CACHE: its default output whole. Other summary lines and the other columns (BOOK,
 * DRAWER, POLARIZATION, ADDRESS, CONFIGURED, ONLINE, the MHz ones...) are not produced (yet).
 *
 * <p>{@code CPU(s)} counts the present CPUs, as util-linux does; {@code --parse} lists the present
 * CPUs, online ones unless {@code --offline} or {@code --all} says otherwise. How the CPUs, their
 * cores, sockets, nodes and caches are read, from a tree or from a Topology, is
 * {@link LscpuInput}'s part ({@link LscpuCaches} for the caches).
 */
public final class Lscpu {

    public static final String PROG = "lscpu";

    enum Col {
        CPU("CPU", true), CORE("CORE", false), SOCKET("SOCKET", false), NODE("NODE", false), CACHE("CACHE", false);

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

    /** lscpu's columns when {@code --parse} names none: its compatible format (see {@link #parsable}). */
    static final List<Col> DEFAULT_COLUMNS = List.of(Col.CPU, Col.CORE, Col.SOCKET, Col.NODE, Col.CACHE);

    static final class Options {
        boolean parse;
        List<Col> columns; // null: the defaults
        boolean physical;
        boolean showOnline;
        boolean showOffline;
    }

    public static ToolResult run(Sysroot root, String... args) {
        return run(root, Arrays.asList(args));
    }

    public static ToolResult run(Sysroot root, List<String> args) {
        return run(() -> LscpuInput.read(root), args);
    }

    /** Runs {@code lscpu ARGS} on a machine: what lscpu prints on a kernel whose sysfs shows {@code topology}. */
    public static ToolResult run(Topology topology, List<String> args) {
        return run(() -> LscpuInput.of(topology), args);
    }

    /** Where the CPUs come from: read only once the options are known to be good. */
    @FunctionalInterface
    private interface Source {
        LscpuInput read() throws IOException;
    }

    private static ToolResult run(Source source, List<String> args) {
        StringBuilder out = new StringBuilder();
        try {
            Options o = parse(args);
            LscpuInput d = source.read();
            if (o.parse) {
                parsable(d, o, out);
            } else {
                summary(d, out);
            }
            return new ToolResult(out.toString(), "", 0);
        } catch (ToolExit f) {
            return new ToolResult(out + f.stdout(), f.stderr(), f.status());
        } catch (IOException e) {
            return new ToolResult(out.toString(), PROG + ": " + e.getMessage() + "\n", 1);
        }
    }

    // ---------------------------------------------------------------- options

    static Options parse(List<String> args) throws ToolExit {
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
            } else if (a.equals("-h") || a.equals("--help")) {
                throw ToolExit.success(usage());
            } else if (a.equals("-s") || a.equals("--sysroot")) {
                i++; // the caller chose the tree already
            } else if (a.startsWith("--sysroot=")) {
                continue;
            } else {
                throw ToolExit.errx(PROG, "unsupported option -- '" + a + "'\nTry 'lscpu --help' for more information.");
            }
        }
        if (all && (o.showOnline || o.showOffline)) {
            throw ToolExit.errx(PROG, "mutually exclusive arguments: --all --online --offline");
        }
        if (all) {
            o.showOnline = o.showOffline = true;
        }
        if (!o.showOnline && !o.showOffline) {
            o.showOnline = true; // -p lists online CPUs only by default
        }
        return o;
    }

    /** The columns lscpu knows that are not produced here (yet): refused, never printed wrong. */
    private static final List<String> NOT_PRODUCED = List.of("BOGOMIPS", "CLUSTER", "BOOK", "DRAWER",
            "POLARIZATION", "ADDRESS", "CONFIGURED", "ONLINE", "MHZ", "SCALMHZ%", "MAXMHZ", "MINMHZ");

    private static List<Col> columns(String list) throws ToolExit {
        List<Col> cols = new ArrayList<>();
        int at = 0;
        for (String name : list.split(",", -1)) {
            Col found = null;
            for (Col c : Col.values()) {
                if (c.name.equalsIgnoreCase(name)) {
                    found = c;
                }
            }
            if (found == null && NOT_PRODUCED.stream().anyMatch(name::equalsIgnoreCase)) {
                throw ToolExit.errx(PROG, "column not supported here: " + name);
            }
            if (found == null) {
                // lscpu names the rest of the list from the unknown name on (L2 is no column: CACHE is)
                throw ToolExit.errx(PROG, "unknown column: " + list.substring(at));
            }
            cols.add(found);
            at += name.length() + 1;
        }
        return cols;
    }

    // ---------------------------------------------------------------- output

    static void summary(LscpuInput d, StringBuilder out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"CPU(s):", Integer.toString(d.present == null ? 0 : d.present.cardinality())});
        if (d.online != null) {
            lines.add(new String[] {"On-line CPU(s) list:", CpuReader.formatList(d.online)});
            int npresent = d.present == null ? 0 : d.present.cardinality();
            if (d.online.cardinality() != npresent) {
                BitSet off = new BitSet();
                for (LscpuInput.Cpu c : d.cpus) {
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

    /**
     * {@code --parse}. Without a column list lscpu prints its compatible format: the cache ids
     * come last, after an empty field, one field per cache name ({@code ,,L1d,L1i,L2}), and are
     * left out, header and all, when there is no cache. With a list ({@code -p=CPU,CACHE}) the
     * CACHE column is one field of ids joined by ':', headed by the names joined by ':', or
     * {@code CACHE} over empty fields when there is no cache (as documented, and as util-linux
     * prints it again since its PR #2545). Either way a CPU lacking a cache of some name just has
     * no id for it (its line is shorter, as lscpu prints it).
     */
    static void parsable(LscpuInput d, Options o, StringBuilder out) {
        boolean compatible = o.columns == null;
        List<Col> cols = compatible ? DEFAULT_COLUMNS : o.columns;
        boolean skipCache = compatible && d.caches.isEmpty();
        String cacheSeparator = compatible ? "," : ":";
        out.append("# The following is the parsable format, which can be fed to other\n");
        out.append("# programs. Each different item in every column has an unique ID\n");
        out.append("# starting usually from zero.\n");
        out.append("# ");
        for (int i = 0; i < cols.size(); i++) {
            Col col = cols.get(i);
            if (col == Col.CACHE && skipCache) {
                continue;
            }
            out.append(separator(col, i, compatible));
            if (col == Col.CACHE) {
                out.append(d.caches.isEmpty() ? col.name : String.join(cacheSeparator, d.caches.names()));
            } else {
                out.append(col.header());
            }
        }
        out.append('\n');
        for (LscpuInput.Cpu c : d.cpus) {
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
                Col col = cols.get(i);
                if (col == Col.CACHE && skipCache) {
                    continue;
                }
                out.append(separator(col, i, compatible));
                out.append(col == Col.CACHE ? cacheIds(d.caches, c.id, cacheSeparator) : cell(col, c, o.physical));
            }
            out.append('\n');
        }
    }

    /** The separator before column {@code i}: the compatible format puts an empty field before CACHE. */
    private static String separator(Col col, int i, boolean compatible) {
        if (i == 0) {
            return "";
        }
        return col == Col.CACHE && compatible ? ",," : ",";
    }

    /** The ids of the CPU's caches, one per cache name that the CPU has, in name order. */
    private static String cacheIds(LscpuCaches caches, int cpu, String separator) {
        StringBuilder ids = new StringBuilder();
        for (String name : caches.names()) {
            OptionalInt id = caches.id(name, cpu);
            if (id.isPresent()) {
                ids.append(ids.length() > 0 ? separator : "").append(id.getAsInt());
            }
        }
        return ids.toString();
    }

    private static String cell(Col col, LscpuInput.Cpu c, boolean physical) {
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


    /** {@code --help}: util-linux's layout, with the options and columns this lscpu has. */
    static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("\nUsage:\n ").append(PROG).append(" [options]\n\n");
        b.append("Display information about the CPU architecture.\n\nOptions:\n");
        b.append(" -a, --all               print both online and offline CPUs\n");
        b.append(" -b, --online            print online CPUs only (default for -p)\n");
        b.append(" -c, --offline           print offline CPUs only\n");
        b.append(" -p, --parse[=<list>]    print out a parsable format\n");
        b.append(" -s, --sysroot <dir>     use specified directory as system root\n");
        b.append(" -y, --physical          print physical instead of logical IDs\n\n");
        b.append(" -h, --help              display this help\n\n");
        b.append("Available output columns for -p:\n");
        b.append("           CPU  logical CPU number\n");
        b.append("          CORE  logical core number\n");
        b.append("        SOCKET  logical socket number\n");
        b.append("          NODE  logical NUMA node number\n");
        b.append("         CACHE  shows how caches are shared between CPUs\n");
        b.append("\nFor more details see lscpu(1).\n");
        return b.toString();
    }
}
