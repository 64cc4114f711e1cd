package org.sysplug.platform.linux.sysfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;

/**
 * TopologyReader as it was at 67fa5ef, before it was made faster, kept word for word (bar its name
 * and the types it shares with the reader) as the reference the faster reader must equal on any
 * tree ({@code ReaderAsBeforeProperties}).
 *
 * <p>Its own description: the machine a sysfs tree describes, as a {@link Topology}: CPUs, NUMA nodes and memory blocks,
 * read as the kernel's ABI documents them and as robustly as util-linux reads real trees.
 *
 * <ul>
 * <li>CPUs: {@code cpu/possible} (else the {@code cpuN} directories); present from
 * {@code cpu/present} (else the directories); online from {@code cpuN/online} where the file
 * exists (a file-backed tree changes there, not in {@code cpu/online}), else from
 * {@code cpu/online}; hot-pluggable when {@code cpuN/online} exists (x86's cpu0 has none). The
 * node comes from {@code node/nodeN/cpumap} or {@code cpulist}, else from a {@code nodeN} entry in
 * the CPU's directory (by name: links are never followed). sysfs has no APIC id: -1.</li>
 * <li>Nodes: {@code node/possible} and the {@code nodeN} directories; online from
 * {@code node/online} (else every node with a directory).</li>
 * <li>Memory: {@code memoryN} directories (ids need not start at 0 and may have gaps); the start
 * from {@code phys_index} (hex) times {@code block_size_bytes} (hex); the node from the
 * {@code memoryN} entries of the node directories (one listing per node) or the block's own
 * {@code nodeM} entry; {@code state} whose first six letters say online (a file-backed tree
 * keeps the literal {@code online_movable} that was written, and is written over rather than
 * emptied); {@code valid_zones} with zone names
 * this platform does not model left out.</li>
 * </ul>
 *
 * <p>A device whose state cannot be known is left out of the {@link Topology} and reported to
 * the reader's {@link TopologyReader.Unknown} consumer with the reason, and the rest is read: a {@code state}
 * or {@code cpuN/online} that cannot be read (permissions, an I/O error, a directory, FIFO or
 * link in its place) or that holds neither of the kernel's words (empty, binary, garbage), a
 * {@code phys_index} that is no hex number or puts the block beyond the address space, a
 * {@code valid_zones} that is not text. A {@code block_size_bytes} that cannot be read or is no
 * power of two up to {@value #MAX_BLOCK_SIZE} bytes leaves all memory out, reported once as
 * {@code memory}. Reading a tree, whatever its files hold, throws only {@link IOException}, and
 * only when the sysroot itself cannot be opened.
 */
public final class TopologyReaderAsBefore {

    static final String CPU = CpuReader.CPU;
    static final String NODE = CpuReader.NODE;
    static final String MEMORY = MemoryReader.MEMORY;
    /**
     * What a {@code state} may hold: one lower-case word. The kernel writes {@code online},
     * {@code offline} or {@code going-offline}; a copy written over by util-linux keeps what was
     * written, such as {@code online_movable}, and its tail ({@code online_kernele}), read by prefix.
     */
    private static final Pattern STATE_WORD = Pattern.compile("[a-z_-]{1,32}");
    /** The largest block size taken from a tree: 1 TiB (the kernel's are 16 MiB to 2 GiB). */
    public static final long MAX_BLOCK_SIZE = 1L << 40;
    /** The device named in an {@link TopologyReader.Unknown} when {@code block_size_bytes} leaves all memory unknown. */
    public static final String ALL_MEMORY = "memory";

    private final Sysroot root;
    private final CpuReader cpus;
    private final MemoryReader memory;
    private final Consumer<TopologyReader.Unknown> unknown;

    /** A reader that leaves unknown devices out without saying so. */
    public TopologyReaderAsBefore(Sysroot root) {
        this(root, u -> { });
    }

    /** A reader that tells {@code unknown} about every device it leaves out, as it meets them. */
    public TopologyReaderAsBefore(Sysroot root, Consumer<TopologyReader.Unknown> unknown) {
        this.root = root;
        this.cpus = new CpuReader(root);
        this.memory = new MemoryReader(root);
        this.unknown = unknown;
    }

    public Sysroot sysroot() {
        return root;
    }

    /** The whole machine now. */
    public Topology read(long generation) throws IOException {
        List<NodeInfo> nodes = nodes();
        int maxCpus = cpus.maxCpus();
        BitSet dirs = cpuDirectories();
        Map<Integer, Integer> cpuNodes = cpuNodes(maxCpus, dirs);
        List<CpuInfo> cpuList = new ArrayList<>();
        BitSet possible = cpus.possible().orElse(dirs);
        BitSet present = cpus.present().orElse(dirs);
        Optional<BitSet> onlineMask = cpus.online();
        for (int id = possible.nextSetBit(0); id >= 0; id = possible.nextSetBit(id + 1)) {
            cpu(id, present.get(id) && dirs.get(id), onlineMask, cpuNodes).ifPresent(cpuList::add);
        }
        long blockSize = blockSize();
        List<MemoryBlock> blocks = new ArrayList<>();
        if (blockSize > 0) {
            Map<String, Integer> blockNodes = blockNodes();
            for (String name : memory.blockNames()) {
                block(name, blockSize, blockNodes).ifPresent(blocks::add);
            }
        }
        return new Topology(nodes, cpuList, blockSize, blocks, generation);
    }

    /**
     * One CPU as it is now (after a write to it). A CPU whose state cannot be known comes back as
     * the tree's {@code cpu/online} mask says (online when it says nothing), as it was read before
     * unknown devices were left out; {@link #readCpu} leaves it out instead.
     */
    public CpuInfo cpu(int id, Topology before) throws IOException {
        Optional<CpuInfo> c = readCpu(id, before);
        if (c.isPresent()) {
            return c.get();
        }
        int node = before.cpu(id).map(CpuInfo::node).orElse(-1);
        boolean online = cpus.online().map(m -> m.get(id)).orElse(true);
        return new CpuInfo(id, -1, node, true, online, true);
    }

    /** One CPU as it is now (after a write to it), or empty when its state cannot be known (told to the consumer). */
    public Optional<CpuInfo> readCpu(int id, Topology before) throws IOException {
        boolean present = root.isDirectory(CPU + "/cpu" + id);
        Optional<BitSet> onlineMask = cpus.online();
        int node = before.cpu(id).map(CpuInfo::node).orElse(-1);
        return cpu(id, present, onlineMask, Map.of(id, node));
    }

    private Optional<CpuInfo> cpu(int id, boolean present, Optional<BitSet> onlineMask, Map<Integer, Integer> nodes)
            throws IOException {
        // hot-pluggable when cpuN/online is there at all: a directory or FIFO in its place makes
        // the CPU unknown below, not one without the file (x86's cpu0)
        String onlineFile = CPU + "/cpu" + id + "/online";
        boolean hotpluggable = present && root.kind(onlineFile).isPresent();
        boolean online;
        if (!present) {
            online = false;
        } else if (hotpluggable) {
            Sysroot.Attribute file = root.readAttribute(onlineFile);
            String text = file.text().map(String::trim).orElse(null);
            if ("1".equals(text) || "0".equals(text)) {
                online = text.equals("1");
            } else {
                // the kernel writes 0 or 1 there; anything else is a file sysplug cannot trust
                unknown.accept(new TopologyReader.Unknown("cpu" + id, why(file, "0 or 1")));
                return Optional.empty();
            }
        } else {
            online = onlineMask.map(m -> m.get(id)).orElse(true);
        }
        return Optional.of(new CpuInfo(id, -1, nodes.getOrDefault(id, -1), present, online, hotpluggable));
    }

    /**
     * {@code block_size_bytes}: 0 when the tree has none (a kernel without memory blocks); 0 too,
     * with every block reported unknown as {@value #ALL_MEMORY}, when it cannot be read or is not
     * a power of two in hex up to {@value #MAX_BLOCK_SIZE}.
     */
    private long blockSize() throws IOException {
        Sysroot.Attribute file = root.readAttribute(MEMORY + "/block_size_bytes");
        if (file.absent()) {
            return 0;
        }
        String text = file.text().map(String::trim).orElse("");
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        long size = 0;
        if (!digits.isEmpty() && digits.length() <= 16 && digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            size = Long.parseUnsignedLong(digits, 16);
        }
        if (size <= 0 || size > MAX_BLOCK_SIZE || Long.bitCount(size) != 1) {
            unknown.accept(new TopologyReader.Unknown(ALL_MEMORY, why(file, "a power of two in hex up to " + Long.toHexString(MAX_BLOCK_SIZE))
                    + "; no memory block is shown"));
            return 0;
        }
        return size;
    }

    /** Why an attribute gives no usable value: it cannot be read, is absent, or holds something else than {@code expected}. */
    private static String why(Sysroot.Attribute file, String expected) {
        if (file.unreadable().isPresent()) {
            return file.unreadable().get();
        }
        if (file.text().isEmpty()) {
            return file.path() + " is absent";
        }
        return file.path() + " holds " + quote(file.text().get()) + ", not " + expected;
    }

    /** A file's text for a message: at most 32 characters, control characters and non-ASCII as escapes. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("'");
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (int i = 0; i < t.length() && i < 32; i++) {
            char c = t.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else if (c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (t.length() > 32) {
            b.append("...");
        }
        return b.append("' (").append(t.length()).append(t.length() == 1 ? " character)" : " characters)").toString();
    }

    /** One memory block as it is now (after a write to it), or empty if it is gone or its state cannot be known. */
    public Optional<MemoryBlock> block(int id, long blockSize, Topology before) throws IOException {
        int node = before.block(id).map(MemoryBlock::node).orElse(-1);
        return block("memory" + id, blockSize, Map.of("memory" + id, node));
    }

    private Optional<MemoryBlock> block(String name, long blockSize, Map<String, Integer> blockNodes)
            throws IOException {
        long id = Long.parseLong(name.substring(6).length() > 9 ? "-1" : name.substring(6));
        if (id < 0 || id > Integer.MAX_VALUE || !root.isDirectory(MEMORY + "/" + name)) {
            return Optional.empty();
        }
        String dir = MEMORY + "/" + name;
        Sysroot.Attribute stateFile = root.readAttribute(dir + "/state");
        String stateText = stateFile.line().orElse("").trim();
        BlockState state;
        if (!STATE_WORD.matcher(stateText).matches()) {
            state = null;
        } else if (stateText.startsWith("online")) {
            state = BlockState.ONLINE;
        } else if (stateText.equals(BlockState.GOING_OFFLINE.sysfsName())) {
            state = BlockState.GOING_OFFLINE;
        } else if (stateText.startsWith("offline")) {
            state = BlockState.OFFLINE;
        } else {
            state = null;
        }
        if (state == null) {
            // unreadable, absent, empty or garbage: lsmem shows such a block as '?'
            unknown.accept(new TopologyReader.Unknown(name, why(stateFile, "online, offline or going-offline")));
            return Optional.empty();
        }
        Sysroot.Attribute physFile = root.readAttribute(dir + "/phys_index");
        long start;
        try {
            long index = physFile.absent() ? id : physIndex(physFile);
            start = Math.multiplyExact(index, blockSize);
            Math.addExact(start, blockSize);
        } catch (ArithmeticException | NumberFormatException e) {
            unknown.accept(new TopologyReader.Unknown(name, why(physFile, "the block's section in hex, within the address space")));
            return Optional.empty();
        }
        Sysroot.Attribute zonesFile = root.readAttribute(dir + "/valid_zones");
        String zonesText = zonesFile.line().orElse("");
        if (zonesFile.unreadable().isPresent() || !zonesText.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            unknown.accept(new TopologyReader.Unknown(name, why(zonesFile, "zone names")));
            return Optional.empty();
        }
        List<Zone> valid = zones(List.of(zonesText.trim().split(" +")));
        Zone zone = Zone.UNSPECIFIED;
        if (state == BlockState.ONLINE) {
            // by prefix: a file-backed tree is written over, not emptied ("online_kernel" over
            // "online_movable" reads "online_kernele"), as util-linux writes it
            if (stateText.startsWith("online_movable")) {
                zone = Zone.MOVABLE;
            } else if (stateText.startsWith("online_kernel")) {
                zone = valid.stream().filter(z -> z != Zone.MOVABLE).findFirst().orElse(Zone.NORMAL);
            } else {
                zone = valid.isEmpty() ? Zone.UNSPECIFIED : valid.get(0); // "none": the kernel does not say
            }
        }
        Integer node = blockNodes.get(name);
        int n = node != null && node >= 0 ? node : memory.nodeOf(name);
        // removable is advice (always 0 since Linux 5.17): unreadable or odd reads as not removable
        boolean removable = root.readLine(dir + "/removable").map(String::trim).filter(r -> r.equals("1")).isPresent();
        return Optional.of(new MemoryBlock((int) id, start, blockSize, n, state, zone, valid, removable));
    }

    /** {@code phys_index}: the kernel's {@code %08lx}; anything else is refused. */
    private static long physIndex(Sysroot.Attribute file) {
        String digits = file.line().orElseThrow(NumberFormatException::new).trim();
        if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new NumberFormatException();
        }
        long index = Long.parseUnsignedLong(digits, 16);
        if (index < 0) {
            throw new ArithmeticException();
        }
        return index;
    }

    /** The zones of a {@code valid_zones} line that this platform knows, in order. */
    static List<Zone> zones(List<String> names) {
        List<Zone> out = new ArrayList<>();
        for (String name : names) {
            try {
                Zone z = Zone.parse(name);
                if (z != Zone.UNSPECIFIED && !out.contains(z)) {
                    out.add(z);
                }
            } catch (IllegalArgumentException unknown) {
                // Highmem, Device, "none": not zones a block can be onlined into here
            }
        }
        return out;
    }

    private List<NodeInfo> nodes() throws IOException {
        BitSet dirs = nodeDirectories();
        BitSet ids = (BitSet) dirs.clone();
        nodeList("possible").ifPresent(ids::or);
        Optional<BitSet> online = nodeList("online");
        List<NodeInfo> out = new ArrayList<>();
        for (int id = ids.nextSetBit(0); id >= 0; id = ids.nextSetBit(id + 1)) {
            int node = id;
            out.add(new NodeInfo(id, online.map(m -> m.get(node)).orElse(dirs.get(node))));
        }
        return out;
    }

    private Optional<BitSet> nodeList(String file) throws IOException {
        Optional<String> s = root.readLine(NODE + "/" + file);
        return s.isEmpty() ? Optional.empty() : CpuReader.parseList(s.get(), CpuReader.LIMIT);
    }

    private BitSet nodeDirectories() throws IOException {
        return indexed(NODE, "node");
    }

    private BitSet cpuDirectories() throws IOException {
        return indexed(CPU, "cpu");
    }

    private BitSet indexed(String dir, String prefix) throws IOException {
        BitSet out = new BitSet();
        for (Sysroot.Entry e : root.list(dir)) {
            if (e.kind() == Sysroot.Kind.DIR && MemoryReader.isIndexed(e.name(), prefix)
                    && e.name().length() - prefix.length() <= 7) {
                int id = Integer.parseInt(e.name().substring(prefix.length()));
                if (id < CpuReader.LIMIT) {
                    out.set(id);
                }
            }
        }
        return out;
    }

    /** CPU → node from the node directories' masks, then from {@code cpuN/nodeM} entries. */
    private Map<Integer, Integer> cpuNodes(int maxCpus, BitSet dirs) throws IOException {
        Map<Integer, Integer> out = new HashMap<>();
        for (CpuReader.Node n : cpus.nodes(maxCpus)) {
            n.cpus().ifPresent(set -> set.stream().forEach(c -> out.putIfAbsent(c, n.id())));
        }
        for (int id = dirs.nextSetBit(0); id >= 0; id = dirs.nextSetBit(id + 1)) {
            if (out.containsKey(id)) {
                continue;
            }
            for (Sysroot.Entry e : root.list(CPU + "/cpu" + id)) {
                if (MemoryReader.isIndexed(e.name(), "node") && e.name().length() <= 11) {
                    out.put(id, Integer.parseInt(e.name().substring(4)));
                    break;
                }
            }
        }
        return out;
    }

    /** Block name → node from the {@code memoryN} entries of each node directory (one listing per node). */
    private Map<String, Integer> blockNodes() throws IOException {
        Map<String, Integer> out = new HashMap<>();
        BitSet nodes = nodeDirectories();
        for (int id = nodes.nextSetBit(0); id >= 0; id = nodes.nextSetBit(id + 1)) {
            for (Sysroot.Entry e : root.list(NODE + "/node" + id)) {
                if (MemoryReader.isIndexed(e.name(), "memory")) {
                    out.putIfAbsent(e.name(), id);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TopologyReaderAsBefore[" + root.root() + "]";
    }
}
