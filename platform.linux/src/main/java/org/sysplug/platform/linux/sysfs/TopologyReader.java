package org.sysplug.platform.linux.sysfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;

/**
 * The machine a sysfs tree describes, as a {@link Topology}: CPUs, NUMA nodes and memory blocks,
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
 */
public final class TopologyReader {

    static final String CPU = CpuReader.CPU;
    static final String NODE = CpuReader.NODE;
    static final String MEMORY = MemoryReader.MEMORY;

    private final Sysroot root;
    private final CpuReader cpus;
    private final MemoryReader memory;

    public TopologyReader(Sysroot root) {
        this.root = root;
        this.cpus = new CpuReader(root);
        this.memory = new MemoryReader(root);
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
            cpuList.add(cpu(id, present.get(id) && dirs.get(id), onlineMask, cpuNodes));
        }
        long blockSize = memory.blockSize().orElse(0);
        List<MemoryBlock> blocks = new ArrayList<>();
        if (blockSize > 0) {
            Map<String, Integer> blockNodes = blockNodes();
            for (String name : memory.blockNames()) {
                block(name, blockSize, blockNodes).ifPresent(blocks::add);
            }
        }
        return new Topology(nodes, cpuList, blockSize, blocks, generation);
    }

    /** One CPU as it is now (after a write to it). */
    public CpuInfo cpu(int id, Topology before) throws IOException {
        boolean present = root.isDirectory(CPU + "/cpu" + id);
        Optional<BitSet> onlineMask = cpus.online();
        int node = before.cpu(id).map(CpuInfo::node).orElse(-1);
        return cpu(id, present, onlineMask, Map.of(id, node));
    }

    private CpuInfo cpu(int id, boolean present, Optional<BitSet> onlineMask, Map<Integer, Integer> nodes)
            throws IOException {
        boolean hotpluggable = present && cpus.hasOnlineFile(id);
        boolean online;
        if (!present) {
            online = false;
        } else if (hotpluggable) {
            online = cpus.cpuOnline(id);
        } else {
            online = onlineMask.map(m -> m.get(id)).orElse(true);
        }
        return new CpuInfo(id, -1, nodes.getOrDefault(id, -1), present, online, hotpluggable);
    }

    /** One memory block as it is now (after a write to it), or empty if it is gone. */
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
        MemoryReader.Block b = memory.read(name, false, true);
        long index = b.physIndex().orElse(id);
        String stateText = b.state().orElse("").trim();
        BlockState state = stateText.startsWith("online") ? BlockState.ONLINE
                : stateText.equals(BlockState.GOING_OFFLINE.sysfsName()) ? BlockState.GOING_OFFLINE
                : BlockState.OFFLINE;
        List<Zone> valid = zones(b.validZones().orElse(List.of()));
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
        OptionalInt removable = b.removable();
        return Optional.of(new MemoryBlock((int) id, index * blockSize, blockSize, n, state, zone, valid,
                removable.orElse(0) == 1));
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
        return "TopologyReader[" + root.root() + "]";
    }
}
