package org.sysplug.framework.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.IdList;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.shell.JsonDocuments;
import org.sysplug.shell.Table;

/** Renders {@code sysplug:topology}: compact text for people, every device in JSON. */
final class TopologyRender {

    private TopologyRender() {
    }

    static String text(Views.TopologyView view) {
        Topology t = view.topology();
        StringBuilder sb = new StringBuilder();
        sb.append("machine: ").append(view.backend()).append('\n');

        Table nodes = new Table("NODE>", "STATE", "CPUS", "MEMORY>");
        for (NodeInfo n : t.nodes()) {
            long bytes = t.memoryOf(n.id()).stream().mapToLong(MemoryBlock::size).sum();
            nodes.row(n.id(), n.online() ? "online" : "offline",
                    cpuList(t.cpusOf(n.id())), size(bytes));
        }
        nodes.appendTo(sb, "");

        sb.append('\n');
        Table cpus = new Table("CPUS", "NODE>", "APIC", "STATE", "HOTPLUGGABLE");
        for (List<CpuInfo> run : cpuRuns(t.cpus())) {
            CpuInfo first = run.get(0);
            CpuInfo last = run.get(run.size() - 1);
            cpus.row(range(first.id(), last.id()), first.present() ? first.node() : "-",
                    first.present() ? range(first.apicId(), last.apicId()) : "-", cpuState(first),
                    first.hotpluggable() ? "yes" : "no");
        }
        cpus.appendTo(sb, "");

        sb.append('\n').append("memory, block size ").append(size(t.blockSize())).append(":\n");
        if (t.memory().isEmpty()) {
            sb.append("  no memory blocks\n");
        } else {
            Table memory = new Table("RANGE", "SIZE>", "STATE", "ZONE", "NODE>", "BLOCKS");
            for (List<MemoryBlock> run : memoryRuns(t.memory())) {
                MemoryBlock first = run.get(0);
                MemoryBlock last = run.get(run.size() - 1);
                memory.row(String.format("0x%016x-0x%016x", first.start(), last.end() - 1),
                        size(last.end() - first.start()), first.state().sysfsName(),
                        first.online() ? first.zone().sysfsName() : "-", first.node(), range(first.id(), last.id()));
            }
            memory.appendTo(sb, "");
        }

        if (!view.firmware().isEmpty()) {
            sb.append('\n').append("firmware:\n");
            Table fw = new Table("PATH", "HID", "STA", "PXM>", "EJ0", "RESOURCES");
            for (AcpiDevice d : view.firmware()) {
                fw.row(d.path(), d.hid(), String.format("0x%02x", d.sta()),
                        d.pxm().isPresent() ? d.pxm().getAsInt() : "-", d.ejectable() ? "yes" : "no",
                        d.resources().stream().map(TopologyRender::describe).collect(Collectors.joining(" ")));
            }
            fw.appendTo(sb, "");
        }
        return sb.toString();
    }

    static Object json(Views.TopologyView view) {
        return JsonDocuments.topology(view.backend(), view.topology(), view.firmware());
    }

    /** Consecutive CPUs that read the same: same node, state and hot-pluggability, consecutive APIC ids. */
    private static List<List<CpuInfo>> cpuRuns(List<CpuInfo> all) {
        List<List<CpuInfo>> runs = new ArrayList<>();
        for (CpuInfo c : all) {
            List<CpuInfo> run = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            CpuInfo prev = run == null ? null : run.get(run.size() - 1);
            boolean continues = prev != null && c.id() == prev.id() + 1 && c.node() == prev.node()
                    && c.present() == prev.present() && c.online() == prev.online()
                    && c.hotpluggable() == prev.hotpluggable() && (!c.present() || c.apicId() == prev.apicId() + 1);
            if (continues) {
                run.add(c);
            } else {
                runs.add(new ArrayList<>(List.of(c)));
            }
        }
        return runs;
    }

    /** Contiguous blocks that read the same, as lsmem merges them. */
    private static List<List<MemoryBlock>> memoryRuns(List<MemoryBlock> all) {
        List<List<MemoryBlock>> runs = new ArrayList<>();
        for (MemoryBlock b : all) {
            List<MemoryBlock> run = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            MemoryBlock prev = run == null ? null : run.get(run.size() - 1);
            if (prev != null && b.start() == prev.end() && b.node() == prev.node() && b.state() == prev.state()
                    && b.zone() == prev.zone()) {
                run.add(b);
            } else {
                runs.add(new ArrayList<>(List.of(b)));
            }
        }
        return runs;
    }

    private static String cpuList(List<CpuInfo> cpus) {
        return cpus.isEmpty() ? "-" : IdList.format(cpus.stream().map(CpuInfo::id).toList());
    }

    private static String cpuState(CpuInfo c) {
        return !c.present() ? "absent" : c.online() ? "online" : "offline";
    }

    private static String range(long first, long last) {
        return first == last ? Long.toString(first) : first + "-" + last;
    }

    static String describe(AcpiResource r) {
        return JsonDocuments.firmwareResource(r);
    }

    /** Sizes as lsmem prints them: 128M, 8G, 1.5T. */
    static String size(long bytes) {
        return JsonDocuments.size(bytes);
    }
}
