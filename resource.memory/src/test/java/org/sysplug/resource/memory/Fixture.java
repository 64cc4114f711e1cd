package org.sysplug.resource.memory;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Resource;
import org.sysplug.framework.Zone;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.framework.core.LocalRunner.Registration;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.TestMachine;

/** What the tests of this bundle share. */
final class Fixture {

    /** \_SB.MEM2 of the default machine: 2 GiB on node0, memory136-151. */
    static final long MEM2 = 0x440000000L;
    static final long MEM2_SIZE = 2L << 30;
    static final long GIB = 1L << 30;

    private Fixture() {
    }

    static MemoryResource mem2() {
        return new MemoryResource("\\_SB.MEM2", MEM2, MEM2_SIZE, 0, Zone.UNSPECIFIED);
    }

    static Registration add(TestMachine m, OnlinePolicy policy) {
        return add(new MemoryAdd(m.memory(), m.view(), MemorySettings.of(policy, false)));
    }

    static Registration add(MemoryAdd handler) {
        return LocalRunner.handler(handler, Phase.ADD_EXECUTE, Order.ADD_EXECUTE_MEMORY);
    }

    static Registration validate(TestMachine m, boolean movableOnly) {
        return LocalRunner.handler(new MemoryValidate(m.view(), MemorySettings.of(OnlinePolicy.ONLINE_MOVABLE, movableOnly)),
                Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_MEMORY);
    }

    static Registration remove(TestMachine m) {
        return remove(m.memory(), m.view());
    }

    static Registration remove(MemoryPort memory, MachineView view) {
        return LocalRunner.handler(new MemoryRemove(memory, view), Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_MEMORY);
    }

    /** firmware.acpi's part of the contract: the resources it describes (ADD_EXECUTE 20, DELETE_VALIDATE 10). */
    static Registration describe(boolean add, Resource... resources) {
        return LocalRunner.firmwareDescribing(add, resources);
    }

    /** A later handler that fails: what ran before it is rolled back. */
    static Registration failAt(Phase phase, int rank) {
        return LocalRunner.failingAt(phase, rank);
    }

    /** Adds a range through the port and onlines its blocks: those {@code movable} accepts in Movable, the others in Normal. */
    static List<Integer> added(TestMachine m, long start, long size, int node, IntPredicate movable) throws PortException {
        List<Integer> ids = m.memory().add(start, size, node);
        for (int id : ids) {
            m.memory().online(id, movable.test(id) ? OnlineType.ONLINE_MOVABLE : OnlineType.ONLINE_KERNEL);
        }
        return ids;
    }

    static MemoryBlock block(TestMachine m, int id) {
        return m.topology().block(id).orElseThrow();
    }

    static List<Integer> range(int first, int last) {
        List<Integer> out = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            out.add(i);
        }
        return out;
    }

    /** A typed configuration, as DS builds it from ConfigAdmin. */
    static MemoryConfig config(String policy, boolean movableOnly) {
        return new MemoryConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MemoryConfig.class;
            }

            @Override
            public String online_policy() {
                return policy;
            }

            @Override
            public boolean movable_only() {
                return movableOnly;
            }
        };
    }

    /**
     * The machine's view with some offline blocks' {@code valid_zones} narrowed. The simulated
     * kernel lists both zones for every offline block (modern kernels do), so a block where
     * Movable is not valid — as on older kernels, inside a kernel zone's span — exists only
     * through this view. Everything else is the real machine.
     */
    static MachineView narrowedZones(TestMachine m, Map<Integer, List<Zone>> validZones) {
        MachineView real = m.view();
        return new MachineView() {
            @Override
            public Topology topology() {
                Topology t = real.topology();
                List<MemoryBlock> blocks = t.memory().stream().map(b -> !b.online() && validZones.containsKey(b.id())
                        ? new MemoryBlock(b.id(), b.start(), b.size(), b.node(), b.state(), b.zone(),
                                validZones.get(b.id()), b.removable())
                        : b).toList();
                return new Topology(t.nodes(), t.cpus(), t.blockSize(), blocks, t.generation());
            }

            @Override
            public String describe() {
                return real.describe() + " (narrowed valid_zones)";
            }
        };
    }

    /** The machine's memory port, calling {@code action} after its {@code n}-th successful online or offline. */
    static MemoryPort after(TestMachine m, int n, Runnable action) {
        MemoryPort real = m.memory();
        int[] calls = { 0 };
        return new MemoryPort() {
            @Override
            public long blockSize() {
                return real.blockSize();
            }

            @Override
            public List<Integer> add(long start, long size, int node) throws PortException {
                return real.add(start, size, node);
            }

            @Override
            public void online(int block, OnlineType type) throws PortException {
                real.online(block, type);
                count();
            }

            @Override
            public void offline(int block) throws PortException {
                real.offline(block);
                count();
            }

            @Override
            public void remove(long start, long size) throws PortException {
                real.remove(start, size);
            }

            private void count() {
                if (++calls[0] == n) {
                    action.run();
                }
            }
        };
    }
}
