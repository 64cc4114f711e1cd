package org.sysplug.platform.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.description.ByteSize;
import org.sysplug.platform.sim.description.DescriptionException;
import org.sysplug.platform.sim.description.MachineDescription;
import org.sysplug.platform.sim.description.MachineDescription.Range;

/**
 * A simulated machine made from the machine a sysfs tree describes ({@code sim:load --sysroot}):
 * the kernel's CPUs, nodes and memory blocks as the tree shows them, and no firmware.
 *
 * <p>What the tree gives and what the simulator makes of it:
 * <ul>
 * <li>CPUs: the possible ones with their ids (not necessarily 0-N), present, online, node. sysfs
 * has no APIC id: a present CPU gets its logical id as APIC id. A present CPU without
 * {@code cpuN/online} (x86's boot CPU) is not hot-pluggable and stays online; a CPU that is not
 * present gets an online file when it is hot-added, as on Linux, so it is hot-pluggable here.</li>
 * <li>Nodes: the possible ones, online or offline. A CPU or block whose node the tree does not
 * show (a tree without {@code node/}) is on node 0, as everything is on a kernel without NUMA; a
 * node that holds CPUs or memory but that the tree does not list is online.</li>
 * <li>Memory: {@code block_size_bytes} and every block with its node, state and zone; a block
 * shows the {@code valid_zones} of the tree until it goes online or offline, then the
 * simulator's zone rules decide. An online block the tree calls not removable holds unmovable
 * pages: offlining it fails with EBUSY, as the kernel predicts. A block caught going offline is
 * loaded online (the kernel keeps it online until offline_pages finishes).</li>
 * <li>Firmware: none. A tree has no ACPI namespace, so there are no hot-plug slots to insert into
 * or eject; the ports (online, offline, add, remove) work as on any simulated machine.</li>
 * </ul>
 * A tree the kernel's rules could not have produced (an offline node with CPUs, a block whose
 * address is not its id times the block size) is refused with a message naming the tree.
 */
final class TreeMachine {

    /** Why a CPU of a tree cannot go offline, for the operator. */
    static final String FIXED_BECAUSE = "it has no online file in the sysfs tree the machine was loaded from "
            + "(on x86 the boot CPU has none)";

    private final MachineDescription description;
    private final Topology state;
    private final List<String> notes;

    private TreeMachine(MachineDescription description, Topology state, List<String> notes) {
        this.description = description;
        this.state = state;
        this.notes = List.copyOf(notes);
    }

    /**
     * The machine of a tree.
     *
     * @param tree the tree's directory, for names and messages
     * @param machine what the tree describes (platform.linux's SysfsTopology reads it)
     * @throws DescriptionException one line naming the tree and what the simulator cannot take
     */
    static TreeMachine of(Path tree, Topology machine) throws DescriptionException {
        String where = "sysfs tree " + tree;
        List<String> notes = new ArrayList<>();
        Map<Integer, Boolean> nodes = new TreeMap<>();
        for (NodeInfo n : machine.nodes()) {
            requireId(where, "node", n.id(), MachineDescription.MAX_NODES);
            nodes.put(n.id(), n.online());
        }
        TreeSet<String> unplaced = new TreeSet<>();

        List<CpuInfo> cpus = new ArrayList<>();
        for (CpuInfo c : machine.cpus()) {
            requireId(where, "cpu", c.id(), MachineDescription.MAX_CPUS);
            if (!c.present()) {
                cpus.add(new CpuInfo(c.id(), -1, -1, false, false, true));
                continue;
            }
            int node = placed(c.node(), Names.cpu(c.id()), unplaced);
            requireOnlineNode(where, nodes, node, Names.cpu(c.id()));
            cpus.add(new CpuInfo(c.id(), c.id(), node, true, c.online(), c.hotpluggable()));
        }

        long blockSize = machine.blockSize();
        if (blockSize > 0 && Long.bitCount(blockSize) != 1) {
            throw new DescriptionException(where + ": block_size_bytes " + ByteSize.format(blockSize)
                    + " is not a power of two, as the kernel's always is; check the tree's memory/block_size_bytes");
        }
        List<MemoryBlock> memory = new ArrayList<>();
        List<Range> unmovable = new ArrayList<>();
        int goingOffline = 0;
        for (MemoryBlock b : machine.memory()) {
            if (b.start() != (long) b.id() * blockSize || b.size() != blockSize) {
                throw new DescriptionException(where + ": " + Names.memory(b.id()) + " covers ["
                        + ByteSize.hex(b.start()) + ", " + ByteSize.hex(b.end()) + "), not block " + b.id() + " of "
                        + ByteSize.format(blockSize) + " (block_size_bytes): the simulator numbers blocks by address; "
                        + "check phys_index and block_size_bytes in the tree");
            }
            int node = placed(b.node(), Names.memory(b.id()), unplaced);
            requireOnlineNode(where, nodes, node, Names.memory(b.id()));
            BlockState state = b.state();
            if (state == BlockState.GOING_OFFLINE) {
                state = BlockState.ONLINE;
                goingOffline++;
            }
            memory.add(new MemoryBlock(b.id(), b.start(), b.size(), node, state, b.zone(), b.validZones(), b.removable()));
            if (state == BlockState.ONLINE && !b.removable()) {
                unmovable.add(new Range(b.start(), b.size()));
            }
        }
        if (!unplaced.isEmpty()) {
            notes.add(String.join(" and ", unplaced) + " have no node in the tree: they are on node0, "
                    + "as on a kernel without NUMA");
        }
        if (goingOffline > 0) {
            notes.add(goingOffline + " block(s) caught going offline are loaded online");
        }

        List<NodeInfo> nodeList = new ArrayList<>();
        nodes.forEach((id, online) -> nodeList.add(new NodeInfo(id, online)));
        Topology state = new Topology(nodeList, cpus, blockSize, memory, 1);
        CpuInfo cpu0 = state.cpu(0).orElse(null);
        int possibleCpus = cpus.isEmpty() ? 0 : cpus.get(cpus.size() - 1).id() + 1;
        int possibleNodes = nodeList.isEmpty() ? 0 : nodeList.get(nodeList.size() - 1).id() + 1;
        Map<String, Boolean> profiles = Map.of("processor", true, "memory", true, "container", true);
        String name = tree.getFileName() == null ? tree.toString() : tree.getFileName().toString();
        MachineDescription description = new MachineDescription(tree.toString(), name, "the machine " + where
                + " describes", blockSize, possibleCpus, possibleNodes, cpu0 != null && cpu0.hotpluggable(), false,
                profiles, List.of(), unmovable);
        return new TreeMachine(description, state, notes);
    }

    /** A node the tree shows, or node 0 (recorded in {@code unplaced}) when it shows none. */
    private static int placed(int node, String device, TreeSet<String> unplaced) {
        if (node >= 0) {
            return node;
        }
        unplaced.add(device.startsWith("cpu") ? "CPUs" : "memory blocks");
        return 0;
    }

    /** The node must be online; a node the tree does not list comes online with what it holds. */
    private static void requireOnlineNode(String where, Map<Integer, Boolean> nodes, int node, String device)
            throws DescriptionException {
        requireId(where, "node", node, MachineDescription.MAX_NODES);
        Boolean online = nodes.putIfAbsent(node, true);
        if (online != null && !online) {
            throw new DescriptionException(where + ": " + Names.node(node) + " is offline but holds " + device
                    + ": the kernel keeps a node with CPUs or memory online; check node/online in the tree");
        }
    }

    private static void requireId(String where, String kind, int id, int max) throws DescriptionException {
        if (id >= max) {
            throw new DescriptionException(where + ": " + kind + id + " is beyond the simulator's " + max + " "
                    + kind + "s (x86-64's limit)");
        }
    }

    /** Boots it: a fresh machine in the tree's state. */
    SimMachine boot() throws DescriptionException {
        try {
            return SimMachine.restore(description, state, FIXED_BECAUSE);
        } catch (IllegalArgumentException e) {
            throw new DescriptionException(e.getMessage(), e);
        }
    }

    String name() {
        return description.name();
    }

    /** The machine in one line: its CPUs, blocks and nodes, what it lacks and what the simulator assumed. */
    String summary() {
        long present = state.cpus().stream().filter(CpuInfo::present).count();
        long online = state.cpus().stream().filter(CpuInfo::online).count();
        long blocksOnline = state.memory().stream().filter(MemoryBlock::online).count();
        long nodesOnline = state.nodes().stream().filter(NodeInfo::online).count();
        StringBuilder s = new StringBuilder();
        s.append(count(present, "CPU")).append(" (").append(online).append(" online, ")
                .append(state.cpus().size()).append(" possible), ");
        if (state.memory().isEmpty()) {
            s.append("no memory blocks, ");
        } else {
            s.append(count(state.memory().size(), "memory block")).append(" of ").append(ByteSize.format(state.blockSize()))
                    .append(" (").append(blocksOnline).append(" online), ");
        }
        s.append(count(nodesOnline, "node")).append(" online; ")
                .append("no firmware hot-plug slots (a tree has no ACPI namespace)");
        notes.forEach(n -> s.append("; ").append(n));
        return s.toString();
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
