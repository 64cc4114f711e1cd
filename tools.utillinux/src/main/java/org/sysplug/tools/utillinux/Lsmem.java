package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.Getopt;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * util-linux's {@code lsmem} as a pure function: (sysroot or {@link Topology}, arguments) to
 * (stdout, stderr, exit code). On a sysroot it reads the tree as lsmem does; on a Topology it
 * prints what lsmem would print on a kernel whose sysfs showed that machine ({@link LsmemInput}
 * says where a Topology carries less than a tree). Written from lsmem's documented behaviour and its test expectations: the default columns
 * RANGE,SIZE,STATE,REMOVABLE,BLOCK; consecutive blocks merge unless split by STATE, REMOVABLE, NODE
 * or ZONES (by default the split follows the output columns; {@code --split none} merges all
 * contiguous blocks, {@code --all} lists each block); the summary is printed after a blank line
 * except with {@code --raw/--json/--pairs} (unless {@code --summary=always} follows them).
 */
public final class Lsmem {

    public static final String PROG = "lsmem";

    enum Col {
        RANGE(false, "start and end address of the memory range"),
        SIZE(true, "size of the memory range"),
        STATE(true, "online status of the memory range"),
        REMOVABLE(true, "memory is removable"),
        BLOCK(true, "memory block number or blocks range"),
        NODE(true, "numa node of memory"),
        ZONES(true, "valid zones for the memory range");

        final boolean right;
        final String help;

        Col(boolean right, String help) {
            this.right = right;
            this.help = help;
        }
    }

    /** Parsed command line. */
    static final class Options {
        boolean all, bytes, json, noheadings, pairs, raw;
        boolean wantTable = true, wantSummary = true;
        String output, split, sysroot;
        boolean outputAllSeen;
    }

    private Lsmem() {
    }

    /** Runs {@code lsmem ARGS} on the tree; a {@code --sysroot} among the args is accepted and ignored (the caller chose the tree). */
    public static ToolResult run(Sysroot root, String... args) {
        return run(root, Arrays.asList(args));
    }

    public static ToolResult run(Sysroot root, List<String> args) {
        return run(() -> LsmemInput.read(root), args);
    }

    /** Runs {@code lsmem ARGS} on a machine: what lsmem prints on a kernel whose sysfs shows {@code topology}. */
    public static ToolResult run(Topology topology, List<String> args) {
        return run(() -> LsmemInput.of(topology), args);
    }

    /** Where the blocks come from: read only once the options are known to be good, as lsmem does. */
    @FunctionalInterface
    private interface Source {
        LsmemInput read() throws IOException;
    }

    private static ToolResult run(Source source, List<String> args) {
        StringBuilder out = new StringBuilder();
        try {
            Options o = parse(args);
            execute(source.read(), o, out);
            return new ToolResult(out.toString(), "", 0);
        } catch (ToolExit f) {
            return new ToolResult(out + f.stdout(), f.stderr(), f.status());
        } catch (IOException e) {
            return new ToolResult(out.toString(), PROG + ": " + e.getMessage() + "\n", 1);
        }
    }

    // ---------------------------------------------------------------- options (getopt_long)

    private static final char OPT_SUMMARY = '\u0100';
    private static final char OPT_OUTPUT_ALL = '\u0101';
    private static final Getopt GETOPT = new Getopt(PROG, "abhJno:PrS:s:V", List.of(
            new Getopt.LongOption("all", false, 'a'), new Getopt.LongOption("bytes", false, 'b'),
            new Getopt.LongOption("help", false, 'h'), new Getopt.LongOption("json", false, 'J'),
            new Getopt.LongOption("noheadings", false, 'n'), new Getopt.LongOption("output", true, 'o'),
            new Getopt.LongOption("output-all", false, OPT_OUTPUT_ALL), new Getopt.LongOption("pairs", false, 'P'),
            new Getopt.LongOption("raw", false, 'r'), new Getopt.LongOption("sysroot", true, 's'),
            new Getopt.LongOption("split", true, 'S'), new Getopt.LongOption("version", false, 'V'),
            Getopt.LongOption.optional("summary", OPT_SUMMARY)),
            new char[] { 'J', 'P', 'r' }, new char[] { 'S', 'a' });

    static Options parse(List<String> args) throws ToolExit {
        Options o = new Options();
        List<String> operands = GETOPT.parse(args, (c, val) -> apply(o, c, val));
        if (!operands.isEmpty()) {
            throw ToolExit.tryHelp(PROG, "bad usage");
        }
        if (!o.wantTable && !o.wantSummary) {
            throw ToolExit.errx(PROG, "options --{raw,json,pairs} and --summary=only are mutually exclusive");
        }
        return o;
    }

    private static void apply(Options o, char c, String val) throws ToolExit {
        switch (c) {
            case 'a' -> o.all = true;
            case 'b' -> o.bytes = true;
            case 'h' -> throw ToolExit.success(usage());
            case 'J' -> {
                o.json = true;
                o.wantSummary = false;
            }
            case 'n' -> o.noheadings = true;
            case 'o' -> o.output = val;
            case OPT_OUTPUT_ALL -> {
                // --output-all sets all columns; the -o LIST (wherever given) then replaces them, -o +LIST appends
                o.outputAllSeen = true;
            }
            case 'P' -> {
                o.pairs = true;
                o.wantSummary = false;
            }
            case 'r' -> {
                o.raw = true;
                o.wantSummary = false;
            }
            case 's' -> o.sysroot = val;
            case 'S' -> o.split = val;
            case 'V' -> throw ToolExit.success(PROG + " from util-linux 2.41 (sysplug)\n");
            case OPT_SUMMARY -> {
                if (val != null) {
                    switch (val) {
                        case "never" -> o.wantSummary = false;
                        case "only" -> o.wantTable = false;
                        case "always" -> o.wantSummary = true;
                        default -> throw ToolExit.errx(PROG, "unsupported --summary argument");
                    }
                } else {
                    o.wantTable = false;
                }
            }
            default -> throw ToolExit.tryHelp(PROG, null);
        }
    }

    // ---------------------------------------------------------------- column lists

    /** string_add_to_idarray over lsmem's columns (names in any case). */
    private static List<Col> addToList(String list, List<Col> current, int max) throws ToolExit {
        return ColumnList.add(PROG, list, current, max, name -> {
            for (Col c : Col.values()) {
                if (c.name().equalsIgnoreCase(name)) {
                    return c;
                }
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- merging

    /** A row: a run of blocks merged as the split columns allow. */
    private static final class Blk {
        final LsmemInput.Block first;
        long count = 1;

        Blk(LsmemInput.Block first) {
            this.first = first;
        }
    }

    private static final class Data {
        long blockSize;
        long online;
        long offline;
        boolean haveNodes;
        boolean haveZones;
        final List<Blk> blocks = new ArrayList<>();
    }

    private static Data merge(LsmemInput in, boolean listAll, boolean byState, boolean byRemovable, boolean byNode,
                              boolean byZones) {
        Data d = new Data();
        d.blockSize = in.blockSize;
        d.haveNodes = in.haveNodes;
        d.haveZones = in.haveZones;
        for (LsmemInput.Block blk : in.blocks) {
            if (blk.state() == LsmemInput.State.ONLINE) {
                d.online += d.blockSize;
            } else {
                d.offline += d.blockSize;
            }
            if (mergeable(d, blk, listAll, byState, byRemovable, byNode, byZones)) {
                d.blocks.get(d.blocks.size() - 1).count++;
            } else {
                d.blocks.add(new Blk(blk));
            }
        }
        return d;
    }

    private static boolean mergeable(Data d, LsmemInput.Block blk, boolean listAll, boolean byState, boolean byRemovable,
                                     boolean byNode, boolean byZones) {
        if (d.blocks.isEmpty() || listAll) {
            return false;
        }
        Blk run = d.blocks.get(d.blocks.size() - 1);
        LsmemInput.Block cur = run.first;
        if (cur.index() + run.count != blk.index()) {
            return false;
        }
        if (byState && cur.state() != blk.state()) {
            return false;
        }
        if (byRemovable && cur.removable() != blk.removable()) {
            return false;
        }
        if (byNode && d.haveNodes && cur.node() != blk.node()) {
            return false;
        }
        if (byZones && d.haveZones) {
            if (cur.zones().length != blk.zones().length) {
                return false;
            }
            for (int i = 0; i < cur.zones().length; i++) {
                if (cur.zones()[i] == LsmemInput.ZONE_UNKNOWN || cur.zones()[i] != blk.zones()[i]) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- output

    private static void execute(LsmemInput in, Options o, StringBuilder out) throws ToolExit {
        if (!o.wantTable && o.wantSummary) {
            Data d = merge(in, o.all, true, true, true, true);
            summary(d, o.bytes, out);
            return;
        }
        List<Col> cols = new ArrayList<>();
        if (o.outputAllSeen) {
            cols.addAll(Arrays.asList(Col.values()));
        } else {
            cols.addAll(List.of(Col.RANGE, Col.SIZE, Col.STATE, Col.REMOVABLE, Col.BLOCK));
        }
        if (o.output != null) {
            cols = addToList(o.output, cols, Col.values().length * 2);
        }
        List<Col> split;
        if (o.split != null) {
            split = o.split.equalsIgnoreCase("none") ? List.of() : addToList(o.split, List.of(), Col.values().length);
        } else {
            split = cols;
        }
        Data d = merge(in, o.all, split.contains(Col.STATE), split.contains(Col.REMOVABLE), split.contains(Col.NODE),
                split.contains(Col.ZONES));
        if (o.wantTable) {
            ScolsTable table = new ScolsTable(cols.stream().map(c -> new ScolsTable.Column(c.name(), c.right,
                    jsonType(c, o.bytes))).toList());
            for (Blk b : d.blocks) {
                String[] row = new String[cols.size()];
                for (int i = 0; i < cols.size(); i++) {
                    row[i] = cell(cols.get(i), b, d, o.bytes);
                }
                table.add(row);
            }
            if (o.json) {
                table.json("memory", out);
            } else if (o.pairs) {
                table.pairs(out);
            } else if (o.raw) {
                table.raw(o.noheadings, out);
            } else {
                table.human(o.noheadings, out);
            }
            if (o.wantSummary) {
                out.append('\n');
            }
        }
        if (o.wantSummary) {
            summary(d, o.bytes, out);
        }
    }

    private static String cell(Col c, Blk row, Data d, boolean bytes) {
        LsmemInput.Block b = row.first;
        switch (c) {
            case RANGE: {
                long start = b.start();
                long size = row.count * d.blockSize;
                return String.format("0x%016x-0x%016x", start, start + size - 1);
            }
            case SIZE:
                return bytes ? Long.toUnsignedString(row.count * d.blockSize) : humanSize(row.count * d.blockSize);
            case STATE:
                return switch (b.state()) {
                    case ONLINE -> "online";
                    case OFFLINE -> "offline";
                    case GOING_OFFLINE -> "on->off";
                    default -> "?";
                };
            case REMOVABLE:
                return b.state() == LsmemInput.State.ONLINE ? (b.removable() ? "yes" : "no") : null;
            case BLOCK:
                return row.count == 1 ? Long.toString(b.index()) : b.index() + "-" + (b.index() + row.count - 1);
            case NODE:
                return d.haveNodes ? Integer.toString(b.node()) : null;
            case ZONES: {
                if (!d.haveZones) {
                    return null;
                }
                StringBuilder z = new StringBuilder();
                for (int j = 0; j < b.zones().length; j++) {
                    z.append(LsmemInput.ZONE_NAMES[b.zones()[j]]);
                    if (j + 1 < b.zones().length) {
                        z.append('/');
                    }
                }
                return z.toString();
            }
            default:
                return null;
        }
    }

    /** lsmem's JSON types: NODE a number, SIZE one with --bytes, REMOVABLE a boolean, the rest strings. */
    private static ScolsTable.JsonType jsonType(Col c, boolean bytes) {
        if (c == Col.NODE || (c == Col.SIZE && bytes)) {
            return ScolsTable.JsonType.NUMBER;
        }
        return c == Col.REMOVABLE ? ScolsTable.JsonType.BOOLEAN : ScolsTable.JsonType.STRING;
    }

    private static void summary(Data d, boolean bytes, StringBuilder out) {
        String[] labels = {"Memory block size:", "Total online memory:", "Total offline memory:"};
        long[] values = {d.blockSize, d.online, d.offline};
        for (int i = 0; i < 3; i++) {
            // the expected files (util-linux 2.4x) right-align the value at column 38
            String v = bytes ? Long.toUnsignedString(values[i]) : humanSize(values[i]);
            out.append(String.format("%-22s %15s", labels[i], v)).append('\n');
        }
    }

    /** util-linux's size_to_human_string with a one-letter suffix (1.8G, 256M, 0B). */
    static String humanSize(long bytes) {
        int exp = 0;
        for (int shft = 10; shft <= 60; shft += 10) {
            if (Long.compareUnsigned(bytes, 1L << shft) < 0) {
                exp = shft - 10;
                break;
            }
            exp = shft;
        }
        if (exp > 60) {
            exp = 60;
        }
        char letter = "BKMGTPE".charAt(exp / 10);
        long dec = exp == 0 ? bytes : Long.divideUnsigned(bytes, 1L << exp);
        long frac = exp == 0 ? 0 : Long.remainderUnsigned(bytes, 1L << exp);
        if (frac != 0) {
            if (Long.compareUnsigned(frac, Long.divideUnsigned(-1L, 1000)) >= 0) {
                frac = ((frac / 1024) * 1000) / (1L << (exp - 10));
            } else {
                frac = (frac * 1000) / (1L << exp);
            }
            frac = (frac + 50) / 100;
            if (frac == 10) {
                dec++;
                frac = 0;
            }
        }
        String suffix = String.valueOf(letter);
        return frac != 0 ? dec + "." + frac + suffix : dec + suffix;
    }

    /** What {@code lsmem --help} prints: util-linux's usage of lsmem. */
    public static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("\nUsage:\n ").append(PROG).append(" [options]\n\n");
        b.append("List the ranges of available memory with their online status.\n\nOptions:\n");
        b.append(" -J, --json           use JSON output format\n");
        b.append(" -P, --pairs          use key=\"value\" output format\n");
        b.append(" -a, --all            list each individual memory block\n");
        b.append(" -b, --bytes          print SIZE in bytes rather than in human readable format\n");
        b.append(" -n, --noheadings     don't print headings\n");
        b.append(" -o, --output <list>  output columns\n");
        b.append("     --output-all     output all columns\n");
        b.append(" -r, --raw            use raw output format\n");
        b.append(" -S, --split <list>   split ranges by specified columns\n");
        b.append(" -s, --sysroot <dir>  use the specified directory as system root\n");
        b.append("     --summary[=when] print summary information (never,always or only)\n\n");
        b.append(" -h, --help           display this help\n");
        b.append(" -V, --version        display version\n\nAvailable output columns:\n");
        for (Col c : Col.values()) {
            b.append(String.format(" %10s  %s", c.name(), c.help)).append('\n');
        }
        b.append("\nFor more details see lsmem(1).\n");
        return b.toString();
    }
}
