package org.sysplug.resource.node;

import java.util.ArrayList;
import java.util.List;

import org.sysplug.framework.CpuResource;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Resource;
import org.sysplug.framework.Zone;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.sim.TestMachine;

/** The default machine with its node1 container hot-added through the ports: cpu8-15 (APIC 16-23) and memory72-135. */
final class Populated {

    static final long NOD1_MEMORY = 0x240000000L;
    static final long NOD1_SIZE = 8L << 30;

    private Populated() {
    }

    static TestMachine machine() throws PortException {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        for (int i = 0; i < 8; i++) {
            m.cpus().online(m.cpus().register(16 + i, 1));
        }
        for (int b : m.memory().add(NOD1_MEMORY, NOD1_SIZE, 1)) {
            m.memory().online(b, OnlineType.ONLINE_MOVABLE);
        }
        return m;
    }

    /** What firmware.acpi describes for an eject of \_SB.NOD1, without the CPUs whose index is in {@code leaveOut}. */
    static Resource[] nod1(TestMachine m, boolean withMemory, int... leaveOut) {
        List<Resource> out = new ArrayList<>();
        cpus:
        for (int i = 0; i < 8; i++) {
            for (int skip : leaveOut) {
                if (skip == i) {
                    continue cpus;
                }
            }
            long apic = 16 + i;
            int cpu = m.topology().cpus().stream().filter(c -> c.present() && c.apicId() == apic).mapToInt(c -> c.id())
                    .findFirst().orElse(CpuResource.UNASSIGNED);
            out.add(new CpuResource("\\_SB.NOD1.CP0" + i, apic, 1, cpu));
        }
        if (withMemory) {
            out.add(new MemoryResource("\\_SB.NOD1.MEM0", NOD1_MEMORY, NOD1_SIZE, 1, Zone.UNSPECIFIED));
        }
        out.add(new NodeResource("\\_SB.NOD1", 1));
        return out.toArray(Resource[]::new);
    }
}
