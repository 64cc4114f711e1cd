package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.sysplug.framework.Zone;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;
import org.sysplug.platform.acpi.Sta;
import org.sysplug.platform.sim.description.AcpiPaths;
import org.sysplug.platform.sim.description.MachineDescription;
import org.sysplug.platform.sim.description.MachineDescription.Kind;
import org.sysplug.platform.sim.description.MachineDescription.Range;

/**
 * Random sequences of every kernel operation, hardware event and injected failure never break
 * the machine's invariants, and a refused operation leaves the machine exactly as it was.
 */
class MachineInvariantsProperties {

    /** One step of a sequence: an operation, a hardware event or a change of the faults. */
    interface Action {
        void apply(SimMachine m) throws PortException;
    }

    record CpuOnline(int cpu) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.cpuOnline(cpu);
        }
    }

    record CpuOffline(int cpu) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.cpuOffline(cpu);
        }
    }

    record CpuRegister(long apicId, int node) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.cpuRegister(apicId, node);
        }
    }

    record CpuUnregister(int cpu) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.cpuUnregister(cpu);
        }
    }

    record MemoryAdd(long start, long size, int node) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.memoryAdd(start, size, node);
        }
    }

    record MemoryOnline(int block, OnlineType type) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.memoryOnline(block, type);
        }
    }

    record MemoryOffline(int block) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.memoryOffline(block);
        }
    }

    record MemoryRemove(long start, long size) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.memoryRemove(start, size);
        }
    }

    record NodeOnline(int node) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.nodeOnline(node);
        }
    }

    record NodeOffline(int node) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.nodeOffline(node);
        }
    }

    record Insert(String path) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.insert(path);
        }
    }

    record EjectRequest(String path) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.ejectRequest(path);
        }
    }

    record Eject(String path) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.eject(path);
        }
    }

    record SurpriseRemove(String path) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.surpriseRemove(path);
        }
    }

    record PowerOff(String path) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.powerOff(path);
        }
    }

    record Lock(String path, boolean locked) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.lock(path, locked);
        }
    }

    record Ost(String path) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.ost(path, OstEvent.EJECT, OstStatus.SUCCESS);
        }
    }

    record Pin(int block, boolean pinned) implements Action {
        public void apply(SimMachine m) throws PortException {
            m.pin(block, pinned);
        }
    }

    record AddFault(MachineOperation operation, String target, Errno errno, int times) implements Action {
        public void apply(SimMachine m) {
            m.faults().add(FaultRule.on(operation, target).failWith(errno).times(times));
        }
    }

    record ClearFaults() implements Action {
        public void apply(SimMachine m) {
            m.faults().clear();
        }
    }

    /**
     * What the OS does on a hot-add of a device, step by step, going on past refusals: register
     * and online its processors, add and online its memory. Several operations, so it is checked
     * for the invariants only; it makes ejects of devices in use common.
     */
    record OsHotAdd(String path, OnlineType type) implements Action {
        public void apply(SimMachine m) {
            for (AcpiDevice d : subtree(m, path)) {
                for (AcpiResource r : d.resources()) {
                    try {
                        if (r instanceof AcpiResource.Processor p) {
                            m.cpuOnline(m.cpuRegister(p.apicId(), d.pxm().orElse(0)));
                        } else if (r instanceof AcpiResource.MemoryRange mr) {
                            for (int block : m.memoryAdd(mr.start(), mr.length(), d.pxm().orElse(0))) {
                                m.memoryOnline(block, type);
                            }
                        }
                    } catch (PortException refused) {
                        // a fault or a rule: go on with the next resource, as a best-effort OS would
                    }
                }
            }
        }
    }

    /** What the OS does before an eject, going on past refusals: offline and unregister CPUs, offline and remove memory. */
    record OsHotRemove(String path) implements Action {
        public void apply(SimMachine m) {
            for (AcpiDevice d : subtree(m, path)) {
                for (AcpiResource r : d.resources()) {
                    try {
                        if (r instanceof AcpiResource.Processor p) {
                            for (CpuInfo cpu : m.topology().cpus()) {
                                if (cpu.present() && cpu.apicId() == p.apicId()) {
                                    m.cpuOffline(cpu.id());
                                    m.cpuUnregister(cpu.id());
                                }
                            }
                        } else if (r instanceof AcpiResource.MemoryRange mr) {
                            for (MemoryBlock b : m.topology().blocks(mr.start(), mr.length())) {
                                if (b.online()) {
                                    m.memoryOffline(b.id());
                                }
                            }
                            m.memoryRemove(mr.start(), mr.length());
                        }
                    } catch (PortException refused) {
                        // go on
                    }
                }
            }
        }
    }

    private static List<AcpiDevice> subtree(SimMachine m, String path) {
        List<AcpiDevice> out = new ArrayList<>();
        m.device(path).ifPresent(d -> {
            out.add(d);
            for (String child : d.children()) {
                out.addAll(subtree(m, child));
            }
        });
        return out;
    }

    /** Parsed once: a description is immutable, each try boots its own machine from it. */
    private final MachineDescription defaultMachine = Machines.shipped("default");
    private final MachineDescription server = Machines.shipped("server-4node");

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void theDefaultMachineKeepsItsInvariants(@ForAll("defaultMachine") List<Action> actions) {
        run(defaultMachine, actions);
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void theFourNodeServerKeepsItsInvariants(@ForAll("server") List<Action> actions) {
        run(server, actions);
    }

    @Provide
    Arbitrary<List<Action>> defaultMachine() {
        return actions(defaultMachine);
    }

    @Provide
    Arbitrary<List<Action>> server() {
        return actions(server);
    }

    private static void run(MachineDescription description, List<Action> actions) {
        SimMachine machine = SimMachine.boot(description);
        check(machine, description);
        long generation = machine.generation();
        for (Action action : actions) {
            Topology before = machine.topology();
            List<AcpiDevice> namespace = machine.namespace();
            try {
                action.apply(machine);
            } catch (PortException refused) {
                assertThat(action).isNotInstanceOfAny(OsHotAdd.class, OsHotRemove.class);
                Topology after = machine.topology();
                assertThat(after.nodes()).as("%s refused (%s) changed nothing", action, refused.describe())
                        .isEqualTo(before.nodes());
                assertThat(after.cpus()).as("%s refused", action).isEqualTo(before.cpus());
                assertThat(after.memory()).as("%s refused", action).isEqualTo(before.memory());
                assertThat(after.generation()).as("%s refused", action).isEqualTo(before.generation());
                assertThat(machine.namespace()).as("%s refused", action).isEqualTo(namespace);
            }
            assertThat(machine.generation()).as("generations never go back").isGreaterThanOrEqualTo(generation);
            generation = machine.generation();
            check(machine, description);
        }
    }

    /**
     * The invariants of the machine. Plain checks rather than AssertJ: they run after every
     * step of thousands of sequences.
     */
    private static void check(SimMachine machine, MachineDescription description) {
        Topology t = machine.topology();
        expect(t.generation() == machine.generation(), "the snapshot is of the current generation");

        // possible ⊇ present ⊇ online
        expect(t.cpus().size() == description.possibleCpus(), "every possible CPU is listed");
        expect(t.nodes().size() == description.possibleNodes(), "every possible node is listed");
        Set<Long> apicIds = new HashSet<>();
        Set<Integer> nodesWithResources = new HashSet<>();
        for (CpuInfo cpu : t.cpus()) {
            expect(!cpu.online() || cpu.present(), "%s is online, so present", cpu);
            if (cpu.present()) {
                expect(cpu.node() >= 0 && cpu.node() < description.possibleNodes(), "%s has a possible node", cpu);
                expect(apicIds.add(cpu.apicId()), "%s has its own APIC id", cpu);
                nodesWithResources.add(cpu.node());
            } else {
                expect(cpu.apicId() == -1 && cpu.node() == -1, "%s is not present, so unmapped", cpu);
            }
        }
        expect(t.cpus().get(0).online(), "the boot CPU of these machines cannot go offline or be pulled");

        // blocks: whole, sorted, never overlapping; zones as valid_zones says
        MemoryBlock previous = null;
        for (MemoryBlock b : t.memory()) {
            expect(b.size() == t.blockSize() && b.start() == b.id() * t.blockSize(), "%s is one block at id * size", b);
            expect(previous == null || b.start() >= previous.end(), "%s overlaps or precedes %s", b, previous);
            previous = b;
            nodesWithResources.add(b.node());
            if (b.online()) {
                expect(b.validZones().equals(List.of(b.zone())), "%s lists only its zone", b);
                expect(b.zone() == Zone.NORMAL || b.zone() == Zone.MOVABLE, "%s is in Normal or Movable", b);
            } else {
                expect(b.zone() == Zone.UNSPECIFIED && b.validZones().size() == 2
                        && Set.copyOf(b.validZones()).equals(Set.of(Zone.NORMAL, Zone.MOVABLE)), "%s offline", b);
            }
        }

        // nodes: present CPUs or memory ⇒ online (an offline node has neither)
        for (NodeInfo node : t.nodes()) {
            expect(node.online() || !nodesWithResources.contains(node.id()), "node%d has CPUs or memory but is offline",
                    node.id());
        }

        // firmware: nothing is present in an empty slot; _STA follows presence
        Set<String> absent = new HashSet<>();
        for (AcpiDevice d : machine.namespace()) {
            expect(d.sta() == 0 || d.sta() == Sta.PRESENT_AND_WORKING, "%s has a simple _STA", d);
            if (!d.present()) {
                absent.addAll(d.children());
            } else {
                expect(!absent.contains(d.path()), "%s is present in an empty slot", d.path());
            }
        }
    }

    private static void expect(boolean holds, String message, Object... args) {
        if (!holds) {
            throw new AssertionError(String.format(message, args));
        }
    }

    /** A value in {@code [min, max]} nine times in ten, else one just outside. */
    private static Arbitrary<Integer> mostlyBetween(int min, int max) {
        int span = max - min + 1;
        return Arbitraries.integers().between(0, 10 * span - 1)
                .map(x -> x < 9 * span ? min + x % span : (x % 2 == 0 ? min - 1 : max + 1));
    }

    /** Actions aimed at the machine's own devices, with some out-of-range values to be refused. */
    static Arbitrary<List<Action>> actions(MachineDescription d) {
        long bs = d.blockSize();
        int cpus = d.possibleCpus();
        int nodes = d.possibleNodes();
        List<String> paths = d.devices().stream().map(MachineDescription.Device::path).toList();
        // the devices hot-plug is about: in a slot, or slots themselves
        List<String> slots = d.devices().stream().filter(MachineDescription.Device::ejectable)
                .map(MachineDescription.Device::path).toList();
        List<Long> apicIds = d.devices().stream().filter(x -> x.kind() == Kind.PROCESSOR)
                .map(MachineDescription.Device::apicId).toList();
        List<Range> ranges = d.devices().stream().flatMap(x -> x.ranges().stream()).toList();
        List<Range> hotRanges = d.devices().stream().filter(x -> !x.present() || x.bootZone() == Zone.MOVABLE)
                .flatMap(x -> x.ranges().stream()).toList();
        long maxBlock = ranges.stream().mapToLong(r -> r.end() / bs).max().orElse(1);

        // mostly valid values, sometimes ones the machine must refuse
        Arbitrary<Integer> cpu = mostlyBetween(0, cpus - 1);
        Arbitrary<Integer> node = mostlyBetween(0, nodes - 1);
        Arbitrary<Integer> block = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(hotRanges).flatMap(r -> Arbitraries.integers()
                        .between((int) (r.start() / bs), (int) (r.end() / bs) - 1))),
                Tuple.of(3, Arbitraries.integers().between(0, (int) maxBlock - 1)),
                Tuple.of(1, Arbitraries.of(-1, (int) maxBlock + 1)));
        Arbitrary<String> path = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(slots)),
                Tuple.of(3, Arbitraries.of(paths)), Tuple.of(1, Arbitraries.just("\\_SB.NONE")));
        Arbitrary<Long> apicId = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(apicIds)),
                Tuple.of(1, Arbitraries.longs().between(-1, 2000)));
        // a piece of a firmware range, block-aligned, or (rarely) one that is not
        Arbitrary<Range> firmwareRange = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(hotRanges)),
                Tuple.of(1, Arbitraries.of(ranges)));
        Arbitrary<long[]> range = Combinators.combine(firmwareRange, Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(1, 64), Arbitraries.integers().between(0, 19)).as((r, from, count, skew) -> {
                    long blocks = r.size() / bs;
                    long first = Math.min(from, blocks - 1);
                    long size = (count > 48 ? blocks - first : Math.min(count, blocks - first)) * bs;
                    long start = r.start() + first * bs + (skew == 0 ? bs / 2 : 0);
                    return new long[] {start, size};
                });
        Arbitrary<String> target = Arbitraries.oneOf(Arbitraries.just("*"), cpu.filter(c -> c >= 0).map(Names::cpu),
                block.filter(b -> b >= 0).map(Names::memory), node.filter(n -> n >= 0).map(Names::node),
                Arbitraries.of(paths).map(AcpiPaths::canonical));

        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(6, cpu.map(CpuOnline::new)),
                Tuple.of(6, cpu.map(CpuOffline::new)),
                Tuple.of(6, Combinators.combine(apicId, node).as(CpuRegister::new)),
                Tuple.of(5, cpu.map(CpuUnregister::new)),
                Tuple.of(8, Combinators.combine(range, node).as((r, n) -> new MemoryAdd(r[0], r[1], n))),
                Tuple.of(10, Combinators.combine(block, Arbitraries.of(OnlineType.class)).as(MemoryOnline::new)),
                Tuple.of(8, block.map(MemoryOffline::new)),
                Tuple.of(6, range.map(r -> new MemoryRemove(r[0], r[1]))),
                Tuple.of(3, node.map(NodeOnline::new)),
                Tuple.of(3, node.map(NodeOffline::new)),
                Tuple.of(5, path.map(Insert::new)),
                Tuple.of(1, path.map(EjectRequest::new)),
                Tuple.of(3, path.map(Eject::new)),
                Tuple.of(2, path.map(SurpriseRemove::new)),
                Tuple.of(1, path.map(PowerOff::new)),
                Tuple.of(1, Combinators.combine(path, Arbitraries.of(true, false)).as(Lock::new)),
                Tuple.of(1, path.map(Ost::new)),
                Tuple.of(3, Combinators.combine(block, Arbitraries.of(true, false)).as(Pin::new)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(MachineOperation.class), target, Arbitraries.of(Errno.class),
                        Arbitraries.integers().between(1, 3)).as(AddFault::new)),
                Tuple.of(1, Arbitraries.just(new ClearFaults())),
                Tuple.of(4, Combinators.combine(Arbitraries.of(slots), Arbitraries.of(OnlineType.class)).as(OsHotAdd::new)),
                Tuple.of(3, Arbitraries.of(slots).map(OsHotRemove::new)));
        return action.list().ofMaxSize(60);
    }
}
