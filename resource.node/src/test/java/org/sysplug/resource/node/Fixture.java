package org.sysplug.resource.node;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Resource;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.framework.core.LocalRunner.Registration;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.sim.TestMachine;

/** What the tests of this bundle share: the handlers on a machine, firmware.acpi's part, a failing handler. */
final class Fixture {

    private Fixture() {
    }

    static Registration add(TestMachine m) {
        return LocalRunner.handler(new NodeAdd(m.nodes(), m.view()), Phase.ADD_EXECUTE, Order.ADD_EXECUTE_NODE);
    }

    static Registration validate(TestMachine m) {
        return LocalRunner.handler(new NodeValidate(m.view()), Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_NODE);
    }

    static Registration remove(TestMachine m) {
        return LocalRunner.handler(new NodeRemove(m.nodes(), m.view()), Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_NODE);
    }

    /**
     * firmware.acpi's part of the contract: the resources it describes into a hot-plug request
     * (ADD_EXECUTE 20, DELETE_VALIDATE 10).
     */
    static Registration describe(boolean add, Resource... resources) {
        return LocalRunner.firmwareDescribing(add, resources);
    }

    /** A later handler that fails: what comes before it is rolled back. */
    static Registration failAt(Phase phase, int rank) {
        return LocalRunner.failingAt(phase, rank);
    }

    /** A handler from the test: apply and rollback given. */
    static Registration step(String name, Phase phase, int rank, Step apply, Step rollback) {
        return new Registration(new HotplugHandler() {
            @Override
            public void apply(RequestContext context) throws HotplugException {
                apply.run(context);
            }

            @Override
            public void rollback(RequestContext context) throws HotplugException {
                rollback.run(context);
            }
        }, name, phase, rank, EnumSet.allOf(Kind.class));
    }

    @FunctionalInterface
    interface Step {
        void run(RequestContext context) throws HotplugException;
    }

    static List<Integer> onlineNodes(TestMachine m) {
        List<Integer> out = new ArrayList<>();
        for (NodeInfo n : m.topology().nodes()) {
            if (n.online()) {
                out.add(n.id());
            }
        }
        return out;
    }
}
