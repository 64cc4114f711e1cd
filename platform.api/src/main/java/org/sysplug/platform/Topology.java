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
    }

    public Optional<NodeInfo> node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }

    public Optional<CpuInfo> cpu(int id) {
        return cpus.stream().filter(c -> c.id() == id).findFirst();
    }

    public Optional<MemoryBlock> block(int id) {
        return memory.stream().filter(b -> b.id() == id).findFirst();
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
