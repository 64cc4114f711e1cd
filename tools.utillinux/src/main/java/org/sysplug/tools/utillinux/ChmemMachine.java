package org.sysplug.tools.utillinux;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;
import org.sysplug.shell.RequestWaiter;
import org.sysplug.tools.utillinux.lib.ToolExit;
import org.sysplug.tools.utillinux.lib.ToolOutput;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * {@code chmem} on the running machine: chmem's options, rules and messages applied to the
 * machine's memory blocks (the topology always knows their zones), and the blocks left to change
 * brought online or offline by ONE request (origin {@code chmem}) through the request queue.
 *
 * <p>The request's {@code zone}: with {@code --zone Movable}, movable; with any other zone, kernel
 * (chmem writes {@code online_kernel}); without a zone, movable when every block of the request
 * lists Movable (chmem writes {@code online_movable} to each), otherwise none, so that the memory
 * module's online policy decides per block (by default the same rule: Movable where valid). SIZE
 * takes the first blocks that qualify (the last ones to disable); when the request fails none of
 * them is done. Exit status by chmem's rule, every block of a failed request counting as not done.
 */
public final class ChmemMachine {

    private ChmemMachine() {
    }

    public static ToolResult run(MachineView view, RequestQueue queue, List<String> args) {
        return run(view, RequestWaiter.of(null, queue), args);
    }

    /** The tool on the running machine, submitting and waiting through {@code queue} (a terminal's progress line, Ctrl-C). */
    public static ToolResult run(MachineView view, RequestWaiter queue, List<String> args) {
        ToolOutput out = new ToolOutput(Chmem.PROG);
        try {
            Chmem.Options o = Chmem.parse(args);
            Topology t = view.topology();
            if (t.memory().isEmpty() || t.blockSize() <= 0) {
                throw ToolExit.errx(Chmem.PROG, "Failed to read /" + Chmem.MEMORY + ": no memory blocks");
            }
            Chmem.Selection sel = Chmem.selection(o.parameter(), o.useBlocks(), t.blockSize());
            int zone = Chmem.zone(o.zone(), true, out);
            int rc = new Plan(t, o, zone, out).run(queue, sel);
            return out.finish(rc);
        } catch (ToolExit e) {
            return out.ended(e);
        }
    }

    /** The blocks of one run, and what chmem would write to each. */
    private static final class Plan {
        final Topology t;
        final Chmem.Options o;
        final int zone;
        final ToolOutput out;
        final MachineRequest request;
        final String verb;
        final List<MemoryBlock> chosen = new ArrayList<>();
        final List<String> states = new ArrayList<>();

        Plan(Topology t, Chmem.Options o, int zone, ToolOutput out) {
            this.t = t;
            this.o = o;
            this.zone = zone;
            this.out = out;
            this.request = new MachineRequest(out);
            this.verb = o.enable() ? "enable" : "disable";
        }

        int run(RequestWaiter queue, Chmem.Selection sel) {
            return sel.isSize() ? bySize(queue, sel.size()) : byRange(queue, sel);
        }

        /** Whether the block is already in the asked state (chmem compares six characters). */
        boolean already(MemoryBlock b) {
            return Chmem.alreadyIn(Chmem.initialState(o.enable(), zone), Optional.of(b.state().sysfsName()));
        }

        /** What chmem writes to this block's state, or empty on a zone mismatch (said for ranges). */
        Optional<String> state(MemoryBlock b, boolean ranged) {
            String validZones = b.validZones().stream().map(z -> z.sysfsName()).collect(Collectors.joining(" "));
            if (zone >= 0 && !Chmem.zoneAllows(validZones, zone, o.enable())) {
                if (ranged) {
                    request.warnx(Chmem.label(b.id(), t.blockSize()) + " " + verb + " failed: Zone mismatch");
                }
                return Optional.empty();
            }
            return Optional.of(zone < 0 && o.enable() ? Chmem.defaultOnline(validZones)
                    : Chmem.initialState(o.enable(), zone));
        }

        void choose(MemoryBlock b, String state) {
            chosen.add(b);
            states.add(state);
            request.target("memory" + b.id());
        }

        int byRange(RequestWaiter queue, Chmem.Selection sel) {
            long total = sel.end() - sel.start() + 1;
            long todo = total;
            for (MemoryBlock b : t.memory()) {
                if (Long.compareUnsigned(b.id(), sel.start()) < 0) {
                    continue;
                }
                if (Long.compareUnsigned(b.id(), sel.end()) > 0) {
                    break;
                }
                if (already(b)) {
                    if (o.verbose()) {
                        request.println(Chmem.label(b.id(), t.blockSize()) + " already " + verb + "d");
                    }
                    todo--;
                    continue;
                }
                state(b, true).ifPresent(state -> choose(b, state));
            }
            todo -= chosen.size() - submit(queue);
            return todo == 0 ? 0 : todo == total ? -1 : 1;
        }

        int bySize(RequestWaiter queue, long size) {
            List<MemoryBlock> order = new ArrayList<>(t.memory());
            if (!o.enable()) {
                Collections.reverse(order); // chmem disables from the top
            }
            for (MemoryBlock b : order) {
                if (chosen.size() == size) {
                    break;
                }
                if (!already(b)) {
                    state(b, false).ifPresent(state -> choose(b, state));
                }
            }
            long left = size - (chosen.size() - submit(queue));
            if (left != 0) {
                long bytes = (size - left) * t.blockSize();
                out.warnx("Could only " + verb + " " + Lsmem.humanSize(bytes) + " of memory");
            }
            return left == 0 ? 0 : left == size ? -1 : 1;
        }

        /** Submits the request; returns how many of its blocks failed. */
        int submit(RequestWaiter queue) {
            HotplugRequest.Builder builder = HotplugRequest.of(o.enable() ? Operation.ONLINE : Operation.OFFLINE)
                    .origin("chmem");
            if (o.enable()) {
                if (zone >= 0) {
                    builder.parameter("zone", zone == Chmem.ZONE_MOVABLE ? "movable" : "kernel");
                } else if (!states.isEmpty() && states.stream().allMatch("online_movable"::equals)) {
                    builder.parameter("zone", "movable");
                }
            }
            return request.run(queue, builder,
                    i -> o.verbose() ? Chmem.label(chosen.get(i).id(), t.blockSize()) + " " + verb + "d" : null,
                    i -> Chmem.label(chosen.get(i).id(), t.blockSize()) + " " + verb + " failed");
        }
    }
}
