package org.sysplug.platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The machine at one moment: immutable, consistent, sorted by id (nodes and CPUs are put in id
 * order here; memory blocks must come sorted, as a mistake there would hide a duplicate block).
 * Lists given as {@link SortedDevices} are taken as they are, without a copy or a check (they are
 * immutable and sorted by construction): a backend that builds a snapshot per change of a large
 * machine shares all but the changed devices with the snapshot before.
 *
 * @param nodes the possible NUMA nodes
 * @param cpus the possible CPUs
 * @param blockSize {@code block_size_bytes}
 * @param memory the memory blocks that exist (added memory)
 * @param generation increases with every change, so a reader can tell two snapshots apart
 */
public record Topology(List<NodeInfo> nodes, List<CpuInfo> cpus, long blockSize, List<MemoryBlock> memory,
        long generation) {

    public Topology {
        nodes = nodes instanceof SortedDevices<NodeInfo> trusted ? trusted : sorted(nodes, NodeInfo::id);
        cpus = cpus instanceof SortedDevices<CpuInfo> trusted ? trusted : sorted(cpus, CpuInfo::id);
        memory = memory instanceof SortedDevices<MemoryBlock> trusted ? trusted : checked(memory);
    }

    /** An immutable copy of blocks that must come in strictly increasing id order. */
    private static List<MemoryBlock> checked(List<MemoryBlock> blocks) {
        List<MemoryBlock> memory = List.copyOf(blocks);
        for (int i = 1; i < memory.size(); i++) {
            if (memory.get(i - 1).id() >= memory.get(i).id()) {
                throw new IllegalArgumentException("memory blocks must be sorted by id: memory"
                        + memory.get(i - 1).id() + " comes before memory" + memory.get(i).id());
            }
        }
        return memory;
    }

    /** An immutable copy of {@code list} in id order (sorted here if it was not). */
    private static <T> List<T> sorted(List<T> list, ToIntFunction<T> id) {
        List<T> copy = List.copyOf(list);
        for (int i = 1; i < copy.size(); i++) {
            if (id.applyAsInt(copy.get(i - 1)) > id.applyAsInt(copy.get(i))) {
                List<T> order = new ArrayList<>(copy);
                order.sort(Comparator.comparingInt(id));
                return List.copyOf(order);
            }
        }
        return copy;
    }

    /** A node by id (binary search). */
    public Optional<NodeInfo> node(int id) {
        return find(nodes, id, NodeInfo::id);
    }

    /** A CPU by id (binary search: a request may look up a thousand CPUs). */
    public Optional<CpuInfo> cpu(int id) {
        return find(cpus, id, CpuInfo::id);
    }

    private static <T> Optional<T> find(List<T> sorted, int id, ToIntFunction<T> key) {
        int low = 0;
        int high = sorted.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int found = key.applyAsInt(sorted.get(mid));
            if (found < id) {
                low = mid + 1;
            } else if (found > id) {
                high = mid - 1;
            } else {
                return Optional.of(sorted.get(mid));
            }
        }
        return Optional.empty();
    }

    /** A block by id; a binary search, since handlers look up thousands of blocks per request. */
    public Optional<MemoryBlock> block(int id) {
        return find(memory, id, MemoryBlock::id);
    }

    /** The blocks that cover {@code [start, start + size)}. */
    public List<MemoryBlock> blocks(long start, long size) {
        return memory.stream().filter(b -> b.start() < start + size && b.end() > start).toList();
    }

    public List<CpuInfo> cpusOf(int node) {
        return cpus.stream().filter(c -> c.node() == node && c.present()).toList();
    }

    public List<MemoryBlock> memoryOf(int node) {
        return memory.stream().filter(b -> b.node() == node).toList();
    }
}
