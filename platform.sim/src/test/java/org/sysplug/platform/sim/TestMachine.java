package org.sysplug.platform.sim;

import java.io.StringReader;

import org.sysplug.platform.CpuPort;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.NodePort;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.TopologyListener;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.sim.description.DescriptionException;
import org.sysplug.platform.sim.description.MachineDescription;

/**
 * For the modules' unit tests (platform.sim's test jar): the real simulated machine behind the
 * real port classes, without OSGi. Handlers under test change a machine that follows the
 * kernel's rules, and tests inject faults and hardware events into it.
 *
 * <pre>
 * TestMachine m = TestMachine.boot("default");
 * new CpuOnline(m.cpus(), m.view())...
 * m.fail("cpu.online", "cpu5", "EIO");
 * </pre>
 */
public final class TestMachine {

    /** The machine as the kernel sees it, without the generation counter: equal before and after a rolled-back request. */
    public record State(java.util.List<org.sysplug.platform.NodeInfo> nodes, java.util.List<org.sysplug.platform.CpuInfo> cpus,
            java.util.List<org.sysplug.platform.MemoryBlock> memory) {

        public static State of(Topology t) {
            return new State(t.nodes(), t.cpus(), t.memory());
        }

        public static State of(TestMachine m) {
            return of(m.topology());
        }
    }

    private final SimMachine machine;

    private TestMachine(SimMachine machine) {
        this.machine = machine;
    }

    /** A shipped machine: default, server-4node, scale-1024. */
    public static TestMachine boot(String name) {
        return new TestMachine(Machines.boot(name));
    }

    /** A machine written inline, in the format of machines/default.yaml. */
    public static TestMachine fromYaml(String yaml) {
        try {
            return new TestMachine(SimMachine.boot(MachineDescription.parse("test.yaml", new StringReader(yaml))));
        } catch (DescriptionException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The machine a sysfs tree describes, as {@code sim:load --sysroot} builds it.
     *
     * @throws IllegalArgumentException with the one line {@code sim:load} would print when the simulator cannot take the tree
     */
    public static TestMachine fromTree(java.nio.file.Path tree, Topology machine) {
        try {
            return new TestMachine(TreeMachine.of(tree, machine).boot());
        } catch (DescriptionException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Registers a topology listener, told as the platform's {@code TopologyListener} services are
     * (after each change, with the machine right after it); returns what unregisters it.
     */
    public Runnable listen(TopologyListener listener) {
        SimMachine.Listener forwarder = new SimMachine.Listener() {
            @Override
            public void topologyChanged(Topology topology) {
                listener.topologyChanged(topology);
            }
        };
        machine.addListener(forwarder);
        return () -> machine.removeListener(forwarder);
    }

    public CpuPort cpus() {
        return new SimPortsComponent.Cpus(() -> machine);
    }

    public MemoryPort memory() {
        return new SimPortsComponent.Memory(() -> machine);
    }

    public NodePort nodes() {
        return new SimPortsComponent.Nodes(() -> machine);
    }

    public AcpiPort firmware() {
        return new SimPortsComponent.Firmware(() -> machine);
    }

    /** Who else onlines devices: the simulated kernel's auto_online_blocks. */
    public org.sysplug.platform.OnlineAgents agents() {
        return new SimPortsComponent.Agents(() -> machine);
    }

    /** Sets the simulated kernel's auto_online_blocks, as {@code sim:autoonline} does. */
    public void autoOnlineBlocks(String value) throws PortException {
        machine.setAutoOnlineBlocks(value);
    }

    public MachineView view() {
        return new MachineView() {
            @Override
            public Topology topology() {
                return machine.topology();
            }

            @Override
            public String describe() {
                return "sim: " + machine.name() + " (test)";
            }

            @Override
            public java.util.OptionalLong memoryFree() {
                return java.util.OptionalLong.of(machine.memoryFree());
            }
        };
    }

    public Topology topology() {
        return machine.topology();
    }

    /** Puts a device into its slot, as {@code sim:insert} does. */
    public Notification insert(String path) throws PortException {
        return machine.insert(path);
    }

    /** Pins pages in a block, as {@code sim:pin} does. */
    public void pin(int block) throws PortException {
        machine.pin(block, true);
    }

    /**
     * Makes an operation fail, as {@code sim:fault --errno E OPERATION TARGET} does.
     *
     * @param operation cpu.online, memory.offline, acpi.eject, ...
     * @param target cpuN, memoryN, nodeN, a namespace path, or *
     * @param errno EBUSY, EIO, ...
     * @param times how many times, or -1 for always
     */
    public void fail(String operation, String target, String errno, int times) {
        FaultRule rule = FaultRule.on(MachineOperation.parse(operation), target)
                .failWith(org.sysplug.platform.Errno.valueOf(errno));
        machine.faults().add(times < 0 ? rule : rule.times(times));
    }

    /**
     * Makes an operation wait, as {@code sim:fault --delay MS OPERATION TARGET} does; an interrupt
     * ends the wait with EAGAIN.
     *
     * @param times how many times, or -1 for always
     */
    public void delay(String operation, String target, java.time.Duration delay, int times) {
        FaultRule rule = FaultRule.on(MachineOperation.parse(operation), target).delay(delay);
        machine.faults().add(times < 0 ? rule : rule.times(times));
    }

    /**
     * Makes an operation block until its thread is interrupted (it then fails with EAGAIN) or
     * the faults are cleared (it then goes on), as {@code sim:fault --hang OPERATION TARGET} does.
     *
     * @param times how many times, or -1 for always
     */
    public void hang(String operation, String target, int times) {
        FaultRule rule = FaultRule.on(MachineOperation.parse(operation), target).hang();
        machine.faults().add(times < 0 ? rule : rule.times(times));
    }

    /** How many times the injected faults fired in all (a delay or hang counts when it starts). */
    public int faultsFired() {
        return machine.faults().rules().stream().mapToInt(FaultRule::fired).sum();
    }

    /**
     * What the firmware knows of every device beyond its namespace entry, one line per device in
     * namespace order: {@code \_SB.NOD1 present=true powered=true locked=false}.
     */
    public java.util.List<String> deviceStates() {
        return machine.namespace().stream()
                .map(d -> machine.deviceState(d.path()).map(s -> s.path() + " present=" + s.present() + " powered="
                        + s.powered() + " locked=" + s.locked()).orElse(d.path() + " unknown"))
                .toList();
    }

    /** Removes every injected fault. */
    public void clearFaults() {
        machine.faults().clear();
    }

    /** The firmware calls (_PS3, _LCK, _EJ0, _OST) in order, as text. */
    public java.util.List<String> firmwareCalls() {
        return machine.firmwareCalls().stream().map(Object::toString).toList();
    }

    /** The _OST calls, oldest first. */
    public java.util.List<String> ostLog() {
        return machine.ostLog().stream().map(r -> r.path() + " " + r.event() + " " + r.status()).toList();
    }
}
