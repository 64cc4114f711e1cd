package org.sysplug.tools.utillinux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.MemoryReader;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * What lsmem reads from sysfs: the block size and every memory block in id order, with what the
 * kernel offers (node links, {@code valid_zones}). Built either from a tree, as util-linux reads
 * it ({@link #read}), or from a {@link Topology}, as the kernel would show that machine in sysfs
 * ({@link #of}); {@link Lsmem} formats either the same way.
 *
 * <p>From a Topology, where it cannot carry what a tree holds:
 * <ul>
 * <li>ZONES are the block's valid zones joined as lsmem joins {@code valid_zones}. A Topology keeps
 * only the zones sysplug models (DMA, DMA32, Normal, Movable); when it lists valid zones for some
 * blocks but none for this one, the kernel printed {@code none} (an online block spanning zones)
 * and lsmem prints {@code None}. Zone names outside those four (Highmem, Device, names lsmem shows
 * as Unknown) never reach a Topology, so a block that had only such zones shows {@code None} too.
 * When it lists zones for no block (a kernel without {@code valid_zones}) the column is empty, as
 * lsmem leaves it.</li>
 * <li>STATE is online, offline or on-&gt;off: a tree's unknown state text (lsmem's {@code ?}) was
 * already read as one of them.</li>
 * <li>NODE is shown when any block has a node, as lsmem decides on a tree: it looks through the
 * blocks in order until one has a {@code nodeN} link, not at the first block alone. A block
 * without a node then shows -1.</li>
 * </ul>
 */
final class LsmemInput {

    /** lsmem's zone names, indexed as its zone ids. */
    static final String[] ZONE_NAMES = {"DMA", "DMA32", "Normal", "Highmem", "Movable", "Device", "None", "Unknown"};
    static final int ZONE_NONE = 6;
    static final int ZONE_UNKNOWN = 7;

    /** Where a running kernel keeps its memory blocks: named in lsmem's messages about a Topology. */
    private static final String LIVE_MEMORY = "/" + MemoryReader.MEMORY;

    enum State { ONLINE, OFFLINE, GOING_OFFLINE, UNKNOWN }

    /**
     * One block.
     *
     * @param index the block id ({@code memoryN})
     * @param start its first physical address
     * @param zones its {@code valid_zones} as lsmem zone ids, empty when unknown
     */
    record Block(long index, long start, State state, boolean removable, int node, int[] zones) {
    }

    final long blockSize;
    final boolean haveNodes;
    final boolean haveZones;
    final List<Block> blocks;

    private LsmemInput(long blockSize, boolean haveNodes, boolean haveZones, List<Block> blocks) {
        this.blockSize = blockSize;
        this.haveNodes = haveNodes;
        this.haveZones = haveZones;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Reads the tree as util-linux's lsmem does.
     *
     * @throws IOException with lsmem's message (without the program name) when the tree has no memory blocks
     */
    static LsmemInput read(Sysroot root) throws IOException {
        MemoryReader mr = new MemoryReader(root);
        if (!root.kind(MemoryReader.MEMORY + "/block_size_bytes").isPresent()) {
            throw new IOException("This system does not support memory blocks");
        }
        List<String> names = mr.blockNames();
        if (names.isEmpty()) {
            throw new IOException("Failed to read " + root.resolve(MemoryReader.MEMORY));
        }
        // NODE is shown as soon as one block, in block order, has a nodeN entry: on some systems
        // the first block is taken by the firmware and has none, and looking there alone hid the
        // nodes of all the others
        boolean haveNodes = false;
        for (int i = 0; i < names.size() && !haveNodes; i++) {
            haveNodes = mr.nodeOf(names.get(i)) != -1;
        }
        boolean haveZones = mr.hasZones(names);
        Optional<String> bs = root.readString(MemoryReader.MEMORY + "/block_size_bytes");
        if (bs.isEmpty() || bs.get().isEmpty()) {
            throw new IOException("failed to read memory block size");
        }
        OptionalLong size = MemoryReader.parseHexPrefix(bs.get().strip());
        long blockSize = size.orElse(0L);
        List<Block> blocks = new ArrayList<>();
        for (String name : names) {
            MemoryReader.Block b = mr.read(name, haveNodes, haveZones);
            State state = State.UNKNOWN;
            if (b.state().isPresent() && !b.state().get().isEmpty()) {
                state = switch (b.state().get()) {
                    case "offline" -> State.OFFLINE;
                    case "online" -> State.ONLINE;
                    case "going-offline" -> State.GOING_OFFLINE;
                    default -> State.UNKNOWN;
                };
            }
            int[] zones = new int[0];
            if (haveZones && b.validZones().isPresent()) {
                List<String> z = b.validZones().get();
                zones = new int[Math.min(z.size(), ZONE_NAMES.length + 1)];
                for (int i = 0; i < zones.length; i++) {
                    zones[i] = zoneId(z.get(i));
                }
            }
            boolean removable = b.removable().isPresent() && b.removable().getAsInt() == 1;
            blocks.add(new Block(b.id(), b.id() * blockSize, state, removable, b.node(), zones));
        }
        return new LsmemInput(blockSize, haveNodes, haveZones, blocks);
    }

    /**
     * The machine as its kernel would show it in sysfs.
     *
     * @throws IOException with lsmem's message when the machine has no memory blocks
     */
    static LsmemInput of(Topology topology) throws IOException {
        if (topology.blockSize() <= 0) {
            throw new IOException("This system does not support memory blocks");
        }
        List<MemoryBlock> memory = topology.memory();
        if (memory.isEmpty()) {
            throw new IOException("Failed to read " + LIVE_MEMORY);
        }
        boolean haveNodes = memory.stream().anyMatch(b -> b.node() != -1);
        boolean haveZones = memory.stream().anyMatch(b -> !b.validZones().isEmpty());
        List<Block> blocks = new ArrayList<>(memory.size());
        for (MemoryBlock b : memory) {
            State state = switch (b.state()) {
                case ONLINE -> State.ONLINE;
                case OFFLINE -> State.OFFLINE;
                case GOING_OFFLINE -> State.GOING_OFFLINE;
            };
            int[] zones = new int[0];
            if (haveZones) {
                zones = b.validZones().isEmpty() ? new int[] {ZONE_NONE}
                        : b.validZones().stream().mapToInt(z -> zoneId(z.sysfsName())).toArray();
            }
            blocks.add(new Block(b.id(), b.start(), state, b.removable(), haveNodes ? b.node() : -1, zones));
        }
        return new LsmemInput(topology.blockSize(), haveNodes, haveZones, blocks);
    }

    /** lsmem's zone id of a {@code valid_zones} name, case-insensitive; Unknown for names it does not know. */
    static int zoneId(String name) {
        for (int i = 0; i < ZONE_NAMES.length; i++) {
            if (ZONE_NAMES[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return ZONE_UNKNOWN;
    }
}
