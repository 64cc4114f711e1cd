package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.sysplug.platform.linux.sysfs.MemoryReader;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.CNumbers;
import org.sysplug.tools.utillinux.lib.Getopt;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolOutput;
import org.sysplug.tools.utillinux.lib.ToolResult;
import org.sysplug.tools.utillinux.lib.VersionSort;

/**
 * util-linux's {@code chmem} as a function on a sysfs tree: (sysroot, arguments) to (stdout,
 * stderr, exit code), writing the {@code state} of blocks below {@code sys/devices/system/memory}
 * as chmem does. Written from chmem's documented behaviour and its test expectations:
 * <ul>
 * <li>the blocks are the {@code memoryN} entries in versionsort order; {@code block_size_bytes} is
 * hex; block N spans {@code [N * size, (N + 1) * size)};
 * <li>SIZE ({@code 512M}, digits only: MiB) takes that many blocks, the lowest first to enable,
 * the highest first to disable; RANGE {@code 0xSTART-0xEND} (block-aligned) and, with
 * {@code --blocks}, {@code N} or {@code N-M} take the blocks they cover;
 * <li>a block already in the asked state is skipped (said with {@code --verbose}, for ranges);
 * with {@code --zone} a block whose {@code valid_zones} lacks the zone is refused (Zone mismatch);
 * to enable, {@code online_movable} is written for zone Movable and {@code online_kernel} for any
 * other zone, and without a zone {@code online_movable} when Movable is valid, else {@code online};
 * <li>exit 0 when every block asked for is done, 1 when none is, 64 (partial success) otherwise;
 * blocks of a range that do not exist count as not done, without a message, as in chmem.
 * </ul>
 * A read-only tree refuses any change up front with one line and exit 1.
 */
public final class Chmem {

    public static final String PROG = "chmem";
    static final String MEMORY = MemoryReader.MEMORY;
    /** The zones chmem knows, as the kernel names them in {@code valid_zones}. */
    static final List<String> ZONE_NAMES = List.of("DMA", "DMA32", "Normal", "Highmem", "Movable", "Device");
    static final int ZONE_MOVABLE = 4;

    /** A parsed command line. {@code zone} is null when not given. */
    record Options(boolean enable, boolean useBlocks, boolean verbose, String zone, String parameter, String sysroot) {
    }

    /**
     * The parameter against the block size: a number of blocks ({@code isSize}), or the first and
     * last block index of a range (unsigned).
     */
    record Selection(boolean isSize, long size, long start, long end) {
    }

    private static final Getopt GETOPT = new Getopt(PROG, "bdehs:vVz:", List.of(
            new Getopt.LongOption("blocks", false, 'b'), new Getopt.LongOption("disable", false, 'd'),
            new Getopt.LongOption("enable", false, 'e'), new Getopt.LongOption("help", false, 'h'),
            new Getopt.LongOption("sysroot", true, 's'), new Getopt.LongOption("verbose", false, 'v'),
            new Getopt.LongOption("version", false, 'V'), new Getopt.LongOption("zone", true, 'z')),
            new char[] { 'd', 'e' });

    private Chmem() {
    }

    /** Runs {@code chmem ARGS} on the tree; a {@code --sysroot} among the args is accepted and ignored (the caller chose the tree). */
    public static ToolResult run(Sysroot root, String... args) {
        return run(root, Arrays.asList(args));
    }

    public static ToolResult run(Sysroot root, List<String> args) {
        ToolOutput out = new ToolOutput(PROG);
        try {
            Options o = parse(args);
            List<String> names = blockNames(root);
            long blockSize = blockSize(root);
            Selection sel = selection(o.parameter(), o.useBlocks(), blockSize);
            // valid_zones (since Linux 3.18) is looked for in the first block only, whatever its
            // number: not memory0, which many arm64 machines lack (their memory starts above 0)
            boolean haveZones = root.kind(MEMORY + "/" + names.get(0) + "/valid_zones").isPresent();
            int zone = zone(o.zone(), haveZones, out);
            try {
                root.requireWritable(o.enable() ? "enabling memory" : "disabling memory");
            } catch (Sysroot.ReadOnlyException e) {
                throw ToolExit.errx(PROG, e.getMessage());
            }
            Blocks blocks = new Blocks(root, names, blockSize, haveZones);
            int rc = sel.isSize() ? bySize(blocks, sel, o, zone, out) : byRange(blocks, sel, o, zone, out);
            return out.finish(rc);
        } catch (ToolExit e) {
            return out.ended(e);
        }
    }

    /**
     * The tree the options name with {@code --sysroot DIR} or {@code -s DIR}, or null.
     *
     * @throws ToolExit for options chmem refuses, {@code --help} and {@code --version}
     */
    public static String sysroot(List<String> args) throws ToolExit {
        return parse(args).sysroot();
    }

    /** chmem's option parsing: getopt errors, --enable and --disable exclusive, bad usage. */
    static Options parse(List<String> args) throws ToolExit {
        Boolean[] enable = { null };
        boolean[] flags = new boolean[2]; // blocks, verbose
        String[] zone = { null };
        String[] sysroot = { null };
        List<String> operands = GETOPT.parse(args, (c, arg) -> {
            switch (c) {
                case 'd' -> enable[0] = false;
                case 'e' -> enable[0] = true;
                case 'b' -> flags[0] = true;
                case 'v' -> flags[1] = true;
                case 'z' -> zone[0] = arg;
                case 's' -> sysroot[0] = arg;
                case 'h' -> throw ToolExit.success(usage());
                case 'V' -> throw ToolExit.success(PROG + " from util-linux 2.41 (sysplug)\n");
                default -> throw ToolExit.tryHelp(PROG, null);
            }
        });
        if (args.isEmpty() || operands.size() != 1 || enable[0] == null) {
            throw ToolExit.tryHelp(PROG, "bad usage");
        }
        return new Options(enable[0], flags[0], flags[1], zone[0], operands.get(0), sysroot[0]);
    }

    // ---------------------------------------------------------------- the parameter

    /** chmem's parse_parameter: SIZE, START-END addresses, or block numbers with --blocks. */
    static Selection selection(String param, boolean useBlocks, long blockSize) throws ToolExit {
        List<String> parts = new ArrayList<>();
        for (String p : param.split("-", -1)) {
            if (!p.isEmpty()) { // strv_split drops empty words
                parts.add(p);
            }
        }
        if (parts.size() > 2 || parts.isEmpty()) {
            throw ToolExit.errx(PROG, "Invalid parameter: " + param);
        }
        Selection s = parts.size() == 1 ? single(parts.get(0), useBlocks, blockSize)
                : range(parts.get(0), parts.get(1), useBlocks, blockSize);
        if (Long.compareUnsigned(s.start(), s.end()) > 0) {
            throw ToolExit.errx(PROG, "Invalid range: " + param);
        }
        return s;
    }

    private static Selection single(String text, boolean useBlocks, long blockSize) throws ToolExit {
        if (useBlocks) {
            long n = CNumbers.strtou64OrErr(PROG, text, 10, "Failed to parse block number");
            return new Selection(false, 0, n, n);
        }
        long size = CNumbers.strtosizeOrErr(PROG, text, "Failed to parse size");
        if (CNumbers.isDigit(text.charAt(text.length() - 1))) {
            size *= 1024 * 1024; // a plain number is MiB
        }
        if (Long.remainderUnsigned(size, blockSize) != 0) {
            throw ToolExit.errx(PROG, "Size must be aligned to memory block size (" + Lsmem.humanSize(blockSize) + ")");
        }
        return new Selection(true, Long.divideUnsigned(size, blockSize), 0, 0);
    }

    private static Selection range(String start, String end, boolean useBlocks, long blockSize) throws ToolExit {
        if (useBlocks) {
            return new Selection(false, 0, CNumbers.strtou64OrErr(PROG, start, 10, "Failed to parse start"),
                    CNumbers.strtou64OrErr(PROG, end, 10, "Failed to parse end"));
        }
        if (start.length() < 2 || start.charAt(1) != 'x') {
            throw ToolExit.errx(PROG, "Invalid start address format: " + start);
        }
        if (end.length() < 2 || end.charAt(1) != 'x') {
            throw ToolExit.errx(PROG, "Invalid end address format: " + end);
        }
        long first = CNumbers.strtou64OrErr(PROG, start, 16, "Failed to parse start address");
        long last = CNumbers.strtou64OrErr(PROG, end, 16, "Failed to parse end address");
        if (Long.remainderUnsigned(first, blockSize) != 0 || Long.remainderUnsigned(last + 1, blockSize) != 0) {
            throw ToolExit.errx(PROG, "Start address and (end address + 1) must be aligned to memory block size ("
                    + Lsmem.humanSize(blockSize) + ")");
        }
        return new Selection(false, 0, Long.divideUnsigned(first, blockSize), Long.divideUnsigned(last, blockSize));
    }

    /**
     * The zone's index in {@link #ZONE_NAMES}, or -1 when none is given; {@code --zone} on a
     * kernel without {@code valid_zones} is ignored with a warning, an unknown zone ends the run.
     */
    static int zone(String name, boolean haveZones, ToolOutput out) throws ToolExit {
        if (name == null) {
            return -1;
        }
        if (!haveZones) {
            out.warnx("zone ignored, no valid_zones sysfs attribute present");
            return -1;
        }
        for (int i = 0; i < ZONE_NAMES.size(); i++) {
            if (ZONE_NAMES.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw ToolExit.tryHelp(PROG, "unknown memory zone: " + name);
    }

    // ---------------------------------------------------------------- rules shared with the running machine

    /** {@code Memory Block N (0xSTART-0xEND)}, as chmem names a block in its messages. */
    static String label(long index, long blockSize) {
        long start = index * blockSize;
        return String.format("Memory Block %s (0x%016x-0x%016x)", Long.toUnsignedString(index), start,
                start + blockSize - 1);
    }

    /** What chmem writes to {@code state} before looking at a block's zones. */
    static String initialState(boolean enable, int zone) {
        if (!enable) {
            return "offline";
        }
        return zone < 0 ? "online" : zone == ZONE_MOVABLE ? "online_movable" : "online_kernel";
    }

    /** Whether {@code state} already says {@code onoff}: chmem compares the first six characters. */
    static boolean alreadyIn(String onoff, Optional<String> state) {
        return state.isPresent() && state.get().length() >= 6 && state.get().regionMatches(0, onoff, 0, 6);
    }

    /** Whether {@code valid_zones} allows the zone: it names it anywhere to enable, first to disable. */
    static boolean zoneAllows(String validZones, int zone, boolean enable) {
        String z = ZONE_NAMES.get(zone).toLowerCase(Locale.ROOT);
        String line = validZones.toLowerCase(Locale.ROOT);
        return enable ? line.contains(z) : line.startsWith(z);
    }

    /** Without a zone, chmem onlines into Movable where {@code valid_zones} allows it. */
    static String defaultOnline(String validZones) {
        return validZones.toLowerCase(Locale.ROOT).contains("movable") ? "online_movable" : "online";
    }

    // ---------------------------------------------------------------- the tree, as chmem sees it

    /** The blocks of the tree and their attributes, read as chmem reads them. */
    private static final class Blocks {
        final Sysroot root;
        final List<String> names;
        final long blockSize;
        final boolean haveZones;
        /** chmem reads state and valid_zones into one buffer: an unreadable file leaves the previous text. */
        String line = "";

        Blocks(Sysroot root, List<String> names, long blockSize, boolean haveZones) {
            this.root = root;
            this.names = names;
            this.blockSize = blockSize;
            this.haveZones = haveZones;
        }

        long index(String name) throws ToolExit {
            return CNumbers.strtou64OrErr(PROG, name.substring(6), 10, "Failed to parse index");
        }

        Optional<String> state(String name) {
            Optional<String> s = read(name + "/state");
            s.ifPresent(v -> line = v);
            return s;
        }

        String validZones(String name) {
            read(name + "/valid_zones").ifPresent(v -> line = v);
            return line;
        }

        private Optional<String> read(String file) {
            try {
                return root.readString(MEMORY + "/" + file)
                        .map(s -> s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        void write(String name, String value) throws IOException {
            root.write(MEMORY + "/" + name + "/state", value);
        }
    }

    /** The {@code memoryN} entries (N all digits, any kind, as scandir lists them) in versionsort order. */
    private static List<String> blockNames(Sysroot root) throws ToolExit {
        if (!root.isDirectory(MEMORY)) {
            throw ToolExit.errx(PROG, "Failed to read /" + MEMORY + ": No such file or directory");
        }
        List<String> names = new ArrayList<>();
        try {
            for (Sysroot.Entry e : root.list(MEMORY)) {
                if (MemoryReader.isIndexed(e.name(), "memory")) {
                    names.add(e.name());
                }
            }
        } catch (IOException e) {
            throw ToolExit.errx(PROG, "Failed to read /" + MEMORY + ": " + ToolOutput.strerror(e));
        }
        if (names.isEmpty()) {
            throw ToolExit.errx(PROG, "Failed to read /" + MEMORY + ": no memory blocks");
        }
        names.sort(VersionSort.ORDER);
        return names;
    }

    private static long blockSize(Sysroot root) throws ToolExit {
        try {
            Optional<String> text = root.readString(MEMORY + "/block_size_bytes");
            if (text.isPresent()) {
                CNumbers.Parsed p = CNumbers.strtoumax(text.get(), 0, 16);
                if (p.overflow()) {
                    throw ToolExit.errx(PROG, "Failed to read /" + MEMORY + ": " + CNumbers.ERANGE);
                }
                if (p.value() != 0) {
                    return p.value();
                }
            }
        } catch (IOException e) {
            throw ToolExit.errx(PROG, "Failed to read /" + MEMORY + ": " + ToolOutput.strerror(e));
        }
        // chmem would divide by zero; say what is wrong instead
        throw ToolExit.errx(PROG, "Failed to read /" + MEMORY + ": block_size_bytes is missing or not a hex number");
    }

    // ---------------------------------------------------------------- the two ways to choose blocks

    /** chmem_size: the first (enable) or last (disable) blocks until SIZE is done. */
    private static int bySize(Blocks b, Selection sel, Options o, int zone, ToolOutput out) throws ToolExit {
        long size = sel.size();
        boolean enable = o.enable();
        String onoff = initialState(enable, zone);
        int step = enable ? 1 : -1;
        for (int i = enable ? 0 : b.names.size() - 1; i >= 0 && i < b.names.size() && size != 0; i += step) {
            String name = b.names.get(i);
            long index = b.index(name);
            if (alreadyIn(onoff, b.state(name))) {
                continue;
            }
            if (b.haveZones) {
                String zones = b.validZones(name);
                if (zone >= 0 && !zoneAllows(zones, zone, enable)) {
                    continue;
                }
                if (zone < 0 && enable) {
                    onoff = defaultOnline(zones);
                }
            }
            if (write(b, name, index, onoff, enable, o.verbose(), out)) {
                size--;
            }
        }
        if (size != 0) {
            long bytes = (sel.size() - size) * b.blockSize;
            out.warnx("Could only " + (enable ? "enable" : "disable") + " " + Lsmem.humanSize(bytes) + " of memory");
        }
        return size == 0 ? 0 : size == sel.size() ? -1 : 1;
    }

    /** chmem_range: every block whose index lies in [start, end]. */
    private static int byRange(Blocks b, Selection sel, Options o, int zone, ToolOutput out) throws ToolExit {
        long total = sel.end() - sel.start() + 1;
        long todo = total;
        boolean enable = o.enable();
        String onoff = initialState(enable, zone);
        String verb = enable ? "enable" : "disable";
        for (String name : b.names) {
            long index = b.index(name);
            if (Long.compareUnsigned(index, sel.start()) < 0) {
                continue;
            }
            if (Long.compareUnsigned(index, sel.end()) > 0) {
                break;
            }
            String label = label(index, b.blockSize);
            if (alreadyIn(onoff, b.state(name))) {
                if (o.verbose()) {
                    out.println(label + " already " + verb + "d");
                }
                todo--;
                continue;
            }
            if (b.haveZones) {
                String zones = b.validZones(name);
                if (zone >= 0 && !zoneAllows(zones, zone, enable)) {
                    out.warnx(label + " " + verb + " failed: Zone mismatch");
                    continue;
                }
                if (zone < 0 && enable) {
                    onoff = defaultOnline(zones);
                }
            }
            if (write(b, name, index, onoff, enable, o.verbose(), out)) {
                todo--;
            }
        }
        return todo == 0 ? 0 : todo == total ? -1 : 1;
    }

    private static boolean write(Blocks b, String name, long index, String onoff, boolean enable, boolean verbose,
            ToolOutput out) {
        String label = label(index, b.blockSize);
        String verb = enable ? "enable" : "disable";
        try {
            b.write(name, onoff);
        } catch (IOException e) {
            out.warn(label + " " + verb + " failed", e);
            return false;
        }
        if (verbose) {
            out.println(label + " " + verb + "d");
        }
        return true;
    }

    /** What {@code chmem --help} prints: util-linux's usage of chmem. */
    public static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("\nUsage:\n ").append(PROG).append(" [options] [SIZE|RANGE|BLOCKRANGE]\n\n");
        b.append("Set a particular size or range of memory online or offline.\n\nOptions:\n");
        b.append(" -e, --enable       enable memory\n");
        b.append(" -d, --disable      disable memory\n");
        b.append(" -b, --blocks       use memory blocks\n");
        b.append(" -z, --zone <name>  select memory zone (see below)\n");
        b.append(" -v, --verbose      verbose output\n");
        b.append(" -s, --sysroot <dir> use the specified directory as system root\n");
        b.append(Getopt.helpOptions(20));
        b.append("\nSupported zones:\n");
        ZONE_NAMES.forEach(z -> b.append(' ').append(z).append('\n'));
        b.append("\nFor more details see chmem(8).\n");
        return b.toString();
    }
}
