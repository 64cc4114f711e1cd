package org.sysplug.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.sim.TestMachine;

/**
 * One case of the matrix: a shipped machine, the changes made to it before (requests run
 * without faults, pinned pages), one request (from the shell, or from the firmware through a
 * notification) and one fault. Everything beyond the drawn values comes from {@code seed}, so
 * the same scenario builds the same machine and the same request every time.
 */
record Scenario(String machine, long seed, int priorRequests, boolean pinBlock, Operation operation,
        boolean fromFirmware, Fault fault) {

    /** A request as it reaches the platform: submitted from the shell, or raised by the firmware. */
    record Trigger(HotplugRequest request, String notifiedPath, Notification notification, String fault) {

        Trigger(HotplugRequest request, String notifiedPath, Notification notification) {
            this(request, notifiedPath, notification, "");
        }

        /** The same request, described with the fault as resolved against it. */
        Trigger describedWith(Fault resolved) {
            return new Trigger(request, notifiedPath, notification, resolved.toString());
        }

        Outcome fire(SimulatedPlatform p) {
            p.forgetLast();
            if (request != null) {
                return p.submit(request);
            }
            p.notifications.notify(notifiedPath, notification);
            return p.last();
        }

        boolean fromFirmware() {
            return request == null;
        }

        /** The kernel devices or namespace path the request concerns, first one first. */
        String firstDevice() {
            return devices().get(0);
        }

        List<String> devices() {
            return request != null ? request.targets().stream().map(t -> t.name()).toList() : List.of(notifiedPath);
        }

        @Override
        public String toString() {
            return (request != null ? "shell: " + request.operation() + " " + request.targetNames()
                    : "firmware: " + notification + " on " + notifiedPath) + (fault.isEmpty() ? "" : ", under " + fault);
        }
    }

    SimulatedPlatform boot() {
        return new SimulatedPlatform(TestMachine.boot(machine));
    }

    /** Makes the prior changes and returns the request of the case, with its random source positioned after them. */
    Trigger prepare(SimulatedPlatform p) {
        Random r = new Random(seed);
        for (int i = 0; i < priorRequests; i++) {
            int pick = r.nextInt(10);
            Operation op = pick < 4 ? Operation.HOT_ADD
                    : pick < 6 ? Operation.ONLINE : pick < 9 ? Operation.OFFLINE : Operation.HOT_REMOVE;
            trigger(p, r, op, r.nextInt(4) != 0).fire(p);
        }
        // something for the request to work on: a device to remove, devices to bring back online
        if (operation == Operation.HOT_REMOVE && r.nextInt(5) != 0) {
            trigger(p, r, Operation.HOT_ADD, true).fire(p);
        }
        List<String> offlined = null;
        if (operation == Operation.ONLINE && r.nextBoolean()) {
            Trigger offline = trigger(p, r, Operation.OFFLINE, false);
            offline.fire(p);
            offlined = offline.devices();
        }
        if (pinBlock) {
            List<MemoryBlock> blocks = p.machine.topology().memory();
            try {
                p.machine.pin(blocks.get(r.nextInt(blocks.size())).id());
            } catch (PortException e) {
                throw new IllegalStateException(e.describe(), e);
            }
        }
        if (offlined != null) {
            return new Trigger(HotplugRequest.of(Operation.ONLINE, offlined.toArray(String[]::new)).origin("shell")
                    .build(), null, null);
        }
        return trigger(p, r, operation, fromFirmware);
    }

    private static Trigger trigger(SimulatedPlatform p, Random r, Operation op, boolean firmware) {
        return switch (op) {
            case ONLINE, OFFLINE -> new Trigger(HotplugRequest.of(op, kernelTargets(p.machine.topology(), r)
                    .toArray(String[]::new)).origin("shell").build(), null, null);
            case HOT_ADD -> hotAdd(p, r, firmware);
            case HOT_REMOVE -> hotRemove(p, r, firmware);
        };
    }

    /** Random CPUs, a run of blocks, nodes, or a mix, as an operator lists them (some may not exist). */
    private static List<String> kernelTargets(Topology t, Random r) {
        List<String> out = new ArrayList<>();
        int kind = r.nextInt(10);
        if (kind < 4 || kind == 9) {
            List<CpuInfo> cpus = t.cpus();
            int n = kind == 9 ? 1 : 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                // now and then one past the last possible CPU: a target that does not exist
                int id = r.nextInt(20) == 0 ? cpus.size() + 1 : cpus.get(r.nextInt(cpus.size())).id();
                add(out, "cpu" + id);
            }
        }
        if ((kind >= 4 && kind < 8) || kind == 9) {
            List<MemoryBlock> blocks = t.memory();
            int from = r.nextInt(blocks.size());
            int n = 1 + r.nextInt(kind == 9 ? 3 : 8);
            for (int i = from; i < Math.min(blocks.size(), from + n); i++) {
                add(out, "memory" + blocks.get(i).id());
            }
        }
        if (kind == 8 || (kind == 9 && r.nextBoolean())) {
            List<NodeInfo> nodes = t.nodes();
            add(out, "node" + nodes.get(r.nextInt(nodes.size())).id());
        }
        return out;
    }

    private static void add(List<String> out, String name) {
        if (!out.contains(name)) {
            out.add(name);
        }
    }

    private static Trigger hotAdd(SimulatedPlatform p, Random r, boolean firmware) {
        List<AcpiDevice> all = p.machine.firmware().namespace();
        List<AcpiDevice> addable = new ArrayList<>();
        for (AcpiDevice d : all) {
            // not the OS's yet, and in its slot or insertable (its parent is present)
            boolean insertable = parent(d.path()).flatMap(pp -> p.machine.firmware().device(pp))
                    .map(AcpiDevice::present).orElse(true);
            if (!p.namespace.hasObject(d.path()) && (d.present() || insertable)) {
                addable.add(d);
            }
        }
        if (addable.isEmpty() || r.nextInt(8) == 0) {
            // anything at all, as an operator may type it: refused unless it can be added
            AcpiDevice d = all.get(r.nextInt(all.size()));
            return new Trigger(HotplugRequest.of(Operation.HOT_ADD, d.path()).origin("shell").build(), null, null);
        }
        AcpiDevice d = addable.get(r.nextInt(addable.size()));
        Notification raised = d.hid().equals("ACPI0004") ? Notification.BUS_CHECK : Notification.DEVICE_CHECK;
        if (!d.present()) {
            try {
                raised = p.machine.insert(d.path());
            } catch (PortException e) {
                throw new IllegalStateException("cannot insert " + d.path() + ": " + e.describe(), e);
            }
        }
        return firmware ? new Trigger(null, d.path(), raised)
                : new Trigger(HotplugRequest.of(Operation.HOT_ADD, d.path()).origin("shell").build(), null, null);
    }

    private static Trigger hotRemove(SimulatedPlatform p, Random r, boolean firmware) {
        List<AcpiDevice> all = p.machine.firmware().namespace();
        List<AcpiDevice> removable = all.stream()
                .filter(d -> d.present() && d.ejectable() && p.namespace.hasObject(d.path())).toList();
        if (removable.isEmpty() || r.nextInt(8) == 0) {
            AcpiDevice d = all.get(r.nextInt(all.size()));
            return new Trigger(HotplugRequest.of(Operation.HOT_REMOVE, d.path()).origin("shell").build(), null, null);
        }
        AcpiDevice d = removable.get(r.nextInt(removable.size()));
        return firmware ? new Trigger(null, d.path(), Notification.EJECT_REQUEST)
                : new Trigger(HotplugRequest.of(Operation.HOT_REMOVE, d.path()).origin("shell").build(), null, null);
    }

    private static boolean isTop(String path) {
        return path.lastIndexOf('.') == "\\_SB".length();
    }

    private static Optional<String> parent(String path) {
        int dot = path.lastIndexOf('.');
        return isTop(path) || dot < 0 ? Optional.empty() : Optional.of(path.substring(0, dot));
    }

    @Override
    public String toString() {
        return "machine " + machine + ", seed " + seed + ", " + priorRequests + " prior request(s)"
                + (pinBlock ? ", a block pinned" : "") + ", " + operation + (fromFirmware ? " from the firmware" : " from the shell")
                + ", fault: " + fault;
    }
}
