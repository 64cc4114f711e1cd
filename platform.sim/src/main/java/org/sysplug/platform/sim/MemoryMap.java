package org.sysplug.platform.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.SortedDevices;
import org.sysplug.platform.sim.description.ByteSize;

/**
 * Memory blocks as drivers/base/memory.c and mm/memory_hotplug.c keep them: added memory in
 * blocks of {@code block_size_bytes}, each offline or online in one zone, and per node the
 * span of each zone, which decides the default zone of an offline block.
 *
 * <p>Zones are modelled as modern kernels (5.x+) have them: a kernel zone (Normal) and
 * ZONE_MOVABLE per node, whose spans grow when a block is onlined into them
 * ({@code move_pfn_range_to_zone}) and shrink to the remaining online blocks when an edge block
 * is offlined ({@code shrink_zone_span}); DMA and DMA32 are not modelled. An online block lists
 * only its zone in {@code valid_zones}; an offline one lists the default zone first, then the
 * other ({@code valid_zones_show}).
 *
 * <p>A machine loaded from a sysfs tree keeps, for each block, the {@code valid_zones} the tree
 * showed (an older kernel's lists, DMA zones, {@code none}) until the block goes online or
 * offline; from then on the rules above decide, as they do for every other block.
 *
 * <p>The view of a block ({@link MemoryBlock}) is cached and dropped only when the block or
 * its default zone changes. The list of views handed out last is kept too, and the next one is
 * made from it by replacing the views dropped since ({@link SortedDevices#replacing}): a snapshot
 * after onlining one block of 32,768 copies three arrays of 32 references, not every view. Only
 * adding or removing blocks builds the list anew.
 */
final class MemoryMap {

    private static final List<Zone> NORMAL_FIRST = List.of(Zone.NORMAL, Zone.MOVABLE);
    private static final List<Zone> MOVABLE_FIRST = List.of(Zone.MOVABLE, Zone.NORMAL);

    /** A block's state. {@link #view} is null when it must be rebuilt. */
    static final class Block {
        final int id;
        final int node;
        Zone zone = Zone.UNSPECIFIED;
        boolean online;
        /** Unmovable pages injected by the simulation ({@code sim:pin}). */
        boolean pinned;
        /** Unmovable for good: the description says so (kernel text, early allocations). */
        boolean unmovable;
        /** valid_zones as the sysfs tree the machine was loaded from showed them; null once the block changed state. */
        List<Zone> shownZones;
        MemoryBlock view;
        /** Whether the list handed out last has an older view of this block: it is in {@link #stale}. */
        boolean stale;

        Block(int id, int node) {
            this.id = id;
            this.node = node;
        }

        boolean removable() {
            return !pinned && !unmovable;
        }
    }

    /** A zone's span on a node, in block ids, both ends included. */
    private record Span(int first, int last) {

        static Span of(TreeSet<Integer> online) {
            return online.isEmpty() ? null : new Span(online.first(), online.last());
        }

        boolean contains(int id) {
            return id >= first && id <= last;
        }
    }

    private final long blockSize;
    private final boolean movableNode;
    private final Revision revision;
    private final NavigableMap<Integer, Block> blocks = new TreeMap<>();
    private final int[] blocksPerNode;
    /** Per node, the online blocks of Normal and of Movable: their hulls are the zone spans. */
    private final List<TreeSet<Integer>> onlineNormal = new ArrayList<>();
    private final List<TreeSet<Integer>> onlineMovable = new ArrayList<>();
    /** The views handed out last, null when blocks came or went since (the list is built anew). */
    private SortedDevices<MemoryBlock> published;
    /** The blocks whose view changed since {@link #published} was made. */
    private final List<Block> stale = new ArrayList<>();

    /**
     * @param movableNode the kernel's {@code movable_node} parameter: memory outside every zone
     *        onlines to Movable by default
     */
    MemoryMap(long blockSize, int possibleNodes, boolean movableNode, Revision revision) {
        this.blockSize = blockSize;
        this.movableNode = movableNode;
        this.revision = revision;
        this.blocksPerNode = new int[possibleNodes];
        for (int n = 0; n < possibleNodes; n++) {
            onlineNormal.add(new TreeSet<>());
            onlineMovable.add(new TreeSet<>());
        }
    }

    long blockSize() {
        return blockSize;
    }

    int blocksOn(int node) {
        return node >= 0 && node < blocksPerNode.length ? blocksPerNode[node] : 0;
    }

    List<Integer> blockIdsOn(int node) {
        return blocks.values().stream().filter(b -> b.node == node).map(b -> b.id).toList();
    }

    boolean exists(int id) {
        return blocks.containsKey(id);
    }

    /** The node of a block, or -1 when there is no such block. */
    int nodeOf(int id) {
        Block b = blocks.get(id);
        return b == null ? -1 : b.node;
    }

    boolean isOnline(int id) {
        Block b = blocks.get(id);
        return b != null && b.online;
    }

    /** First and last block id of an aligned range; EINVAL when it is not whole blocks. */
    int[] blockRange(long start, long size, String what) throws PortException {
        if (blockSize <= 0) {
            throw new PortException(Errno.EINVAL, "memory", "cannot " + what + " memory: this machine has no memory blocks "
                    + "(the sysfs tree it was loaded from has no block_size_bytes); load one that has");
        }
        String range = describe(start, size);
        String device = start >= 0 && start / blockSize <= Integer.MAX_VALUE ? Names.memory((int) (start / blockSize)) : range;
        if (size <= 0 || start < 0) {
            throw new PortException(Errno.EINVAL, device, "cannot " + what + " " + range + ": start and size must be positive");
        }
        if (start % blockSize != 0 || size % blockSize != 0) {
            throw new PortException(Errno.EINVAL, device, "cannot " + what + " " + range + ": not aligned to the block size "
                    + ByteSize.format(blockSize) + " (block_size_bytes); use whole blocks");
        }
        long end = start + size;
        if (end < 0 || end / blockSize - 1 > Integer.MAX_VALUE) {
            throw new PortException(Errno.EINVAL, device, "cannot " + what + " " + range + ": beyond the physical address space");
        }
        return new int[] {(int) (start / blockSize), (int) (end / blockSize - 1)};
    }

    /**
     * Adds a range as offline blocks ({@code add_memory} → {@code create_memory_block_devices}).
     * The caller has checked the node. EBUSY when the range overlaps added memory, as
     * {@code register_memory_resource} answers.
     */
    List<Integer> add(long start, long size, int node) throws PortException {
        int[] ids = blockRange(start, size, "add");
        NavigableMap<Integer, Block> overlap = blocks.subMap(ids[0], true, ids[1], true);
        if (!overlap.isEmpty()) {
            int first = overlap.firstKey();
            throw new PortException(Errno.EBUSY, Names.memory(first), "cannot add " + describe(start, size) + ": it overlaps "
                    + Names.list("memory", overlap.keySet()) + ", already added; remove that memory first or pick a free range");
        }
        List<Integer> added = new ArrayList<>(ids[1] - ids[0] + 1);
        for (int id = ids[0]; id <= ids[1]; id++) {
            Block b = new Block(id, node);
            blocks.put(id, b);
            added.add(id);
        }
        blocksPerNode[node] += added.size();
        published = null;
        revision.bump();
        return added;
    }

    /** Onlines a block into the zone the type asks for ({@code memory_block_online} → {@code zone_for_pfn_range}). */
    void online(int id, OnlineType type) throws PortException {
        Block b = require(id);
        if (b.online) {
            // state_store: device_online returns 1 for an online device, which becomes -EINVAL
            throw new PortException(Errno.EINVAL, Names.memory(id), Names.memory(id) + " is already online in "
                    + b.zone.sysfsName() + " (valid_zones is just " + b.zone.sysfsName() + "): offline it first to move it");
        }
        Zone zone = zoneFor(b, type);
        List<Zone> valid = offeredZones(b);
        if (!valid.contains(zone)) {
            throw new PortException(Errno.EINVAL, Names.memory(id), Names.memory(id) + " cannot go online in " + zone.sysfsName()
                    + ": its valid_zones are " + names(valid));
        }
        setOnline(b, zone);
    }

    /**
     * Offlines a block. EBUSY when it holds unmovable pages: {@code offline_pages} cannot
     * migrate them ({@code scan_movable_pages}/{@code do_migrate_range} fail).
     */
    void offline(int id) throws PortException {
        Block b = require(id);
        if (!b.online) {
            throw new PortException(Errno.EINVAL, Names.memory(id), Names.memory(id) + " is already offline");
        }
        if (!b.removable()) {
            throw new PortException(Errno.EBUSY, Names.memory(id), Names.memory(id) + " holds unmovable pages ("
                    + (b.unmovable ? "boot memory the kernel cannot move" : "pinned") + "): the kernel cannot migrate them; "
                    + (b.unmovable ? "choose a block of movable memory" : "unpin it or choose another block"));
        }
        setOffline(b);
    }

    /**
     * Removes a range whose blocks are all added and offline ({@code remove_memory}: its
     * {@code check_memblock_offlined_cb} walk refuses online blocks with EBUSY). Returns the
     * nodes that lost memory.
     */
    Set<Integer> remove(long start, long size) throws PortException {
        int[] ids = blockRange(start, size, "remove");
        NavigableMap<Integer, Block> range = blocks.subMap(ids[0], true, ids[1], true);
        if (range.size() != ids[1] - ids[0] + 1) {
            int missing = ids[0];
            while (range.containsKey(missing)) {
                missing++;
            }
            throw new PortException(Errno.EINVAL, Names.memory(missing), "cannot remove " + describe(start, size) + ": "
                    + Names.memory(missing) + " is not added; remove only memory that was added");
        }
        List<Integer> online = range.values().stream().filter(b -> b.online).map(b -> b.id).toList();
        if (!online.isEmpty()) {
            throw new PortException(Errno.EBUSY, Names.memory(online.get(0)), "cannot remove " + describe(start, size) + ": "
                    + Names.list("memory", online) + " still online; offline every block of the range first");
        }
        return drop(new ArrayList<>(range.values()));
    }

    /**
     * The hardware behind a range is gone: every block it touches leaves, online or not.
     * Returns the blocks as they were just before.
     */
    List<MemoryBlock> vanish(long start, long size) {
        long first = Math.max(0, start / blockSize);
        long last = Math.min((start + size - 1) / blockSize, Integer.MAX_VALUE);
        if (size <= 0 || first > last) {
            return List.of();
        }
        List<Block> gone = new ArrayList<>(blocks.subMap((int) first, true, (int) last, true).values());
        List<MemoryBlock> before = gone.stream().map(this::view).toList();
        drop(gone);
        return before;
    }

    /** Marks a block as holding unmovable pages, or frees them. ENODEV when there is no such block. */
    void pin(int id, boolean pinned) throws PortException {
        Block b = require(id);
        if (b.pinned != pinned) {
            b.pinned = pinned;
            dropView(b);
            revision.bump();
        }
    }

    /** Marks boot memory the kernel never moves (kernel text, early allocations). */
    void markUnmovable(int id) {
        Block b = blocks.get(id);
        if (b != null && !b.unmovable) {
            b.unmovable = true;
            dropView(b);
            revision.bump();
        }
    }

    boolean pinned(int id) {
        Block b = blocks.get(id);
        return b != null && b.pinned;
    }

    /** Onlines a block into a zone chosen by boot code, without the sysfs rules. */
    void bootOnline(int id, Zone zone) {
        Block b = blocks.get(id);
        if (!b.online) {
            setOnline(b, zone);
        }
    }

    /** Boot code restoring a sysfs tree: the block shows these valid zones until it changes state. */
    void showZones(int id, List<Zone> zones) {
        Block b = blocks.get(id);
        b.shownZones = List.copyOf(zones);
        dropView(b);
        revision.bump();
    }

    /** Every block's view, in id order: the list handed out last with the views changed since replaced. */
    SortedDevices<MemoryBlock> views() {
        if (published == null) {
            List<MemoryBlock> out = new ArrayList<>(blocks.size());
            for (Block b : blocks.values()) {
                out.add(view(b));
            }
            published = SortedDevices.copyOf(out);
        } else if (!stale.isEmpty()) {
            List<MemoryBlock> changed = new ArrayList<>(stale.size());
            for (Block b : stale) {
                changed.add(view(b));
            }
            published = published.replacing(changed);
        }
        for (Block b : stale) {
            b.stale = false;
        }
        stale.clear();
        return published;
    }

    /** Every block's view made afresh, no cache used: what {@link #views()} must equal (the tests compare them). */
    List<MemoryBlock> viewsBuiltAnew() {
        List<MemoryBlock> out = new ArrayList<>(blocks.size());
        for (Block b : blocks.values()) {
            out.add(newView(b));
        }
        return out;
    }

    /**
     * valid_zones: the zones a loaded tree showed, while the block keeps its state; else the zone
     * of an online block (none when it is in no single zone); the default zone then the other for
     * an offline one.
     */
    List<Zone> validZones(Block b) {
        return b.shownZones != null ? b.shownZones : ruleZones(b);
    }

    private List<Zone> ruleZones(Block b) {
        if (b.online) {
            return b.zone == Zone.UNSPECIFIED ? List.of() : List.of(b.zone);
        }
        return defaultZone(b) == Zone.MOVABLE ? MOVABLE_FIRST : NORMAL_FIRST;
    }

    /** The zones an offline block can go online in: the tree's while it shows some, else the rules'. */
    private List<Zone> offeredZones(Block b) {
        return b.shownZones != null && !b.shownZones.isEmpty() ? b.shownZones : ruleZones(b);
    }

    /**
     * {@code zone_for_pfn_range}: ONLINE takes the default (listed first), ONLINE_KERNEL the
     * kernel zone, ONLINE_MOVABLE Movable.
     */
    private Zone zoneFor(Block b, OnlineType type) {
        List<Zone> offered = offeredZones(b);
        return switch (type) {
            case ONLINE -> offered.get(0);
            case ONLINE_KERNEL -> offered.stream().filter(z -> z != Zone.MOVABLE).findFirst().orElse(Zone.NORMAL);
            case ONLINE_MOVABLE -> Zone.MOVABLE;
        };
    }

    /**
     * {@code default_zone_for_pfn}: inherit the zone whose span alone covers the block; when
     * neither or both do, Movable only with movable_node, else the kernel zone.
     */
    private Zone defaultZone(Block b) {
        Span normal = Span.of(onlineNormal.get(b.node));
        Span movable = Span.of(onlineMovable.get(b.node));
        boolean inKernel = normal != null && normal.contains(b.id);
        boolean inMovable = movable != null && movable.contains(b.id);
        if (inKernel ^ inMovable) {
            return inKernel ? Zone.NORMAL : Zone.MOVABLE;
        }
        return movableNode ? Zone.MOVABLE : Zone.NORMAL;
    }

    private Block require(int id) throws PortException {
        Block b = blocks.get(id);
        if (b == null) {
            throw new PortException(Errno.ENODEV, Names.memory(id), Names.memory(id)
                    + " does not exist: add the memory range that holds it first");
        }
        return b;
    }

    private void setOnline(Block b, Zone zone) {
        b.online = true;
        b.zone = zone;
        b.shownZones = null;
        dropView(b);
        changeSpan(b, zone, true);
        revision.bump();
    }

    private void setOffline(Block b) {
        Zone zone = b.zone;
        b.online = false;
        b.zone = Zone.UNSPECIFIED;
        b.shownZones = null;
        dropView(b);
        changeSpan(b, zone, false);
        revision.bump();
    }

    private Set<Integer> drop(List<Block> gone) {
        Set<Integer> nodes = new TreeSet<>();
        for (Block b : gone) {
            if (b.online) {
                setOffline(b);
            }
            blocks.remove(b.id);
            blocksPerNode[b.node]--;
            nodes.add(b.node);
        }
        if (!gone.isEmpty()) {
            published = null;
            revision.bump();
        }
        return nodes;
    }

    /** Adds or removes an online block from its zone and drops the views whose default zone moved. */
    private void changeSpan(Block b, Zone zone, boolean add) {
        TreeSet<Integer> online = (zone == Zone.MOVABLE ? onlineMovable : onlineNormal).get(b.node);
        Span before = Span.of(online);
        if (add) {
            online.add(b.id);
        } else {
            online.remove(b.id);
        }
        Span after = Span.of(online);
        if (!Objects.equals(before, after)) {
            dropViews(b.node, before, after);
            dropViews(b.node, after, before);
        }
    }

    /** Drops the views of the offline blocks of {@code node} in {@code a} but not in {@code b}. */
    private void dropViews(int node, Span a, Span b) {
        if (a == null) {
            return;
        }
        if (b == null || b.last < a.first || b.first > a.last) {
            dropViews(node, a.first, a.last);
            return;
        }
        if (a.first < b.first) {
            dropViews(node, a.first, b.first - 1);
        }
        if (a.last > b.last) {
            dropViews(node, b.last + 1, a.last);
        }
    }

    private void dropViews(int node, int first, int last) {
        for (Block x : blocks.subMap(first, true, last, true).values()) {
            if (x.node == node && !x.online) {
                dropView(x);
            }
        }
    }

    /** The block changed: its view is built again when next asked for, and the next list replaces it. */
    private void dropView(Block b) {
        b.view = null;
        if (!b.stale) {
            b.stale = true;
            stale.add(b);
        }
    }

    private MemoryBlock view(Block b) {
        if (b.view == null) {
            b.view = newView(b);
        }
        return b.view;
    }

    private MemoryBlock newView(Block b) {
        return new MemoryBlock(b.id, b.id * blockSize, blockSize, b.node, b.online ? BlockState.ONLINE : BlockState.OFFLINE,
                b.online ? b.zone : Zone.UNSPECIFIED, validZones(b), b.removable());
    }

    private String describe(long start, long size) {
        return "[" + ByteSize.hex(start) + ", " + ByteSize.hex(start + size) + ") (" + ByteSize.format(size) + ")";
    }

    private static String names(List<Zone> zones) {
        return String.join(" ", zones.stream().map(Zone::sysfsName).toList());
    }
}
