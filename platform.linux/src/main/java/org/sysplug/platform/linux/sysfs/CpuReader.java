package org.sysplug.platform.linux.sysfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads the CPUs of {@code sys/devices/system/cpu} (and the NUMA nodes of
 * {@code sys/devices/system/node}, and the CPU types of {@code proc/cpuinfo}) below a
 * {@link Sysroot}, with lscpu's rules.
 *
 * <p>What real trees contain: the {@code possible}, {@code present} and {@code online} masks are
 * CPU lists ({@code 0-3,8,10-11}); CPU ids are sparse (sparc64 has no cpu0); x86 {@code cpu0}
 * has no {@code online} file (it is then online); s390 CPUs may lack {@code topology}; topology
 * sibling maps are comma-separated hex words, lowest word last; node directories hold dangling
 * or looping {@code cpuN} links (never followed: the node's CPUs come from its {@code cpumap},
 * or {@code cpulist} when there is no cpumap). Sysroot never crosses a link, so a looping tree
 * cannot hang a read.
 */
public final class CpuReader {

    public static final String CPU = "sys/devices/system/cpu";
    public static final String NODE = "sys/devices/system/node";
    public static final String CPUINFO = "proc/cpuinfo";
    /** As lscpu when {@code kernel_max} is unreadable on a snapshot. */
    public static final int DEFAULT_MAXCPUS = 2048;
    /** A hard bound on any CPU number read from a tree (a corrupt mask must not exhaust memory). */
    public static final int LIMIT = 1 << 20;

    private final Sysroot root;

    public CpuReader(Sysroot root) {
        this.root = root;
    }

    /** {@code kernel_max + 1}, or {@value #DEFAULT_MAXCPUS} when unreadable. */
    public int maxCpus() throws IOException {
        Optional<String> s = root.readLine(CPU + "/kernel_max");
        if (s.isPresent()) {
            try {
                int k = Integer.parseInt(s.get().trim());
                if (k >= 0 && k < LIMIT) {
                    return k + 1;
                }
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        return DEFAULT_MAXCPUS;
    }

    /** The bits a mask of {@code maxCpus} keeps (a cpu_set_t is whole 64-bit words). */
    public static int setBits(int maxCpus) {
        return ((maxCpus + 63) / 64) * 64;
    }

    /** {@code cpu/possible}, empty if absent or unparsable. */
    public Optional<BitSet> possible() throws IOException {
        return listFile(CPU + "/possible");
    }

    /** {@code cpu/present}, empty if absent or unparsable. */
    public Optional<BitSet> present() throws IOException {
        return listFile(CPU + "/present");
    }

    /** {@code cpu/online}, empty if absent or unparsable. */
    public Optional<BitSet> online() throws IOException {
        return listFile(CPU + "/online");
    }

    private Optional<BitSet> listFile(String path) throws IOException {
        Optional<String> s = root.readLine(path);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return parseList(s.get(), setBits(maxCpus()));
    }

    /**
     * Whether {@code cpuN/online} says 1. A CPU without the file (x86 cpu0, which cannot be taken
     * offline) is online; an unreadable or odd content counts as online too, as the kernel only
     * writes 0 or 1 there.
     */
    public boolean cpuOnline(int cpu) throws IOException {
        Optional<String> s = root.readLine(CPU + "/cpu" + cpu + "/online");
        return s.isEmpty() || !s.get().trim().equals("0");
    }

    /** Whether {@code cpuN/online} exists (a CPU that can be hot-plugged). */
    public boolean hasOnlineFile(int cpu) {
        return root.isFile(CPU + "/cpu" + cpu + "/online");
    }

    /** Whether {@code cpuN/topology/F} is a regular file. */
    public boolean hasTopology(int cpu, String file) {
        return root.isFile(CPU + "/cpu" + cpu + "/topology/" + Sysroot.requireName(file));
    }

    /** A topology sibling mask ({@code thread_siblings}, {@code core_siblings}, ...), hex words. */
    public Optional<BitSet> topologyMask(int cpu, String file, int maxCpus) throws IOException {
        Optional<String> s = root.readLine(CPU + "/cpu" + cpu + "/topology/" + Sysroot.requireName(file));
        return s.isEmpty() ? Optional.empty() : parseMask(s.get(), setBits(maxCpus));
    }

    /** A topology id ({@code core_id}, {@code physical_package_id}, ...), -1 if absent or unreadable. */
    public int topologyId(int cpu, String file) throws IOException {
        Optional<String> s = root.readLine(CPU + "/cpu" + cpu + "/topology/" + Sysroot.requireName(file));
        if (s.isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(s.get().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One NUMA node and its CPUs (empty if neither cpumap nor cpulist is readable). */
    public record Node(int id, Optional<BitSet> cpus) {
    }

    /** The {@code nodeN} directories (N all digits, links excluded) in numeric order. */
    public List<Node> nodes(int maxCpus) throws IOException {
        List<Integer> ids = new ArrayList<>();
        for (Sysroot.Entry e : root.list(NODE)) {
            if (e.kind() == Sysroot.Kind.DIR && MemoryReader.isIndexed(e.name(), "node")) {
                String digits = e.name().substring(4);
                if (digits.length() <= 7 && Integer.parseInt(digits) < LIMIT) {
                    ids.add(Integer.parseInt(digits));
                }
            }
        }
        Collections.sort(ids);
        List<Node> out = new ArrayList<>();
        for (int id : ids) {
            String dir = NODE + "/node" + id;
            Optional<BitSet> cpus = Optional.empty();
            Optional<String> map = root.readLine(dir + "/cpumap");
            if (map.isPresent()) {
                cpus = parseMask(map.get(), setBits(maxCpus));
            } else {
                Optional<String> list = root.readLine(dir + "/cpulist");
                if (list.isPresent()) {
                    cpus = parseList(list.get(), setBits(maxCpus));
                }
            }
            out.add(new Node(id, cpus));
        }
        return out;
    }

    /** The names of {@code cpu/vulnerabilities/*} files with content (lscpu prints one line each). */
    public List<String> vulnerabilities() throws IOException {
        List<String> out = new ArrayList<>();
        for (Sysroot.Entry e : root.list(CPU + "/vulnerabilities")) {
            if (e.name().startsWith(".") || e.kind() != Sysroot.Kind.FILE) {
                continue;
            }
            Optional<String> s = root.readLine(CPU + "/vulnerabilities/" + e.name());
            if (s.isPresent() && !s.get().isEmpty()) {
                out.add(e.name());
            }
        }
        return out;
    }

    /** The content of {@code proc/cpuinfo} below the root, empty if absent. */
    public Optional<String> cpuinfo() throws IOException {
        return root.readString(CPUINFO);
    }

    // ---------------------------------------------------------------- masks and lists

    /**
     * A CPU list ({@code 0-3,8,10-11}, also {@code a-b:stride}); bits at or above {@code nbits}
     * are dropped as in a fixed-size cpu_set_t. Empty on a syntax error.
     */
    public static Optional<BitSet> parseList(String text, int nbits) {
        BitSet set = new BitSet();
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.of(set);
        }
        for (String part : s.split(",", -1)) {
            try {
                int stride = 1;
                int colon = part.indexOf(':');
                if (colon >= 0) {
                    stride = Integer.parseInt(part.substring(colon + 1));
                    part = part.substring(0, colon);
                }
                int dash = part.indexOf('-');
                int a;
                int b;
                if (dash >= 0) {
                    a = Integer.parseInt(part.substring(0, dash));
                    b = Integer.parseInt(part.substring(dash + 1));
                } else {
                    a = b = Integer.parseInt(part);
                }
                if (a < 0 || b < a || stride < 1) {
                    return Optional.empty();
                }
                for (long i = a; i <= b && i < nbits; i += stride) {
                    set.set((int) i);
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(set);
    }

    /**
     * A hex CPU mask as sysfs writes it: 32-bit words separated by commas, the lowest word last
     * (e.g. {@code 00000000,00000007}). Bits at or above {@code nbits} are dropped.
     */
    public static Optional<BitSet> parseMask(String text, int nbits) {
        String s = text.trim();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        BitSet set = new BitSet();
        int bit = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ',') {
                continue;
            }
            int v = Character.digit(c, 16);
            if (v < 0) {
                return Optional.empty();
            }
            for (int k = 0; k < 4; k++, bit++) {
                if ((v & (1 << k)) != 0 && bit < nbits) {
                    set.set(bit);
                }
            }
        }
        return Optional.of(set);
    }

    /**
     * A set as util-linux's cpulist_create writes it: ranges with the same stride collapse to
     * {@code a-b} (stride 1) or {@code a-b:s}; a pair that starts no longer run is written as a
     * single CPU and the next one starts a new range.
     */
    public static String formatList(BitSet set) {
        StringBuilder b = new StringBuilder();
        int next = set.nextSetBit(0);
        while (next >= 0) {
            int a = next;
            next = set.nextSetBit(a + 1);
            if (next < 0) {
                b.append(a).append(',');
                break;
            }
            int end = next;
            int stride = end - a;
            while ((next = set.nextSetBit(end + 1)) >= 0 && next - end == stride) {
                end = next;
            }
            if (end - a == stride) {
                b.append(a).append(',');
                next = end;
            } else if (stride == 1) {
                b.append(a).append('-').append(end).append(',');
            } else {
                b.append(a).append('-').append(end).append(':').append(stride).append(',');
            }
        }
        if (b.length() > 0) {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }
}
