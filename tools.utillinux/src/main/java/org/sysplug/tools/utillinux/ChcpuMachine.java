package org.sysplug.tools.utillinux;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.shell.RequestWaiter;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolOutput;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * {@code chcpu} on the running machine: chcpu's options, rules and messages applied to the
 * machine's topology, and the CPUs left to change brought online or offline by ONE request
 * (origin {@code chcpu}) through the request queue, like every sysplug operation.
 *
 * <p>Per CPU, in ascending order, as chcpu: not present ({@code does not exist}), not
 * hot-pluggable, already in the asked state, the last online CPU (never offlined). The machines
 * sysplug runs have no {@code configure}, {@code dispatching} or {@code rescan}: {@code -c} and
 * {@code -g} say per CPU that it is not configurable, {@code -p} and {@code -r} that the system
 * does not support them, as chcpu says on x86. Exit status by chcpu's rule, every CPU of a
 * failed request counting as failed: 0, 1 when as many CPUs failed as there are possible ids, 64
 * otherwise.
 */
public final class ChcpuMachine {

    private ChcpuMachine() {
    }

    public static ToolResult run(MachineView view, RequestQueue queue, List<String> args) {
        return run(view, RequestWaiter.of(null, queue), args);
    }

    /** The tool on the running machine, submitting and waiting through {@code queue} (a terminal's progress line, Ctrl-C). */
    public static ToolResult run(MachineView view, RequestWaiter queue, List<String> args) {
        ToolOutput out = new ToolOutput(Chcpu.PROG);
        try {
            Chcpu.Options o = Chcpu.parse(args);
            Topology t = view.topology();
            int maxCpus = maxCpus(t);
            BitSet cpus = o.cpuList() == null ? null : Chcpu.parseList(o.cpuList(), maxCpus);
            if (o.command().isEmpty()) {
                return new ToolResult("", "", 1); // as chcpu without a command
            }
            int rc = switch (o.command().get()) {
                case ENABLE -> online(t, queue, cpus, maxCpus, true, out);
                case DISABLE -> online(t, queue, cpus, maxCpus, false, out);
                case CONFIGURE, DECONFIGURE -> notConfigurable(t, cpus, maxCpus, out);
                case RESCAN -> {
                    out.warnx("This system does not support rescanning of CPUs");
                    yield -1;
                }
                case DISPATCH_HORIZONTAL, DISPATCH_VERTICAL -> {
                    out.warnx("This system does not support setting the dispatching mode of CPUs");
                    yield -1;
                }
            };
            return out.finish(rc);
        } catch (ToolExit e) {
            return out.ended(e);
        }
    }

    /** The possible CPU ids chcpu assumes: at least its 2048, more if the machine has higher ids. */
    static int maxCpus(Topology t) {
        int highest = t.cpus().stream().mapToInt(CpuInfo::id).max().orElse(-1);
        return Math.max(CpuReader.DEFAULT_MAXCPUS, highest + 1);
    }

    private static Optional<CpuInfo> present(Topology t, int cpu) {
        return t.cpu(cpu).filter(CpuInfo::present);
    }

    private static int online(Topology t, RequestWaiter queue, BitSet cpus, int maxCpus, boolean enable,
            ToolOutput out) {
        MachineRequest request = new MachineRequest(out);
        BitSet online = new BitSet();
        t.cpus().stream().filter(c -> c.present() && c.online()).forEach(c -> online.set(c.id()));
        int fails = 0;
        for (int cpu = cpus.nextSetBit(0); cpu >= 0 && cpu < maxCpus; cpu = cpus.nextSetBit(cpu + 1)) {
            Optional<CpuInfo> c = present(t, cpu);
            if (c.isEmpty()) {
                request.warnx("CPU " + cpu + " does not exist");
                fails++;
            } else if (!c.get().hotpluggable()) {
                request.warnx("CPU " + cpu + " is not hot pluggable");
                fails++;
            } else if (c.get().online() && enable) {
                request.println("CPU " + cpu + " is already enabled");
            } else if (!c.get().online() && !enable) {
                request.println("CPU " + cpu + " is already disabled");
            } else if (!enable && online.cardinality() == 1) {
                request.warnx("CPU " + cpu + " disable failed (last enabled CPU)");
                fails++;
            } else {
                online.clear(cpu);
                request.target("cpu" + cpu);
            }
        }
        List<String> targets = request.targets();
        String verb = enable ? "enable" : "disable";
        HotplugRequest.Builder builder = HotplugRequest.of(enable ? Operation.ONLINE : Operation.OFFLINE).origin("chcpu");
        fails += request.run(queue, builder, i -> "CPU " + targets.get(i).substring(3) + " " + verb + "d",
                i -> "CPU " + targets.get(i).substring(3) + " " + verb + " failed");
        return Chcpu.rc(fails, maxCpus);
    }

    private static int notConfigurable(Topology t, BitSet cpus, int maxCpus, ToolOutput out) {
        int fails = 0;
        for (int cpu = cpus.nextSetBit(0); cpu >= 0 && cpu < maxCpus; cpu = cpus.nextSetBit(cpu + 1)) {
            out.warnx("CPU " + cpu + (present(t, cpu).isEmpty() ? " does not exist" : " is not configurable"));
            fails++;
        }
        return Chcpu.rc(fails, maxCpus);
    }
}
