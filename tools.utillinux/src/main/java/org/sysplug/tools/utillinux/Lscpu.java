package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.Getopt;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * The hot-plug part of util-linux's lscpu over a {@link Sysroot} or a {@link Topology}: the summary lines
 * {@code CPU(s):}, {@code On-line CPU(s) list:}, {@code Off-line CPU(s) list:},
 * {@code NUMA node(s):} and {@code NUMA nodeN CPU(s):} (aligned as lscpu aligns its whole summary,
 * or as {@code -J} JSON), {@code -e/--extended[=LIST]} (its table or, with {@code -J}, its JSON),
 * and {@code -p/--parse[=LIST]}, with the columns of {@link LscpuColumn}, logical or
 * {@code --physical} ids, and the {@code --all/--online/--offline} filters. Other summary lines,
 * the columns {@link LscpuColumn#NOT_PRODUCED} and the options {@link #usage()} names as not
 * supported are not produced: refused, never printed wrong.
 *
 * <p>{@code CPU(s)} counts the present CPUs, as util-linux does; {@code -e} and {@code -p} list the
 * present CPUs, {@code -e} all of them and {@code -p} the online ones unless {@code --offline} or
 * {@code --all} says otherwise. How the CPUs, their topology, nodes, caches and frequencies are
 * read, from a tree or from a Topology, is {@link LscpuInput}'s part ({@link LscpuCaches} for the caches).
 */
public final class Lscpu {

    public static final String PROG = "lscpu";

    /** What lscpu prints: its summary, {@code -e} or {@code -p}. */
    enum Mode {
        SUMMARY, EXTENDED, PARSE
    }

    /** lscpu's columns when {@code --parse} names none: its compatible format (see {@link #parsable}). */
    static final List<LscpuColumn> PARSE_COLUMNS = List.of(LscpuColumn.CPU, LscpuColumn.CORE, LscpuColumn.SOCKET,
            LscpuColumn.NODE, LscpuColumn.CACHE);

    static final class Options {
        Mode mode = Mode.SUMMARY;
        String columns; // as given to -e or -p, null: the defaults
        boolean json;
        boolean physical;
        boolean showOnline;
        boolean showOffline;
    }

    private Lscpu() {
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
            switch (o.mode) {
                case PARSE -> parsable(d, o, out);
                case EXTENDED -> extended(d, o, out);
                default -> summary(d, o.json, out);
            }
            return new ToolResult(out.toString(), "", 0);
        } catch (ToolExit f) {
            return new ToolResult(out + f.stdout(), f.stderr(), f.status());
        } catch (IOException e) {
            return new ToolResult(out.toString(), PROG + ": " + e.getMessage() + "\n", 1);
        }
    }

    // ---------------------------------------------------------------- options

    private static final char OPT_OUTPUT_ALL = '\u0100';
    private static final char OPT_ANNOTATE = '\u0101';
    private static final char OPT_HIERARCHIC = '\u0102';
    private static final char OPT_ARM_ID = '\u0103';
    private static final char OPT_ARM_MODEL = '\u0104';

    /** lscpu's whole option table, so that its options parse as lscpu parses them, supported or not. */
    private static final Getopt GETOPT = new Getopt(PROG, "aBbC::ce::HhJp::rs:xyV", List.of(
            new Getopt.LongOption("all", false, 'a'), new Getopt.LongOption("online", false, 'b'),
            new Getopt.LongOption("bytes", false, 'B'), Getopt.LongOption.optional("caches", 'C'),
            new Getopt.LongOption("offline", false, 'c'), new Getopt.LongOption("help", false, 'h'),
            Getopt.LongOption.optional("extended", 'e'), new Getopt.LongOption("json", false, 'J'),
            Getopt.LongOption.optional("parse", 'p'), new Getopt.LongOption("raw", false, 'r'),
            new Getopt.LongOption("sysroot", true, 's'), new Getopt.LongOption("physical", false, 'y'),
            new Getopt.LongOption("hex", false, 'x'), Getopt.LongOption.optional("annotate", OPT_ANNOTATE),
            new Getopt.LongOption("version", false, 'V'), new Getopt.LongOption("output-all", false, OPT_OUTPUT_ALL),
            Getopt.LongOption.optional("hierarchic", OPT_HIERARCHIC), new Getopt.LongOption("list-columns", false, 'H'),
            Getopt.LongOption.optional("arm-id", OPT_ARM_ID), new Getopt.LongOption("arm-model", true, OPT_ARM_MODEL)),
            new char[] { 'C', 'e', 'p' }, new char[] { 'a', 'b', 'c' });

    /** The options of lscpu that sysplug's does not have, as {@link #usage()} lists them. */
    private static final String NOT_SUPPORTED = "-B/--bytes, -C/--caches, -r/--raw, -x/--hex, -H/--list-columns, "
            + "--output-all, --annotate, --hierarchic, --arm-id, --arm-model";

    static Options parse(List<String> args) throws ToolExit {
        Options o = new Options();
        boolean[] cpuFilter = new boolean[1];
        List<String> operands = GETOPT.parse(args, (c, val) -> {
            switch (c) {
                case 'a' -> {
                    o.showOnline = o.showOffline = true;
                    cpuFilter[0] = true;
                }
                case 'b' -> {
                    o.showOnline = true;
                    cpuFilter[0] = true;
                }
                case 'c' -> {
                    o.showOffline = true;
                    cpuFilter[0] = true;
                }
                case 'e', 'p' -> {
                    o.mode = c == 'e' ? Mode.EXTENDED : Mode.PARSE;
                    if (val != null) {
                        o.columns = val.startsWith("=") ? val.substring(1) : val;
                    }
                }
                case 'J' -> o.json = true;
                case 'y' -> o.physical = true;
                case 's' -> {
                    // the caller chose the tree already
                }
                case 'h' -> throw ToolExit.success(usage());
                case 'V' -> throw ToolExit.success(PROG + " from util-linux 2.41 (sysplug)\n");
                default -> throw ToolExit.errx(PROG, "option " + GETOPT_NAMES.getOrDefault(c, "-" + c)
                        + " is not supported by sysplug's lscpu (see 'lscpu --help'); not supported: " + NOT_SUPPORTED);
            }
        });
        if (cpuFilter[0] && o.mode == Mode.SUMMARY) {
            throw ToolExit.errx(PROG, "options --all, --online and --offline may only be used with options --extended or "
                    + "--parse.");
        }
        if (!operands.isEmpty()) {
            throw ToolExit.tryHelp(PROG, "bad usage");
        }
        if (!o.showOnline && !o.showOffline) {
            o.showOnline = true;
            o.showOffline = o.mode == Mode.EXTENDED; // -e lists every CPU, -p the online ones
        }
        return o;
    }

    /** How an unsupported option is named in the refusal. */
    private static final Map<Character, String> GETOPT_NAMES = Map.of('B', "--bytes", 'C', "--caches", 'r', "--raw",
            'x', "--hex", 'H', "--list-columns", OPT_OUTPUT_ALL, "--output-all", OPT_ANNOTATE, "--annotate",
            OPT_HIERARCHIC, "--hierarchic", OPT_ARM_ID, "--arm-id", OPT_ARM_MODEL, "--arm-model");

    private static List<LscpuColumn> columns(String list, List<LscpuColumn> defaults) throws ToolExit {
        return ColumnList.add(PROG, list, defaults, LscpuColumn.MAX, name -> LscpuColumn.named(PROG, name));
    }

    /**
     * lscpu's usage, for the options and columns sysplug's lscpu produces, with those it does not
     * named as such: what {@code lscpu --help} prints.
     */
    public static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("\nUsage:\n ").append(PROG).append(" [options]\n\n");
        b.append("Display information about the CPU architecture.\n\nOptions:\n");
        b.append(" -a, --all               print both online and offline CPUs (default for -e)\n");
        b.append(" -b, --online            print online CPUs only (default for -p)\n");
        b.append(" -c, --offline           print offline CPUs only\n");
        b.append(" -J, --json              use JSON for default or extended format\n");
        b.append(" -e, --extended[=<list>] print out an extended readable format\n");
        b.append(" -p, --parse[=<list>]    print out a parsable format\n");
        b.append(" -s, --sysroot <dir>     use specified directory as system root\n");
        b.append(" -y, --physical          print physical instead of logical IDs\n");
        b.append(Getopt.helpOptions(25));
        b.append("\nAvailable output columns for -e or -p:\n");
        for (LscpuColumn c : LscpuColumn.values()) {
            b.append(String.format(" %13s  %s", c.name(), c.help)).append('\n');
        }
        b.append("\nNot supported by sysplug's lscpu: ").append(NOT_SUPPORTED).append("; the columns ")
                .append(String.join(", ", LscpuColumn.NOT_PRODUCED)).append(".\n")
                .append("Its summary shows the hot-plug lines only: CPU(s), the on-line and off-line CPU lists and the NUMA nodes.\n");
        b.append("\nFor more details see lscpu(1).\n");
        return b.toString();
    }

    // ---------------------------------------------------------------- output

    /** The summary: aligned label and value lines, or with {@code -J} lscpu's flat JSON of fields and data. */
    static void summary(LscpuInput d, boolean json, StringBuilder out) {
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
        if (json) {
            // not on a terminal lscpu's summary is flat: one object per line, sections left out
            ScolsTable table = new ScolsTable(List.of(new ScolsTable.Column("field", false, ScolsTable.JsonType.STRING),
                    new ScolsTable.Column("data", false, ScolsTable.JsonType.STRING)));
            lines.forEach(table::add);
            table.json("lscpu", out);
            return;
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

    /** The CPUs {@code -e} and {@code -p} list: the present ones, filtered by online state when it is known. */
    private static List<LscpuInput.Cpu> listed(LscpuInput d, Options o) {
        List<LscpuInput.Cpu> cpus = new ArrayList<>();
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
            cpus.add(c);
        }
        return cpus;
    }

    /**
     * {@code -e}: without a list, lscpu's choice of the columns that have data (CPU; NODE when
     * there are nodes; DRAWER, BOOK, SOCKET and CORE when the first CPU type's sibling maps show
     * them; CACHE when there are caches; ONLINE when the online mask is readable; CONFIGURED,
     * POLARIZATION and ADDRESS when the first type has those files; MAXMHZ, MINMHZ and MHZ when it
     * has a frequency). An empty cell prints as {@code -}; in JSON a column with such a cell is
     * a string column, as util-linux writes it since it stopped printing a bare {@code -}.
     */
    static void extended(LscpuInput d, Options o, StringBuilder out) throws ToolExit {
        List<LscpuColumn> cols = new ArrayList<>();
        LscpuInput.DefaultType ct = d.defaultType;
        cols.add(LscpuColumn.CPU);
        addIf(cols, !d.nodes.isEmpty(), LscpuColumn.NODE);
        addIf(cols, ct.ndrawers > 0, LscpuColumn.DRAWER);
        addIf(cols, ct.nbooks > 0, LscpuColumn.BOOK);
        addIf(cols, ct.nsockets > 0, LscpuColumn.SOCKET);
        addIf(cols, ct.ncores > 0, LscpuColumn.CORE);
        addIf(cols, !d.caches.isEmpty(), LscpuColumn.CACHE);
        addIf(cols, d.online != null, LscpuColumn.ONLINE);
        addIf(cols, ct.hasConfigured, LscpuColumn.CONFIGURED);
        addIf(cols, ct.hasPolarization, LscpuColumn.POLARIZATION);
        addIf(cols, ct.hasAddresses, LscpuColumn.ADDRESS);
        if (ct.hasFreq) {
            cols.addAll(List.of(LscpuColumn.MAXMHZ, LscpuColumn.MINMHZ, LscpuColumn.MHZ));
        }
        if (o.columns != null) {
            cols = columns(o.columns, cols);
        }
        LscpuColumn.Style style = new LscpuColumn.Style(false, o.json, o.physical, false);
        List<ScolsTable.Column> header = new ArrayList<>();
        for (LscpuColumn c : cols) {
            header.add(new ScolsTable.Column(c.header(d, style), c.right, c.json));
        }
        ScolsTable table = new ScolsTable(header);
        for (LscpuInput.Cpu cpu : listed(d, o)) {
            String[] row = new String[cols.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = cols.get(i).cell(d, cpu, style);
                if (row[i].isEmpty()) {
                    row[i] = "-";
                    table.column(i).json = ScolsTable.JsonType.STRING;
                }
            }
            table.add(row);
        }
        if (o.json) {
            table.json("cpus", out);
        } else {
            table.human(false, out);
        }
    }

    private static void addIf(List<LscpuColumn> cols, boolean condition, LscpuColumn column) {
        if (condition) {
            cols.add(column);
        }
    }

    /**
     * {@code --parse}. Without a column list lscpu prints its compatible format: the cache ids
     * come last, after an empty field, one field per cache name ({@code ,,L1d,L1i,L2}), and are
     * left out, header and all, when there is no cache. With a list ({@code -p=CPU,CACHE}, or
     * {@code -p=+ONLINE} after the defaults) the CACHE column is one field of ids joined by ':',
     * headed by the names joined by ':', or {@code CACHE} over empty fields when there is no cache
     * (as documented, and as util-linux prints it again since its PR #2545). Either way a CPU
     * lacking a cache of some name just has no id for it (its line is shorter, as lscpu prints it).
     */
    static void parsable(LscpuInput d, Options o, StringBuilder out) throws ToolExit {
        boolean compatible = o.columns == null;
        List<LscpuColumn> cols = compatible ? PARSE_COLUMNS : columns(o.columns, PARSE_COLUMNS);
        boolean skipCache = compatible && d.caches.isEmpty();
        LscpuColumn.Style style = new LscpuColumn.Style(true, false, o.physical, compatible);
        out.append("# The following is the parsable format, which can be fed to other\n");
        out.append("# programs. Each different item in every column has an unique ID\n");
        out.append("# starting usually from zero.\n");
        out.append("# ");
        for (int i = 0; i < cols.size(); i++) {
            LscpuColumn col = cols.get(i);
            if (col == LscpuColumn.CACHE && skipCache) {
                continue;
            }
            out.append(separator(col, i, compatible)).append(col.parseHeader(d, style));
        }
        out.append('\n');
        for (LscpuInput.Cpu c : listed(d, o)) {
            for (int i = 0; i < cols.size(); i++) {
                LscpuColumn col = cols.get(i);
                if (col == LscpuColumn.CACHE && skipCache) {
                    continue;
                }
                out.append(separator(col, i, compatible)).append(col.cell(d, c, style));
            }
            out.append('\n');
        }
    }

    /** The separator before column {@code i}: the compatible format puts an empty field before CACHE. */
    private static String separator(LscpuColumn col, int i, boolean compatible) {
        if (i == 0) {
            return "";
        }
        return col == LscpuColumn.CACHE && compatible ? ",," : ",";
    }
}
