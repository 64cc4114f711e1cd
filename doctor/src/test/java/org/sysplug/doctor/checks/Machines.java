package org.sysplug.doctor.checks;

import java.util.List;

import org.sysplug.doctor.Examination;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.sim.TestMachine;

/** The simulated machines the checks' tests examine. */
final class Machines {

    static final long NOD1_START = 0x240000000L;
    static final long NOD1_SIZE = 8L << 30;

    private Machines() {
    }

    /**
     * The default machine with {@code \_SB.NOD1} inserted and hot-added through the ports as the
     * hot-add request does it (node, then memory, blocks memory72-135): the first {@code kernelBlocks}
     * of its blocks online in ZONE_NORMAL, the rest in ZONE_MOVABLE, as an online policy could leave them.
     */
    static TestMachine node1Added(int kernelBlocks) throws PortException {
        TestMachine m = TestMachine.boot("default");
        m.insert("\\_SB.NOD1");
        m.nodes().online(1);
        List<Integer> blocks = m.memory().add(NOD1_START, NOD1_SIZE, 1);
        for (int i = 0; i < blocks.size(); i++) {
            m.memory().online(blocks.get(i), i < kernelBlocks ? OnlineType.ONLINE_KERNEL : OnlineType.ONLINE_MOVABLE);
        }
        return m;
    }

    static Examination now(TestMachine m, HotplugRequest... planned) {
        return new Examination(m.topology(), List.of(planned));
    }
}
