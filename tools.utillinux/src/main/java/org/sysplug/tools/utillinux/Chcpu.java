package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.CNumbers;
import org.sysplug.tools.utillinux.lib.Getopt;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolOutput;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * util-linux's {@code chcpu} as a function on a sysfs tree: (sysroot, arguments) to (stdout,
 * stderr, exit code), writing below {@code sys/devices/system/cpu} as chcpu writes there. Written
 * from chcpu's documented behaviour and its test expectations:
 * <ul>
 * <li>{@code kernel_max + 1} is the number of possible CPU ids (2048 when unreadable, as for a
 * dump); {@code online} is read once, and its count guards the last enabled CPU;
 * <li>per CPU of the list, in ascending order: does it exist, is it hot-pluggable (has an
 * {@code online} file) or configurable (has {@code configure}), is it already in the asked
 * state, then the write of {@code 1} or {@code 0};
 * <li>exit 0 when nothing failed, 1 when as many CPUs failed as there are possible ids, 64
 * (partial success) otherwise: a list of only missing CPUs therefore still exits 64, as chcpu's.
 * </ul>
 * A read-only tree refuses any change up front with one line and exit 1, before anything is read.
 */
public final class Chcpu {

    public static final String PROG = "chcpu";
    static final String CPU = CpuReader.CPU;

    /** What chcpu is asked to do. */
    enum Command {
        ENABLE("enabling CPUs"),
        DISABLE("disabling CPUs"),
        CONFIGURE("configuring CPUs"),
        DECONFIGURE("deconfiguring CPUs"),
        RESCAN("rescanning CPUs"),
        DISPATCH_HORIZONTAL("setting the dispatching mode of CPUs"),
        DISPATCH_VERTICAL("setting the dispatching mode of CPUs");

        final String change;

        Command(String change) {
            this.change = change;
        }

        boolean takesList() {
            return this == ENABLE || this == DISABLE || this == CONFIGURE || this == DECONFIGURE;
        }
    }

    /** A parsed command line: the command (none: chcpu exits 1 silently), its CPU list, the sysroot. */
    record Options(Optional<Command> command, String cpuList, String sysroot) {
    }

    private static final Getopt GETOPT = new Getopt(PROG, "c:d:e:g:hp:rs:V", List.of(
            new Getopt.LongOption("configure", true, 'c'), new Getopt.LongOption("deconfigure", true, 'g'),
            new Getopt.LongOption("disable", true, 'd'), new Getopt.LongOption("dispatch", true, 'p'),
            new Getopt.LongOption("enable", true, 'e'), new Getopt.LongOption("help", false, 'h'),
            new Getopt.LongOption("rescan", false, 'r'), new Getopt.LongOption("sysroot", true, 's'),
            new Getopt.LongOption("version", false, 'V')),
            new char[] { 'c', 'd', 'e', 'g', 'p', 'r' });

    private Chcpu() {
    }

    /** Runs {@code chcpu ARGS} on the tree; a {@code --sysroot} among the args is accepted and ignored (the caller chose the tree). */
    public static ToolResult run(Sysroot root, String... args) {
        return run(root, Arrays.asList(args));
    }

    public static ToolResult run(Sysroot root, List<String> args) {
        ToolOutput out = new ToolOutput(PROG);
        try {
            int rc = execute(root, parse(args), out);
            return out.finish(rc);
        } catch (ToolExit e) {
            return out.ended(e);
        }
    }

    /**
     * The tree the options name with {@code --sysroot DIR} or {@code -s DIR}, or null.
     *
     * @throws ToolExit for options chcpu refuses, {@code --help} and {@code --version}
     */
    public static String sysroot(List<String> args) throws ToolExit {
        return parse(args).sysroot();
    }

    /** chcpu's option parsing: getopt errors, exclusive options, the dispatch mode, bad usage. */
    static Options parse(List<String> args) throws ToolExit {
        Command[] command = { null };
        String[] list = { null };
        String[] sysroot = { null };
        List<String> operands = GETOPT.parse(args, (c, arg) -> {
            switch (c) {
                case 'c' -> set(command, list, Command.CONFIGURE, arg);
                case 'd' -> set(command, list, Command.DISABLE, arg);
                case 'e' -> set(command, list, Command.ENABLE, arg);
                case 'g' -> set(command, list, Command.DECONFIGURE, arg);
                case 'p' -> {
                    if (arg.equals("horizontal")) {
                        command[0] = Command.DISPATCH_HORIZONTAL;
                    } else if (arg.equals("vertical")) {
                        command[0] = Command.DISPATCH_VERTICAL;
                    } else {
                        throw ToolExit.errx(PROG, "unsupported argument: " + arg);
                    }
                }
                case 'r' -> command[0] = Command.RESCAN;
                case 's' -> sysroot[0] = arg;
                case 'h' -> throw ToolExit.success(usage());
                case 'V' -> throw ToolExit.success(PROG + " from util-linux 2.41 (sysplug)\n");
                default -> throw ToolExit.tryHelp(PROG, null);
            }
        });
        if (args.isEmpty() || !operands.isEmpty()) {
            throw ToolExit.tryHelp(PROG, "bad usage");
        }
        return new Options(Optional.ofNullable(command[0]), list[0], sysroot[0]);
    }

    private static void set(Command[] command, String[] list, Command c, String arg) {
        command[0] = c;
        list[0] = arg;
    }

    // ---------------------------------------------------------------- running

    /** The state read before the loop: the possible ids and the online set (null when unknown). */
    private record Context(int maxCpus, BitSet online) {
    }

    /** Returns chcpu's rc: 0 success, negative failure, positive partial success. */
    private static int execute(Sysroot root, Options o, ToolOutput out) throws ToolExit {
        if (!root.isDirectory(CPU)) {
            throw ToolExit.errx(PROG, "cannot open /" + CPU + ": No such file or directory");
        }
        Context ctx = readContext(root);
        BitSet cpus = o.cpuList() == null ? null : parseList(o.cpuList(), ctx.maxCpus());
        if (o.command().isEmpty()) {
            return -1; // chcpu without a command: -EINVAL, exit 1, nothing printed
        }
        Command command = o.command().get();
        try {
            root.requireWritable(command.change);
        } catch (Sysroot.ReadOnlyException e) {
            throw ToolExit.errx(PROG, e.getMessage());
        }
        return switch (command) {
            case ENABLE -> enable(root, ctx, cpus, true, out);
            case DISABLE -> enable(root, ctx, cpus, false, out);
            case CONFIGURE -> configure(root, ctx, cpus, true, out);
            case DECONFIGURE -> configure(root, ctx, cpus, false, out);
            case RESCAN -> rescan(root, out);
            case DISPATCH_HORIZONTAL -> dispatch(root, false, out);
            case DISPATCH_VERTICAL -> dispatch(root, true, out);
        };
    }

    private static Context readContext(Sysroot root) throws ToolExit {
        OptionalInt kernelMax = scanInt(read(root, CPU + "/kernel_max"));
        long max = kernelMax.isPresent() ? kernelMax.getAsInt() + 1L : 0;
        // a bound of our own: a corrupt kernel_max must not make a set of billions of bits
        int maxCpus = max <= 0 || max > CpuReader.LIMIT ? (max <= 0 ? CpuReader.DEFAULT_MAXCPUS : CpuReader.LIMIT) : (int) max;
        BitSet online = null;
        if (exists(root, CPU + "/online")) {
            Optional<String> text = read(root, CPU + "/online");
            online = new BitSet();
            if (text.isEmpty() || parseList(stripNewline(text.get()), online, CpuReader.setBits(maxCpus), false) != 0) {
                // util-linux cannot make its CPU set from an unreadable online mask
                throw ToolExit.errx(PROG, "cpuset_alloc failed: Invalid argument");
            }
        }
        return new Context(maxCpus, online);
    }

    /** chcpu's cpu_parse: the list the operator gave, or the run ends with its error. */
    static BitSet parseList(String text, int maxCpus) throws ToolExit {
        BitSet set = new BitSet();
        int rc = parseList(text, set, CpuReader.setBits(maxCpus), true);
        if (rc == 2) {
            throw ToolExit.errx(PROG, "invalid CPU number in CPU list: " + text);
        }
        if (rc != 0) {
            throw ToolExit.errx(PROG, "failed to parse CPU list: " + text);
        }
        return set;
    }

    /** The rc of the operation: 0, or -1 when every possible id failed, else 1. */
    static int rc(int fails, int maxCpus) {
        return fails == 0 ? 0 : fails == maxCpus ? -1 : 1;
    }

    /**
     * {@code cpuN/FILE} as a number, or empty after chcpu's warning: the CPU does not exist, has no
     * such file ({@code absent}), or the file does not read as a number (failed to read its
     * {@code what}). The caller counts the empty answer as a failure.
     */
    private static OptionalInt flag(Sysroot root, int cpu, String file, String absent, String what, ToolOutput out) {
        String dir = CPU + "/cpu" + cpu;
        if (!exists(root, dir)) {
            out.warnx("CPU " + cpu + " does not exist");
            return OptionalInt.empty();
        }
        if (!exists(root, dir + "/" + file)) {
            out.warnx("CPU " + cpu + " " + absent);
            return OptionalInt.empty();
        }
        OptionalInt value = scanInt(read(root, dir + "/" + file));
        if (value.isEmpty()) {
            out.warnx("failed to read CPU " + cpu + " " + what);
        }
        return value;
    }

    private static int enable(Sysroot root, Context ctx, BitSet cpus, boolean enable, ToolOutput out) {
        int fails = 0;
        int configured = -1; // as in chcpu, kept from the last CPU that had a configure file
        BitSet online = ctx.online() == null ? null : (BitSet) ctx.online().clone();
        for (int cpu = cpus.nextSetBit(0); cpu >= 0 && cpu < ctx.maxCpus(); cpu = cpus.nextSetBit(cpu + 1)) {
            String dir = CPU + "/cpu" + cpu;
            OptionalInt state = flag(root, cpu, "online", "is not hot pluggable", "state", out);
            if (state.isEmpty()) {
                fails++;
                continue;
            }
            if (state.getAsInt() == 1 && enable) {
                out.println("CPU " + cpu + " is already enabled");
                continue;
            }
            if (state.getAsInt() == 0 && !enable) {
                out.println("CPU " + cpu + " is already disabled");
                continue;
            }
            if (exists(root, dir + "/configure")) {
                configured = scanInt(read(root, dir + "/configure")).orElse(configured);
            }
            if (enable) {
                try {
                    root.write(dir + "/online", "1");
                    out.println("CPU " + cpu + " enabled");
                } catch (IOException e) {
                    out.warn("CPU " + cpu + " enable failed" + (configured == 0 ? " (CPU is deconfigured)" : ""), e);
                    fails++;
                }
                continue;
            }
            if (online != null && online.cardinality() == 1) {
                out.warnx("CPU " + cpu + " disable failed (last enabled CPU)");
                fails++;
                continue;
            }
            try {
                root.write(dir + "/online", "0");
                out.println("CPU " + cpu + " disabled");
                if (online != null) {
                    online.clear(cpu);
                }
            } catch (IOException e) {
                out.warn("CPU " + cpu + " disable failed", e);
                fails++;
            }
        }
        return rc(fails, ctx.maxCpus());
    }

    private static int configure(Sysroot root, Context ctx, BitSet cpus, boolean configure, ToolOutput out) {
        int fails = 0;
        for (int cpu = cpus.nextSetBit(0); cpu >= 0 && cpu < ctx.maxCpus(); cpu = cpus.nextSetBit(cpu + 1)) {
            String dir = CPU + "/cpu" + cpu;
            OptionalInt current = flag(root, cpu, "configure", "is not configurable", "configuration state", out);
            if (current.isEmpty()) {
                fails++;
                continue;
            }
            if (current.getAsInt() == 1 && configure) {
                out.println("CPU " + cpu + " is already configured");
                continue;
            }
            if (current.getAsInt() == 0 && !configure) {
                out.println("CPU " + cpu + " is already deconfigured");
                continue;
            }
            // an online CPU cannot be deconfigured: take it offline first
            if (current.getAsInt() == 1 && !configure && ctx.online() != null && ctx.online().get(cpu)) {
                out.warnx("CPU " + cpu + " deconfigure failed (CPU is enabled)");
                fails++;
                continue;
            }
            String verb = configure ? "configure" : "deconfigure";
            try {
                root.write(dir + "/configure", configure ? "1" : "0");
                out.println("CPU " + cpu + " " + verb + "d");
            } catch (IOException e) {
                out.warn("CPU " + cpu + " " + verb + " failed", e);
                fails++;
            }
        }
        return rc(fails, ctx.maxCpus());
    }

    private static int rescan(Sysroot root, ToolOutput out) {
        if (!exists(root, CPU + "/rescan")) {
            out.warnx("This system does not support rescanning of CPUs");
            return -1;
        }
        try {
            root.write(CPU + "/rescan", "1");
        } catch (IOException e) {
            out.warn("Failed to trigger rescan of CPUs", e);
            return -1;
        }
        out.println("Triggered rescan of CPUs");
        return 0;
    }

    private static int dispatch(Sysroot root, boolean vertical, ToolOutput out) {
        if (!exists(root, CPU + "/dispatching")) {
            out.warnx("This system does not support setting the dispatching mode of CPUs");
            return -1;
        }
        String mode = vertical ? "vertical" : "horizontal";
        try {
            root.write(CPU + "/dispatching", vertical ? "1" : "0");
        } catch (IOException e) {
            out.warn("Failed to set " + mode + " dispatch mode", e);
            return -1;
        }
        out.println("Successfully set " + mode + " dispatching mode");
        return 0;
    }

    // ---------------------------------------------------------------- the tree, as chcpu sees it

    /** access(F_OK): present, and a link only when it leads somewhere inside the tree. */
    static boolean exists(Sysroot root, String path) {
        Optional<Sysroot.Kind> kind = root.kind(path);
        if (kind.isEmpty()) {
            return false;
        }
        try {
            return kind.get() != Sysroot.Kind.LINK || root.resolveLink(path).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** A file's content, empty when it cannot be read (absent, a link, not a regular file). */
    private static Optional<String> read(Sysroot root, String path) {
        try {
            return root.readString(path);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String stripNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@code fscanf("%d")}: blanks, a sign, digits; empty when there is no number. */
    static OptionalInt scanInt(Optional<String> text) {
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        CNumbers.Parsed p = CNumbers.strtoumax(text.get(), 0, 10);
        if (p.end() == 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) p.value());
    }

    /**
     * util-linux's cpulist_parse: {@code 0-3,8,10-14:2} into {@code set}. Returns 0, 1 for a syntax
     * error, or 2 (only when {@code fail}) for a CPU at or above {@code nbits}; without {@code fail}
     * such CPUs are dropped. Numbers are C unsigned ints, as in util-linux.
     */
    static int parseList(String s, BitSet set, int nbits, boolean fail) {
        set.clear();
        int end = -1; // where the last number ended, -1 before any
        int q = 0;
        while (true) {
            int p = q;
            q = nextToken(s, q, ',');
            if (p < 0) {
                break;
            }
            long[] n = nextNumber(s, p);
            if (n == null) {
                return 1;
            }
            long a = n[0];
            long b = a;
            long stride = 1;
            end = (int) n[1];
            int c1 = nextToken(s, end, '-');
            int c2 = nextToken(s, end, ',');
            if (c1 >= 0 && (c2 < 0 || c1 < c2)) {
                n = nextNumber(s, c1);
                if (n == null) {
                    return 1;
                }
                b = n[0];
                end = (int) n[1];
                c1 = end < s.length() ? nextToken(s, end, ':') : -1;
                if (c1 >= 0 && (c2 < 0 || c1 < c2)) {
                    n = nextNumber(s, c1);
                    if (n == null || n[0] == 0) {
                        return 1;
                    }
                    stride = n[0];
                    end = (int) n[1];
                }
            }
            if (a > b) {
                return 1;
            }
            for (; a <= b; a += stride) {
                if (a >= nbits) {
                    if (fail) {
                        return 2;
                    }
                    break; // nothing more can be set
                }
                set.set((int) a);
            }
        }
        return end >= 0 && end < s.length() ? 1 : 0;
    }

    /** The index after the next {@code sep} at or after {@code from}, or -1. */
    private static int nextToken(String s, int from, char sep) {
        if (from < 0) {
            return -1;
        }
        int at = s.indexOf(sep, from);
        return at < 0 ? -1 : at + 1;
    }

    /** A decimal number starting with a digit at {@code from}, as an unsigned int, and where it ends; null if none. */
    private static long[] nextNumber(String s, int from) {
        if (from >= s.length() || !CNumbers.isDigit(s.charAt(from))) {
            return null;
        }
        CNumbers.Parsed p = CNumbers.strtoumax(s, from, 10);
        if (p.overflow()) {
            return null;
        }
        return new long[] { p.value() & 0xFFFF_FFFFL, p.end() };
    }

    /** What {@code chcpu --help} prints: util-linux's usage of chcpu. */
    public static String usage() {
        return "\nUsage:\n " + PROG + " [options]\n\n"
                + "Configure CPUs in a multi-processor system.\n\nOptions:\n"
                + " -e, --enable <cpu-list>       enable cpus\n"
                + " -d, --disable <cpu-list>      disable cpus\n"
                + " -c, --configure <cpu-list>    configure cpus\n"
                + " -g, --deconfigure <cpu-list>  deconfigure cpus\n"
                + " -p, --dispatch <mode>         set dispatching mode\n"
                + " -r, --rescan                  trigger rescan of cpus\n"
                + " -s, --sysroot <dir>           use the specified directory as system root\n"
                + Getopt.helpOptions(31)
                + "\nFor more details see chcpu(8).\n";
    }
}
