package org.sysplug.platform.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;

/**
 * The kernel side of the machine: CPU, memory and node tables and the rules that tie them
 * together — a node comes online when it gains CPUs or memory ({@code try_online_node}) and
 * goes offline when it has neither ({@code try_offline_node}). Not thread-safe: the machine
 * calls it under its lock. Every operation checks before it changes anything.
 */
final class Kernel {

    /** What the OS lost when hardware vanished under it. */
    record Loss(List<Integer> onlineCpus, List<Integer> offlineCpus, List<Integer> onlineBlocks,
            List<Integer> offlineBlocks, List<Integer> nodesOffline) {

        boolean osHadSomething() {
            return !onlineCpus.isEmpty() || !offlineCpus.isEmpty() || !onlineBlocks.isEmpty() || !offlineBlocks.isEmpty();
        }

        boolean osLostOnlineResources() {
            return !onlineCpus.isEmpty() || !onlineBlocks.isEmpty();
        }
    }

    private final NodeSet nodes;
    private final CpuTable cpus;
    private final MemoryMap memory;

    Kernel(int possibleCpus, int possibleNodes, long blockSize, boolean bootCpuHotpluggable, boolean movableNode,
            Revision revision) {
        this.nodes = new NodeSet(possibleNodes, revision);
        this.cpus = new CpuTable(possibleCpus, possibleNodes, bootCpuHotpluggable, revision);
        this.memory = new MemoryMap(blockSize, possibleNodes, movableNode, revision);
    }

    /**
     * A kernel with the possible masks a sysfs tree showed (ids need not start at 0 or be
     * contiguous).
     *
     * @param fixedCpus the CPUs that are not hot-pluggable, and why, for the operator
     */
    Kernel(BitSet possibleCpus, BitSet fixedCpus, String fixedBecause, BitSet possibleNodes, long blockSize,
            Revision revision) {
        this.nodes = new NodeSet(possibleNodes, revision);
        this.cpus = new CpuTable(possibleCpus, possibleNodes.length(), fixedCpus, fixedBecause, revision);
        this.memory = new MemoryMap(blockSize, possibleNodes.length(), false, revision);
    }

    NodeSet nodes() {
        return nodes;
    }

    CpuTable cpus() {
        return cpus;
    }

    MemoryMap memory() {
        return memory;
    }

    void cpuOnline(int cpu) throws PortException {
        cpus.online(cpu);
    }

    void cpuOffline(int cpu) throws PortException {
        cpus.offline(cpu);
    }

    /** Maps a hot-added CPU and brings its node online, as {@code try_online_node} does when it comes up. */
    int cpuRegister(long apicId, int node) throws PortException {
        nodes.requirePossible(node);
        int cpu = cpus.register(apicId, node);
        nodes.set(node, true);
        return cpu;
    }

    /** Unmaps an offline CPU; its node goes offline if it is now empty ({@code acpi_processor_post_eject} → {@code try_offline_node}). */
    void cpuUnregister(int cpu) throws PortException {
        int node = cpus.unregister(cpu);
        tryOfflineNode(node);
    }

    /** {@code add_memory}: onlines the node first if it was offline ({@code __try_online_node}), then adds offline blocks. */
    List<Integer> memoryAdd(long start, long size, int node) throws PortException {
        nodes.requirePossible(node);
        List<Integer> added = memory.add(start, size, node);
        nodes.set(node, true);
        return added;
    }

    void memoryOnline(int block, OnlineType type) throws PortException {
        memory.online(block, type);
    }

    void memoryOffline(int block) throws PortException {
        memory.offline(block);
    }

    /** {@code remove_memory}; nodes left without memory and CPUs go offline ({@code try_offline_node}). */
    void memoryRemove(long start, long size) throws PortException {
        for (int node : memory.remove(start, size)) {
            tryOfflineNode(node);
        }
    }

    /** Brings a possible node online, empty if need be: the node handler runs before memory and CPUs arrive. */
    void nodeOnline(int node) throws PortException {
        nodes.requirePossible(node);
        nodes.set(node, true);
    }

    /** Takes a node offline; EBUSY while it has present CPUs or memory ({@code try_offline_node} would keep it). */
    void nodeOffline(int node) throws PortException {
        nodes.requirePossible(node);
        if (hasResources(node)) {
            List<String> what = new ArrayList<>();
            List<Integer> present = IntStream.range(0, cpus.possible()).filter(c -> cpus.isPresent(c) && cpus.nodeOf(c) == node)
                    .boxed().toList();
            if (!present.isEmpty()) {
                what.add("present " + Names.list("cpu", present));
            }
            if (memory.blocksOn(node) > 0) {
                what.add("memory " + Names.list("memory", memory.blockIdsOn(node)));
            }
            throw new PortException(Errno.EBUSY, Names.node(node), Names.node(node) + " still has " + String.join(" and ", what)
                    + ": unregister its CPUs and remove its memory first");
        }
        nodes.set(node, false);
    }

    boolean hasResources(int node) {
        return cpus.presentOn(node) > 0 || memory.blocksOn(node) > 0;
    }

    /**
     * Hardware vanished: the CPUs with these APIC ids and the blocks in these ranges leave the
     * kernel whatever their state, and nodes left empty go offline.
     */
    Loss vanish(Collection<Long> apicIds, Collection<long[]> ranges) {
        List<Integer> onlineCpus = new ArrayList<>();
        List<Integer> offlineCpus = new ArrayList<>();
        Set<Integer> touched = new TreeSet<>();
        for (long apic : apicIds) {
            cpus.byApicId(apic).ifPresent(cpu -> {
                (cpus.isOnline(cpu) ? onlineCpus : offlineCpus).add(cpu);
                touched.add(cpus.forget(cpu));
            });
        }
        List<Integer> onlineBlocks = new ArrayList<>();
        List<Integer> offlineBlocks = new ArrayList<>();
        for (long[] range : ranges) {
            for (MemoryBlock b : memory.vanish(range[0], range[1])) {
                (b.online() ? onlineBlocks : offlineBlocks).add(b.id());
                touched.add(b.node());
            }
        }
        List<Integer> nodesOffline = new ArrayList<>();
        for (int node : touched) {
            if (tryOfflineNode(node)) {
                nodesOffline.add(node);
            }
        }
        return new Loss(onlineCpus, offlineCpus, onlineBlocks, offlineBlocks, nodesOffline);
    }

    /** {@code try_offline_node}: offline a node that has no present CPU and no memory. True if it went offline. */
    private boolean tryOfflineNode(int node) {
        if (node < 0 || hasResources(node) || !nodes.isOnline(node)) {
            return false;
        }
        nodes.set(node, false);
        return true;
    }
}
