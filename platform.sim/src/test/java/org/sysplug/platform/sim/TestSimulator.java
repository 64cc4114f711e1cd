package org.sysplug.platform.sim;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;

import org.osgi.service.log.Logger;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.NotificationListener;
import org.sysplug.platform.sim.control.SimulatedMachine;

/**
 * For the sim commands' unit tests (platform.sim's test jar): the simulator as the platform runs
 * it (the machine component that loads and replaces machines, and its control service), without
 * OSGi and without logging.
 */
public final class TestSimulator {

    private final SimulatedMachineComponent sim;

    private TestSimulator(SimulatedMachineComponent sim) {
        this.sim = sim;
    }

    /** The simulator running a built-in machine or a machine file, as ConfigAdmin's {@code machine} names it. */
    public static TestSimulator boot(String machine) {
        return new TestSimulator(new SimulatedMachineComponent(config(machine), quietLogger()));
    }

    /** What the sim commands use. */
    public SimulatedMachine control() {
        return new SimulatedMachineControl(sim);
    }

    /** Registers a notification listener, as the whiteboard does for firmware.acpi's. */
    public void listen(NotificationListener listener) {
        sim.listen(listener);
    }

    /** The running machine now. */
    public Topology topology() {
        return sim.topology();
    }

    /** Where the running machine came from. */
    public String source() {
        return sim.source();
    }

    /** The read view's description of the running machine. */
    public String describe() {
        return sim.describe();
    }

    private static SimConfig config(String machine) {
        return new SimConfig() {
            @Override
            public String machine() {
                return machine;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return SimConfig.class;
            }
        };
    }

    private static Logger quietLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);
    }
}
