package org.sysplug.platform.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.sysplug.framework.Zone;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;

/**
 * The machine behind a sysfs tree: its topology, kept as read and updated device by device after
 * each write, and the writes themselves, each exactly one kernel ABI string to exactly one
 * kernel ABI file ({@code cpuN/online}, {@code memoryN/state}).
 *
 * <p>Reading 8,192 blocks costs tens of thousands of file reads, so the whole tree is read once
 * and then again only when {@link #invalidate()} says it changed behind sysplug's back (the
 * uevent monitor calls it); a write re-reads only the device written, lazily, when the topology
 * is next asked for. A write that the kernel refuses invalidates everything, since a refusal is
 * the sign that the cached view was wrong.
 *
 * <p>Before writing, the machine applies the rules the kernel would apply (a CPU without
 * {@code online} is not hot-pluggable, the last online CPU stays, a zone must be in
 * {@code valid_zones}), so that a file-backed tree behaves like a kernel and a live kernel is
 * never asked something it will refuse.
 */
public final class LinuxMachine {

    static final String CPU = CpuReader.CPU;
    static final String MEMORY = MemoryReader.MEMORY;

    private final Sysroot root;
    private final TopologyReader reader;
    private Topology current;
    private long generation;
    private boolean stale = true;
    private final TreeSet<Integer> dirtyCpus = new TreeSet<>();
    private final TreeSet<Integer> dirtyBlocks = new TreeSet<>();

    public LinuxMachine(Sysroot root) {
        this.root = root;
        this.reader = new TopologyReader(root);
    }

    public Sysroot sysroot() {
        return root;
    }

    /** The machine now: read in full when stale, else the cached view with written devices re-read. */
    public synchronized Topology topology() throws IOException {
        if (stale || current == null) {
            current = reader.read(++generation);
            stale = false;
            dirtyCpus.clear();
            dirtyBlocks.clear();
        } else if (!dirtyCpus.isEmpty() || !dirtyBlocks.isEmpty()) {
            current = refreshed(current);
        }
        return current;
    }

    /** Says the tree changed behind sysplug's back: the next {@link #topology()} reads it all. */
    public synchronized void invalidate() {
        stale = true;
    }

    private Topology refreshed(Topology t) throws IOException {
        List<CpuInfo> cpus = t.cpus();
        if (!dirtyCpus.isEmpty()) {
            cpus = new ArrayList<>(cpus);
            for (int i = 0; i < cpus.size(); i++) {
                if (dirtyCpus.contains(cpus.get(i).id())) {
                    cpus.set(i, reader.cpu(cpus.get(i).id(), t));
                }
            }
        }
        List<MemoryBlock> memory = t.memory();
        if (!dirtyBlocks.isEmpty()) {
            Map<Integer, Integer> at = new HashMap<>();
            for (int i = 0; i < memory.size(); i++) {
                at.put(memory.get(i).id(), i);
            }
            List<MemoryBlock> next = new ArrayList<>(memory);
            List<Integer> gone = new ArrayList<>();
            for (int id : dirtyBlocks) {
                Integer i = at.get(id);
                Optional<MemoryBlock> b = reader.block(id, t.blockSize(), t);
                if (i != null && b.isPresent()) {
                    next.set(i, b.get());
                } else if (i != null) {
                    gone.add(i);
                }
            }
            gone.sort(null);
            for (int k = gone.size() - 1; k >= 0; k--) {
                next.remove((int) gone.get(k));
            }
            memory = next;
        }
        dirtyCpus.clear();
        dirtyBlocks.clear();
        return new Topology(t.nodes(), cpus, t.blockSize(), memory, ++generation);
    }

    // --- CPUs ----------------------------------------------------------------------------------

    /** Writes {@code 1} to {@code cpuN/online}. */
    public void cpuOnline(int cpu) throws PortException {
        CpuInfo c = presentCpu(cpu);
        requireHotpluggable(c);
        write(cpuName(cpu), CPU + "/cpu" + cpu + "/online", "1", () -> dirtyCpus.add(cpu));
    }

    /** Writes {@code 0} to {@code cpuN/online}, unless it is the last online CPU. */
    public void cpuOffline(int cpu) throws PortException {
        CpuInfo c = presentCpu(cpu);
        requireHotpluggable(c);
        long online = topologyOrFail(cpuName(cpu)).cpus().stream().filter(CpuInfo::online).count();
        if (c.online() && online <= 1) {
            throw new PortException(Errno.EBUSY, cpuName(cpu), cpuName(cpu)
                    + " is the last online CPU: the kernel keeps it; bring another CPU online first");
        }
        write(cpuName(cpu), CPU + "/cpu" + cpu + "/online", "0", () -> dirtyCpus.add(cpu));
    }

    private CpuInfo presentCpu(int cpu) throws PortException {
        Optional<CpuInfo> c = topologyOrFail(cpuName(cpu)).cpu(cpu);
        if (c.isEmpty() || !c.get().present()) {
            throw new PortException(Errno.ENODEV, cpuName(cpu), cpuName(cpu) + " does not exist below "
                    + root.root() + " (no " + CPU + "/cpu" + cpu + ")");
        }
        return c.get();
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
        write(blockName(block), MEMORY + "/memory" + block + "/state", type.sysfsName(), () -> dirtyBlocks.add(block));
    }

    /** Writes {@code offline} to {@code memoryN/state}. */
    public void blockOffline(int block) throws PortException {
        existingBlock(block);
        write(blockName(block), MEMORY + "/memory" + block + "/state", "offline", () -> dirtyBlocks.add(block));
    }

    /**
     * One block as it is now, without rebuilding the whole topology: a request onlining 8,192
     * blocks checks each before writing it, and rebuilding per block would cost n².
     */
    synchronized Optional<MemoryBlock> block(int block) throws IOException {
        if (stale || current == null) {
            topology();
        }
        if (dirtyBlocks.contains(block)) {
            return reader.block(block, current.blockSize(), current);
        }
        return current.block(block);
    }

    MemoryBlock existingBlock(int block) throws PortException {
        Optional<MemoryBlock> b;
        try {
            b = block(block);
        } catch (IOException e) {
            throw new PortException(Errno.EIO, blockName(block), "cannot read " + blockName(block) + " below "
                    + root.root() + ": " + reason(e));
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
     * Writes one value; on success marks the device for re-reading, on failure maps the kernel's
     * answer to an {@link Errno} and invalidates the cached view.
     */
    void write(String device, String file, String value, Runnable onWritten) throws PortException {
        try {
            root.write(file, value);
            synchronized (this) {
                onWritten.run();
            }
        } catch (Sysroot.ReadOnlyException e) {
            throw new PortException(Errno.EPERM, device, device + ": " + e.getMessage());
        } catch (IOException e) {
            invalidate();
            Errno errno = errno(e);
            throw new PortException(errno, device, "writing '" + value + "' to " + file + " failed: " + reason(e));
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
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        return "LinuxMachine[" + root + "]";
    }
}
