package org.sysplug.platform.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.MemoryReader;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;

/**
 * The machine behind a sysfs tree: its topology, kept as read and updated device by device after
 * each write, and the writes themselves, each exactly one kernel ABI string to exactly one
 * kernel ABI file ({@code cpuN/online}, {@code memoryN/state}).
 *
 * <p>Reading 8,192 blocks costs tens of thousands of file reads, so the whole tree is read once
 * and then again only when {@link #invalidate()} says devices came or went behind sysplug's back
 * (the uevent monitor calls it). A successful write is applied to the tables as the kernel ABI
 * defines its effect, without reading anything; a kernel event about one device
 * ({@link #changed}) has that device read again. A write that the kernel refuses invalidates
 * everything, since a refusal is the sign that the view was wrong.
 *
 * <p>Before writing, the machine applies the rules the kernel would apply (a CPU without
 * {@code online} is not hot-pluggable, the last online CPU stays, a zone must be in
 * {@code valid_zones}), so that a file-backed tree behaves like a kernel and a live kernel is
 * never asked something it will refuse.
 *
 * <p>A device whose state the tree does not let it know (an unreadable or garbled {@code state}
 * or {@code online}) is left out of the topology, said once to the warnings consumer, and
 * refused with the reason (EIO) when a request names it: sysplug never changes a device whose
 * state it does not know. The rest of the machine works as usual.
 */
public final class LinuxMachine {

    static final String CPU = CpuReader.CPU;
    static final String MEMORY = MemoryReader.MEMORY;
    static final String NODE = MemoryReader.NODE;
    private static final String CPU_ONLINE = CPU + "/online";
    private static final String CPU_OFFLINE = CPU + "/offline";
    private static final String HAS_MEMORY = NODE + "/has_memory";
    private static final String HAS_NORMAL_MEMORY = NODE + "/has_normal_memory";

    private final Sysroot root;
    private final TopologyReader reader;
    private long generation;
    /** The last full read; null until the first, and again when the tree changed behind sysplug's back. */
    private Topology read;
    /** The devices as they are now: the last read with every change since applied in place. */
    private final List<CpuInfo> cpus = new ArrayList<>();
    private final Map<Integer, Integer> cpuAt = new HashMap<>();
    private final List<MemoryBlock> blocks = new ArrayList<>();
    private final Map<Integer, Integer> blockAt = new HashMap<>();
    /** The snapshot of the tables; null after a change, built again when asked for. */
    private Topology snapshot;
    private final TreeSet<Integer> dirtyCpus = new TreeSet<>();
    private final TreeSet<Integer> dirtyBlocks = new TreeSet<>();
    /** Of {@link #dirtyBlocks}, those the kernel said were added or removed: their node is read again too. */
    private final Set<Integer> cameOrWent = new HashSet<>();
    /**
     * The summary files this tree has ({@code cpu/online}, {@code node/has_memory}...), looked up
     * once per full read: a kernel does not add them while it runs. Null: not looked up yet.
     */
    private Set<String> summaryFiles;
    /**
     * Per node, its online blocks and those of them outside ZONE_MOVABLE, kept in step with each
     * write, so that a copy's node summaries are rewritten only when a node gains its first or
     * loses its last such block (as the kernel's node states change). Null until needed.
     */
    private Map<Integer, int[]> memoryByNode;
    private boolean nodeSummariesStale;
    /** The devices the tree shows but whose state cannot be known, by name, with the reason. */
    private final Map<String, String> unknown = new TreeMap<>();
    /** What the warnings consumer was last told about, so that each device is said once, not on every read. */
    private final Map<String, String> told = new HashMap<>();
    /**
     * The {@code cpuN} and {@code memoryN} names the tree listed at the last full read that were
     * not read as devices: not directories then (a symbolic link swapped in, a file), nor unknown.
     * Such a name never leaves the listing, so no add event (and no poll, which compares names)
     * brings the device back once the tree is repaired; each is looked at again with every
     * {@link #current()} instead, and read again once it is a directory. Empty on a sane tree.
     */
    private final Set<String> notDevices = new TreeSet<>();
    private final Consumer<String> warnings;

    public LinuxMachine(Sysroot root) {
        this(root, w -> { });
    }

    /** A machine that says on {@code warnings}, once each, which devices it leaves out as unknown and why. */
    public LinuxMachine(Sysroot root, Consumer<String> warnings) {
        this.root = root;
        this.warnings = warnings;
        this.reader = new TopologyReader(root, this::unknownFound);
    }

    /** Called by the reader, always under this machine's lock (from {@link #current()}). */
    private void unknownFound(TopologyReader.Unknown u) {
        unknown.put(u.device(), u.reason());
        if (!u.reason().equals(told.put(u.device(), u.reason()))) {
            warnings.accept(u.device() + " is left out, its state unknown: " + u.reason());
        }
    }

    /** The devices left out because their state cannot be known, with the reason, by name. */
    public synchronized Map<String, String> unknownDevices() {
        return Map.copyOf(unknown);
    }

    public Sysroot sysroot() {
        return root;
    }

    /** Where the kernel reports its memory counters, below the sysroot (never the host's when the root is a tree). */
    static final String MEMINFO = "proc/meminfo";

    /**
     * {@code MemFree} of {@code proc/meminfo} below the sysroot, in bytes; empty when the tree has
     * none (a sysfs dump holds no proc) or the line does not read as {@code MemFree: N kB}.
     */
    public java.util.OptionalLong memoryFree() throws IOException {
        Optional<String> meminfo = root.readString(MEMINFO);
        if (meminfo.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        for (String line : meminfo.get().split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 3 && words[0].equals("MemFree:") && words[2].equals("kB")) {
                try {
                    long kb = Long.parseLong(words[1]);
                    return kb < 0 || kb > Long.MAX_VALUE / 1024 ? java.util.OptionalLong.empty()
                            : java.util.OptionalLong.of(kb * 1024);
                } catch (NumberFormatException e) {
                    return java.util.OptionalLong.empty();
                }
            }
        }
        return java.util.OptionalLong.empty();
    }

    /**
     * The machine now: read in full the first time and after {@link #invalidate()}; otherwise the
     * last read with sysplug's own writes applied and the devices named by {@link #changed}
     * read again. One immutable snapshot is built per change, not per write.
     */
    public synchronized Topology topology() throws IOException {
        current();
        if (snapshot == null) {
            snapshot = new Topology(read.nodes(), cpus, read.blockSize(), blocks, ++generation);
        }
        return snapshot;
    }

    /** Brings the tables up to date: a full read if stale, else the devices marked changed. */
    private void current() throws IOException {
        if (read == null) {
            Map<String, String> before = new HashMap<>(unknown);
            unknown.clear();
            try {
                read = reader.read(++generation);
            } catch (IOException | RuntimeException e) {
                unknown.putAll(before);
                throw e;
            }
            for (String device : Set.copyOf(told.keySet())) {
                if (!unknown.containsKey(device)) {
                    told.remove(device);
                    warnings.accept(device + " can be read again");
                }
            }
            cpus.clear();
            cpuAt.clear();
            blocks.clear();
            blockAt.clear();
            cpus.addAll(read.cpus());
            blocks.addAll(read.memory());
            for (int i = 0; i < cpus.size(); i++) {
                cpuAt.put(cpus.get(i).id(), i);
            }
            for (int i = 0; i < blocks.size(); i++) {
                blockAt.put(blocks.get(i).id(), i);
            }
            dirtyCpus.clear();
            dirtyBlocks.clear();
            cameOrWent.clear();
            summaryFiles = null;
            memoryByNode = null;
            snapshot = read;
            listNotDevices();
            return;
        }
        if (!notDevices.isEmpty() && devicesAgain()) {
            return;
        }
        if (dirtyCpus.isEmpty() && dirtyBlocks.isEmpty()) {
            return;
        }
        if (!read.nodes().isEmpty()) {
            // the kernel links a block to its node after the block's add event: a block still on
            // no node is looked up again with every change read
            for (MemoryBlock b : blocks) {
                if (b.node() < 0) {
                    dirtyBlocks.add(b.id());
                    cameOrWent.add(b.id());
                }
            }
        }
        Topology before = snapshot != null ? snapshot : read;
        for (int id : dirtyCpus) {
            Integer i = cpuAt.get(id);
            Optional<CpuInfo> c = i == null ? Optional.empty() : reader.readCpu(id, before);
            if (i != null && c.isEmpty()) {
                read = null; // unknown now: only a full read leaves it out in order
                current();
                return;
            }
            c.ifPresent(now -> cpus.set(i, now));
        }
        List<MemoryBlock> added = new ArrayList<>();
        Set<Integer> gone = new HashSet<>();
        for (int id : dirtyBlocks) {
            Integer i = blockAt.get(id);
            String dir = MEMORY + "/memory" + id;
            if (i == null || cameOrWent.contains(id)) {
                // its node is looked up again: it may have gone and come back on another
                Optional<MemoryBlock> b = reader.addedBlock(id, read.blockSize(), before);
                if (b.isEmpty() && root.kind(dir).isEmpty() && !unknown.containsKey("memory" + id)) {
                    if (i != null) {
                        gone.add(id);
                    }
                    continue; // gone, or came and went again
                }
                if (b.isEmpty() || unknown.containsKey("memory" + id)
                        || (i == null && b.get().node() < 0 && !before.nodes().isEmpty())) {
                    // unknown, known again, or new on no node the machine knows (a node that came
                    // with it): a full read keeps the unknown devices and the nodes right
                    read = null;
                    current();
                    return;
                }
                if (i == null) {
                    added.add(b.get());
                } else {
                    blocks.set(i, b.get());
                }
            } else {
                Optional<MemoryBlock> b = reader.block(id, read.blockSize(), before);
                if (b.isPresent()) {
                    blocks.set(i, b.get());
                    } else if (root.kind(dir).isEmpty()) {
                    gone.add(id);
                } else {
                    read = null; // unknown now: only a full read leaves it out in order
                    current();
                    return;
                }
            }
            memoryByNode = null; // counted again from the blocks when next needed
        }
        if (!added.isEmpty() || !gone.isEmpty()) {
            // blocks that came or went (a hot-add's thousands of events): the tables are
            // re-indexed once for all of them, in id order, as a full read would list them
            blocks.removeIf(b -> gone.contains(b.id()));
            blocks.addAll(added);
            blocks.sort(Comparator.comparingInt(MemoryBlock::id));
            blockAt.clear();
            for (int i = 0; i < blocks.size(); i++) {
                blockAt.put(blocks.get(i).id(), i);
            }
        }
        dirtyCpus.clear();
        dirtyBlocks.clear();
        cameOrWent.clear();
        snapshot = null;
    }

    /** After a full read: the names listed that did not read as devices (see {@link #notDevices}). */
    private void listNotDevices() throws IOException {
        notDevices.clear();
        for (String name : root.names(CPU)) {
            if (MemoryReader.isIndexed(name, "cpu") && name.length() <= 12 && !unknown.containsKey(name)) {
                Integer i = cpuAt.get(Integer.parseInt(name.substring(3)));
                if (i == null || !cpus.get(i).present()) {
                    notDevices.add(name);
                }
            }
        }
        if (read.blockSize() <= 0 || unknown.containsKey(TopologyReader.ALL_MEMORY)) {
            return; // no block reads at all: nothing to look for name by name
        }
        for (String name : root.names(MEMORY)) {
            if (MemoryReader.isIndexed(name, "memory") && name.length() <= 15 && !unknown.containsKey(name)
                    && !blockAt.containsKey(Integer.parseInt(name.substring(6)))) {
                notDevices.add(name);
            }
        }
    }

    /**
     * Whether a name of {@link #notDevices} is a directory again (the link was taken away, the
     * directory put back): a block is then read alone, as one that came; a CPU has the whole tree
     * read again (as a CPU that comes does). True when it did the full read. One {@code lstat}
     * per such name.
     */
    private boolean devicesAgain() throws IOException {
        boolean cpuBack = false;
        for (java.util.Iterator<String> it = notDevices.iterator(); it.hasNext(); ) {
            String name = it.next();
            boolean cpu = name.startsWith("cpu");
            Optional<Sysroot.Kind> kind = root.kind((cpu ? CPU : MEMORY) + "/" + name);
            if (kind.isEmpty()) {
                it.remove(); // gone: an add event or the poll brings it if it comes
            } else if (kind.get() == Sysroot.Kind.DIR) {
                it.remove();
                if (cpu) {
                    cpuBack = true;
                } else {
                    int id = Integer.parseInt(name.substring(6));
                    dirtyBlocks.add(id);
                    cameOrWent.add(id);
                }
            }
        }
        if (cpuBack) {
            read = null;
            current();
        }
        return cpuBack;
    }

    /** Says the tree changed behind sysplug's back: the next {@link #topology()} reads it all. */
    public synchronized void invalidate() {
        read = null;
        snapshot = null;
    }

    /**
     * Says a device came or went behind sysplug's back (a kernel {@code add}/{@code remove}
     * event): a memory block is read alone, its node included, when the topology is next asked
     * for (a hot-add's thousands of blocks are not each worth a read of the whole tree); a CPU
     * that came or went, or anything else, has the whole tree read again.
     */
    public synchronized void cameOrWent(String device) {
        if (MemoryReader.isIndexed(device, "memory") && device.length() <= 15) {
            int id = Integer.parseInt(device.substring(6));
            dirtyBlocks.add(id);
            cameOrWent.add(id);
        } else {
            invalidate();
        }
    }

    /**
     * Says one device changed behind sysplug's back (a kernel {@code online}/{@code offline}
     * event): it alone is read again when the topology is next asked for.
     */
    public synchronized void changed(String device) {
        if (MemoryReader.isIndexed(device, "cpu") && device.length() <= 12) {
            dirtyCpus.add(Integer.parseInt(device.substring(3)));
        } else if (MemoryReader.isIndexed(device, "memory") && device.length() <= 15) {
            dirtyBlocks.add(Integer.parseInt(device.substring(6)));
        } else {
            invalidate();
        }
    }

    /** One CPU now, without building a snapshot. */
    synchronized Optional<CpuInfo> cpu(int cpu) throws IOException {
        current();
        Integer i = cpuAt.get(cpu);
        return i == null ? Optional.empty() : Optional.of(cpus.get(i));
    }

    /**
     * One block now, without building a snapshot: a request onlining 8,192 blocks checks each
     * before writing it, and a snapshot per block would cost n².
     */
    synchronized Optional<MemoryBlock> block(int block) throws IOException {
        current();
        Integer i = blockAt.get(block);
        return i == null ? Optional.empty() : Optional.of(blocks.get(i));
    }

    private synchronized long onlineCpus() {
        return cpus.stream().filter(CpuInfo::online).count();
    }

    /** Applies what a successful write of {@code online} to {@code cpuN/online} means. */
    private synchronized void cpuWritten(int cpu, boolean online) {
        Integer i = cpuAt.get(cpu);
        if (i != null) {
            CpuInfo c = cpus.get(i);
            cpus.set(i, new CpuInfo(c.id(), c.apicId(), c.node(), c.present(), online, c.hotpluggable()));
            snapshot = null;
        }
    }

    /**
     * Applies what a successful write to {@code memoryN/state} means, as the kernel documents it:
     * online in the zone the type chose (online: the default zone, the first of
     * {@code valid_zones}), or offline. A live kernel's own event for the block
     * ({@link #changed}) has it read again.
     */
    private synchronized void blockWritten(int block, OnlineType type) {
        Integer i = blockAt.get(block);
        if (i == null) {
            return;
        }
        MemoryBlock b = blocks.get(i);
        BlockState state = type == null ? BlockState.OFFLINE : BlockState.ONLINE;
        Zone zone = Zone.UNSPECIFIED;
        if (type != null) {
            List<Zone> valid = b.validZones();
            zone = switch (type) {
                case ONLINE_MOVABLE -> Zone.MOVABLE;
                case ONLINE_KERNEL -> valid.stream().filter(z -> z != Zone.MOVABLE).findFirst().orElse(Zone.NORMAL);
                case ONLINE -> valid.isEmpty() ? Zone.UNSPECIFIED : valid.get(0);
            };
        }
        MemoryBlock now = new MemoryBlock(b.id(), b.start(), b.size(), b.node(), state, zone, b.validZones(), b.removable());
        blocks.set(i, now);
        snapshot = null;
        if (memoryByNode != null && b.node() >= 0) {
            int[] counts = memoryByNode.computeIfAbsent(b.node(), n -> new int[2]);
            int memoryBefore = counts[0];
            int normalBefore = counts[1];
            counts[0] += (now.online() ? 1 : 0) - (b.online() ? 1 : 0);
            counts[1] += (isNormal(now) ? 1 : 0) - (isNormal(b) ? 1 : 0);
            nodeSummariesStale |= (memoryBefore == 0) != (counts[0] == 0) || (normalBefore == 0) != (counts[1] == 0);
        }
    }

    /** Online memory the kernel counts as its node's regular memory (N_NORMAL_MEMORY): not ZONE_MOVABLE. */
    private static boolean isNormal(MemoryBlock b) {
        return b.online() && b.zone() != Zone.MOVABLE;
    }

    /**
     * On a file-backed copy, what a kernel changes beside the attribute written. A CPU's change
     * shows in {@code cpu/online} and {@code cpu/offline} ({@link #showCpus}); a memory block's
     * ({@link #showBlock}) in its {@code online} (1 or 0, as its state), its
     * {@code valid_zones} (the zone it is in while online, the zones it may go to while offline)
     * and in {@code node/has_memory} and {@code node/has_normal_memory}. Files the tree does not
     * have are left absent, as a kernel without them would.
     */
    private void showCpus() throws IOException {
        Set<String> files = summaryFiles();
        if (!files.contains(CPU_ONLINE) && !files.contains(CPU_OFFLINE)) {
            return;
        }
        BitSet online = new BitSet();
        BitSet offline = new BitSet();
        synchronized (this) {
            cpus.forEach(c -> (c.online() ? online : offline).set(c.id()));
        }
        if (files.contains(CPU_ONLINE)) {
            root.replace(CPU_ONLINE, kernelList(online));
        }
        if (files.contains(CPU_OFFLINE)) {
            root.replace(CPU_OFFLINE, kernelList(offline));
        }
    }

    private void showBlock(int id) throws IOException {
        MemoryBlock b;
        synchronized (this) {
            Integer i = blockAt.get(id);
            b = i == null ? null : blocks.get(i);
        }
        if (b != null) {
            try {
                root.replace(MEMORY + "/memory" + id + "/valid_zones", zonesShown(b) + "\n");
            } catch (NoSuchFileException noZones) {
                // a kernel without valid_zones (before 4.x): nothing to show
            }
            try {
                // the device core's online attribute follows the block's state (memory_subsys_online
                // and offline go through device_online/device_offline, which set dev->offline)
                root.replace(MEMORY + "/memory" + id + "/online", b.online() ? "1\n" : "0\n");
            } catch (NoSuchFileException noOnline) {
                // a tree without the file (kernels before 3.12, most dumps): nothing to show
            }
        }
        Set<String> files = summaryFiles();
        if (!files.contains(HAS_MEMORY) && !files.contains(HAS_NORMAL_MEMORY)) {
            return;
        }
        BitSet withMemory = new BitSet();
        BitSet withNormal = new BitSet();
        synchronized (this) {
            if (memoryByNode == null) {
                memoryByNode = new HashMap<>();
                for (MemoryBlock m : blocks) {
                    if (m.node() >= 0) {
                        int[] counts = memoryByNode.computeIfAbsent(m.node(), n -> new int[2]);
                        counts[0] += m.online() ? 1 : 0;
                        counts[1] += isNormal(m) ? 1 : 0;
                    }
                }
            } else if (!nodeSummariesStale) {
                return; // no node gained its first or lost its last online block
            }
            nodeSummariesStale = false;
            memoryByNode.forEach((node, counts) -> {
                if (counts[0] > 0) {
                    withMemory.set(node);
                }
                if (counts[1] > 0) {
                    withNormal.set(node);
                }
            });
        }
        if (files.contains(HAS_MEMORY)) {
            root.replace(HAS_MEMORY, kernelList(withMemory));
        }
        if (files.contains(HAS_NORMAL_MEMORY)) {
            root.replace(HAS_NORMAL_MEMORY, kernelList(withNormal));
        }
    }

    private synchronized Set<String> summaryFiles() {
        if (summaryFiles == null) {
            Set<String> present = new HashSet<>();
            for (String f : List.of(CPU_ONLINE, CPU_OFFLINE, HAS_MEMORY, HAS_NORMAL_MEMORY)) {
                if (root.isFile(f)) {
                    present.add(f);
                }
            }
            summaryFiles = present;
        }
        return summaryFiles;
    }

    /**
     * A set as the kernel prints a cpumask or nodemask list ({@code %*pbl}): every run of two or
     * more as a range ({@code 0-1,4}), then a line end; an empty set is the line end alone.
     * (util-linux prints a run of two as {@code 0,1}; both read back the same.)
     */
    static String kernelList(BitSet set) {
        StringBuilder b = new StringBuilder();
        for (int i = set.nextSetBit(0); i >= 0; ) {
            int end = set.nextClearBit(i) - 1;
            b.append(b.length() == 0 ? "" : ",").append(i);
            if (end > i) {
                b.append('-').append(end);
            }
            i = set.nextSetBit(end + 1);
        }
        return b.append('\n').toString();
    }

    /** An online block shows the zone it is in; an offline one the zones it may go to, the default first. */
    private static String zonesShown(MemoryBlock b) {
        if (b.online() && b.zone() != Zone.UNSPECIFIED) {
            return b.zone().sysfsName();
        }
        return b.validZones().stream().map(Zone::sysfsName).collect(Collectors.joining(" "));
    }

    // --- CPUs ----------------------------------------------------------------------------------

    /** Writes {@code 1} to {@code cpuN/online}. */
    public void cpuOnline(int cpu) throws PortException {
        CpuInfo c = presentCpu(cpu);
        requireHotpluggable(c);
        write(cpuName(cpu), CPU + "/cpu" + cpu + "/online", "1", "1\n", () -> cpuWritten(cpu, true), this::showCpus);
    }

    /** Writes {@code 0} to {@code cpuN/online}, unless it is the last online CPU. */
    public void cpuOffline(int cpu) throws PortException {
        CpuInfo c = presentCpu(cpu);
        requireHotpluggable(c);
        if (c.online() && onlineCpus() <= 1) {
            throw new PortException(Errno.EBUSY, cpuName(cpu), cpuName(cpu)
                    + " is the last online CPU: the kernel keeps it; bring another CPU online first");
        }
        write(cpuName(cpu), CPU + "/cpu" + cpu + "/online", "0", "0\n", () -> cpuWritten(cpu, false), this::showCpus);
    }

    private CpuInfo presentCpu(int cpu) throws PortException {
        Optional<CpuInfo> c;
        try {
            c = cpu(cpu);
            if (c.isEmpty() && readableAgain(cpuName(cpu))) {
                c = cpu(cpu);
            }
        } catch (IOException e) {
            throw new PortException(Errno.EIO, cpuName(cpu), "cannot read " + cpuName(cpu) + " below " + root.root()
                    + ": " + reason(e));
        }
        if (c.isEmpty()) {
            requireKnown(cpuName(cpu));
        }
        if (c.isEmpty() || !c.get().present()) {
            throw new PortException(Errno.ENODEV, cpuName(cpu), cpuName(cpu) + " does not exist below "
                    + root.root() + " (no " + CPU + "/cpu" + cpu + ")");
        }
        return c.get();
    }

    /**
     * Whether a device left out as unknown reads well now (its file was repaired, its rights
     * given, a directory swapped back): it alone is read again, and if it is known now, the whole
     * tree at the next look. So "repair the file and try again" holds without a restart, and a
     * refusal costs one device's read, not the tree's.
     */
    private synchronized boolean readableAgain(String device) throws IOException {
        if (unknown.containsKey(TopologyReader.ALL_MEMORY) && device.startsWith("memory")) {
            Map<String, String> before = Map.copyOf(unknown);
            invalidate();
            current();
            return !before.equals(unknown);
        }
        if (!unknown.containsKey(device) || read == null) {
            return false;
        }
        Topology before = snapshot != null ? snapshot : read;
        int id = Integer.parseInt(device.substring(device.startsWith("cpu") ? 3 : 6));
        boolean known = device.startsWith("cpu") ? reader.readCpu(id, before).isPresent()
                : reader.block(id, read.blockSize(), before).isPresent();
        if (known) {
            invalidate();
        }
        return known;
    }

    /** Refuses a device left out as unknown, with the reason: sysplug never changes what it cannot read. */
    private void requireKnown(String device) throws PortException {
        String why;
        synchronized (this) {
            why = unknown.get(device);
            if (why == null && device.startsWith("memory")) {
                why = unknown.get(TopologyReader.ALL_MEMORY);
            }
        }
        if (why != null) {
            throw new PortException(Errno.EIO, device, device + "'s state is unknown, so sysplug leaves it alone: "
                    + why + "; repair the file (or run with the rights to read it) and try again");
        }
    }

    private static void requireHotpluggable(CpuInfo c) throws PortException {
        if (!c.hotpluggable()) {
            throw new PortException(Errno.EPERM, cpuName(c.id()), cpuName(c.id())
                    + " is not hot-pluggable: it has no online file (the boot CPU on x86)");
        }
    }

    static String cpuName(int cpu) {
        return "cpu" + cpu;
    }

    // --- memory --------------------------------------------------------------------------------

    /** Writes {@code online}, {@code online_kernel} or {@code online_movable} to {@code memoryN/state}. */
    public void blockOnline(int block, OnlineType type) throws PortException {
        MemoryBlock b = existingBlock(block);
        List<Zone> valid = b.validZones();
        if (!valid.isEmpty()) {
            boolean ok = switch (type) {
                case ONLINE -> true;
                case ONLINE_MOVABLE -> valid.contains(Zone.MOVABLE);
                case ONLINE_KERNEL -> valid.stream().anyMatch(z -> z != Zone.MOVABLE);
            };
            if (!ok) {
                throw new PortException(Errno.EINVAL, blockName(block), blockName(block) + " cannot go "
                        + type.sysfsName() + ": its valid_zones are " + zones(valid) + "; choose a zone it lists");
            }
        }
        write(blockName(block), MEMORY + "/memory" + block + "/state", type.sysfsName(), "online\n",
                () -> blockWritten(block, type), () -> showBlock(block));
    }

    /** Writes {@code offline} to {@code memoryN/state}. */
    public void blockOffline(int block) throws PortException {
        existingBlock(block);
        write(blockName(block), MEMORY + "/memory" + block + "/state", "offline", "offline\n",
                () -> blockWritten(block, null), () -> showBlock(block));
    }

    MemoryBlock existingBlock(int block) throws PortException {
        Optional<MemoryBlock> b;
        try {
            b = block(block);
            if (b.isEmpty() && readableAgain(blockName(block))) {
                b = block(block);
            }
        } catch (IOException e) {
            throw new PortException(Errno.EIO, blockName(block), "cannot read " + blockName(block) + " below "
                    + root.root() + ": " + reason(e));
        }
        if (b.isEmpty()) {
            requireKnown(blockName(block));
        }
        return b.orElseThrow(() -> new PortException(Errno.ENODEV,
                blockName(block), blockName(block) + " does not exist below " + root.root()
                        + " (no " + MEMORY + "/memory" + block + ")"));
    }

    static String blockName(int block) {
        return "memory" + block;
    }

    private static String zones(List<Zone> zones) {
        StringBuilder b = new StringBuilder();
        for (Zone z : zones) {
            b.append(b.length() == 0 ? "" : " ").append(z.sysfsName());
        }
        return b.toString();
    }

    /**
     * The kernel's {@code remove_memory} part of an eject. Linux removes the memory of an ejected
     * memory device itself, and sysfs has no file to remove memory with; so this checks what
     * {@code remove_memory} requires (every block of the range offline) and leaves the removal to
     * the eject that follows.
     */
    public void memoryRemovable(long start, long size) throws PortException {
        Topology t = topologyOrFail("memory");
        Map<String, String> left = unknownDevices();
        if (left.containsKey(TopologyReader.ALL_MEMORY)) {
            requireKnown(TopologyReader.ALL_MEMORY);
        }
        for (String device : left.keySet()) {
            // an unknown block may be online: a range that may hold it cannot be said removable
            if (MemoryReader.isIndexed(device, "memory") && device.length() <= 15 && t.blockSize() > 0) {
                // where its phys_index is unknown too, where its id puts it
                long id = Long.parseLong(device.substring(6));
                long from = id <= Long.MAX_VALUE / t.blockSize() - 1 ? id * t.blockSize() : Long.MAX_VALUE - t.blockSize();
                if (from < start + size && from + t.blockSize() > start) {
                    requireKnown(device);
                }
            }
        }
        for (MemoryBlock b : t.blocks(start, size)) {
            MemoryBlock now = existingBlock(b.id());
            if (now.online()) {
                throw new PortException(Errno.EBUSY, blockName(b.id()), blockName(b.id())
                        + " is online: offline it before its memory is removed");
            }
        }
    }

    /** As {@link #memoryRemovable} for a CPU: it must be offline before its processor is ejected. */
    public void cpuRemovable(int cpu) throws PortException {
        CpuInfo c = presentCpu(cpu);
        if (c.online()) {
            throw new PortException(Errno.EBUSY, cpuName(cpu), cpuName(cpu)
                    + " is online: offline it before its processor is ejected");
        }
    }

    /** A node's state; Linux onlines and offlines nodes itself, as memory and CPUs come and go. */
    public boolean nodeOnline(int node) throws PortException {
        return topologyOrFail("node" + node).node(node).orElseThrow(() -> new PortException(Errno.ENODEV,
                "node" + node, "node" + node + " is not a possible node below " + root.root())).online();
    }

    // --- writing -------------------------------------------------------------------------------

    Topology topologyOrFail(String device) throws PortException {
        try {
            return topology();
        } catch (IOException e) {
            throw new PortException(Errno.EIO, device, "cannot read the machine below " + root.root() + ": "
                    + reason(e));
        }
    }

    /**
     * Writes one value of a write-only attribute (an ACPI device's {@code eject}); see
     * {@link #write(String, String, String, String, Runnable)}.
     */
    void write(String device, String file, String value, Runnable onWritten) throws PortException {
        write(device, file, value, null, onWritten, null);
    }

    /** What a kernel changes beside an attribute written, done to a file-backed copy. */
    @FunctionalInterface
    interface Follows {
        void show() throws IOException;
    }

    /**
     * Writes one value; on success applies its effect to the view, on failure maps the kernel's
     * answer to an {@link Errno} and invalidates the cached view. On a live kernel {@code value},
     * the ABI string, is written and the kernel shows what it makes of it. On a file-backed copy
     * the kernel is sysplug: the file is given {@code shown}, what a kernel shows after such a
     * write (null: a write-only attribute, given the value), and the summary files that follow
     * it ({@code cpu/online}, {@code node/has_memory}...) are brought in step, so that the copy
     * reads afterwards as a kernel's sysfs would, to sysplug and to util-linux alike.
     */
    void write(String device, String file, String value, String shown, Runnable onWritten, Follows follows)
            throws PortException {
        try {
            if (shown != null && root.access() == Sysroot.Access.WRITABLE) {
                root.replace(file, shown);
            } else {
                root.write(file, value);
            }
            onWritten.run();
        } catch (Sysroot.ReadOnlyException e) {
            throw new PortException(Errno.EPERM, device, e.getMessage());
        } catch (IOException e) {
            invalidate();
            Errno errno = errno(e);
            throw new PortException(errno, device, "writing '" + value + "' to " + file + " failed: " + reason(e));
        }
        if (follows != null && root.access() == Sysroot.Access.WRITABLE) {
            try {
                follows.show();
            } catch (IOException e) {
                invalidate();
                throw new PortException(Errno.EIO, device, "wrote " + file + " but the tree's summary files could not"
                        + " follow it: " + reason(e));
            }
        }
    }
    /** The kernel's answer in an I/O exception, as strerror words say it. */
    static Errno errno(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENODEV;
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EPERM;
        }
        String r = reason(e).toLowerCase(Locale.ROOT);
        if (r.contains("busy")) {
            return Errno.EBUSY;
        }
        if (r.contains("invalid argument")) {
            return Errno.EINVAL;
        }
        if (r.contains("not permitted") || r.contains("permission denied") || r.contains("read-only")) {
            return Errno.EPERM;
        }
        if (r.contains("no such device") || r.contains("no such file")) {
            return Errno.ENODEV;
        }
        if (r.contains("temporarily unavailable") || r.contains("try again")) {
            return Errno.EAGAIN;
        }
        return Errno.EIO;
    }

    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied"; // Java gives EACCES no words of its own, only the file's name
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        return "LinuxMachine[" + root + "]";
    }
}
