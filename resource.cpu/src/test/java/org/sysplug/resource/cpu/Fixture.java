package org.sysplug.resource.cpu;

import java.util.ArrayList;
import java.util.List;

import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Resource;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.framework.core.LocalRunner.Registration;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.CpuPort;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.PortException;
import org.sysplug.platform.sim.TestMachine;

/** What the tests of this bundle share. */
final class Fixture {

    /** A machine of two CPUs whose boot CPU is hot-pluggable, so that the last online CPU can be any. */
    static final String TWO_CPUS = """
            name: two-cpus
            block-size: 128MiB
            boot-cpu-hotpluggable: true
            firmware:
              - path: \\_SB.NOD0
                type: container
                node: 0
                cpus: {count: 2, apic-base: 0}
                memory:
                  - {start: 0, size: 1GiB}
            """;

    private Fixture() {
    }

    static Registration add(TestMachine m) {
        return add(m.cpus(), m.view());
    }

    static Registration add(CpuPort cpus, MachineView view) {
        return LocalRunner.handler(new CpuAdd(cpus, view), Phase.ADD_EXECUTE, Order.ADD_EXECUTE_CPU);
    }

    static Registration validate(TestMachine m) {
        return LocalRunner.handler(new CpuValidate(m.view()), Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_CPU);
    }

    static Registration remove(TestMachine m) {
        return remove(m.cpus(), m.view());
    }

    static Registration remove(CpuPort cpus, MachineView view) {
        return LocalRunner.handler(new CpuRemove(cpus, view), Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_CPU);
    }

    /** firmware.acpi's part of the contract: the resources it describes (ADD_EXECUTE 20, DELETE_VALIDATE 10). */
    static Registration describe(boolean add, Resource... resources) {
        return LocalRunner.firmwareDescribing(add, resources);
    }

    /** A later handler that fails: what ran before it is rolled back. */
    static Registration failAt(Phase phase, int rank) {
        return LocalRunner.failingAt(phase, rank);
    }

    /**
     * The processors of the default machine's \_SB.NOD1 (CP00-CP07, APIC 16-23, node1), as
     * firmware.acpi describes them: with the logical id the kernel has for the APIC id, if any.
     */
    static Resource[] nod1(TestMachine m) {
        List<Resource> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            out.add(processor(m, "\\_SB.NOD1.CP0" + i, 16 + i, 1));
        }
        return out.toArray(Resource[]::new);
    }

    static CpuResource processor(TestMachine m, String path, long apic, int node) {
        int cpu = m.topology().cpus().stream().filter(c -> c.present() && c.apicId() == apic).mapToInt(CpuInfo::id)
                .findFirst().orElse(CpuResource.UNASSIGNED);
        return new CpuResource(path, apic, node, cpu);
    }

    /** The default machine with \_SB.NOD1's processors registered and online: cpu8-15. */
    static TestMachine populated() throws PortException {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        for (int i = 0; i < 8; i++) {
            m.cpus().online(m.cpus().register(16 + i, 1));
        }
        return m;
    }

    static List<Integer> online(TestMachine m) {
        return m.topology().cpus().stream().filter(CpuInfo::online).map(CpuInfo::id).toList();
    }

    static List<Integer> present(TestMachine m) {
        return m.topology().cpus().stream().filter(CpuInfo::present).map(CpuInfo::id).toList();
    }

    /** The machine's CPU port, calling {@code action} after its {@code n}-th successful online or offline. */
    static CpuPort after(TestMachine m, int n, Runnable action) {
        CpuPort real = m.cpus();
        int[] calls = { 0 };
        return new CpuPort() {
            @Override
            public void online(int cpu) throws PortException {
                real.online(cpu);
                count();
            }

            @Override
            public void offline(int cpu) throws PortException {
                real.offline(cpu);
                count();
            }

            @Override
            public int register(long apicId, int node) throws PortException {
                return real.register(apicId, node);
            }

            @Override
            public void unregister(int cpu) throws PortException {
                real.unregister(cpu);
            }

            private void count() {
                if (++calls[0] == n) {
                    action.run();
                }
            }
        };
    }
}
