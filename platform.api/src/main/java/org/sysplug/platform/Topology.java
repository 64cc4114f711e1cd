package org.sysplug.platform;

import java.util.List;
import java.util.Optional;

/**
 * The machine at one moment: immutable, consistent, sorted by id.
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
        nodes = List.copyOf(nodes);
        cpus = List.copyOf(cpus);
        memory = List.copyOf(memory);
        for (int i = 1; i < memory.size(); i++) {
            if (memory.get(i - 1).id() >= memory.get(i).id()) {
                throw new IllegalArgumentException("memory blocks must be sorted by id: memory"
                        + memory.get(i - 1).id() + " comes before memory" + memory.get(i).id());
            }
        }
    }

    public Optional<NodeInfo> node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }

    public Optional<CpuInfo> cpu(int id) {
        return cpus.stream().filter(c -> c.id() == id).findFirst();
    }

    /** A block by id; a binary search, since handlers look up thousands of blocks per request. */
    public Optional<MemoryBlock> block(int id) {
        int low = 0;
        int high = memory.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int found = memory.get(mid).id();
            if (found < id) {
                low = mid + 1;
            } else if (found > id) {
                high = mid - 1;
            } else {
                return Optional.of(memory.get(mid));
            }
        }
        return Optional.empty();
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
