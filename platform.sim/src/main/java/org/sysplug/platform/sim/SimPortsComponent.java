package org.sysplug.platform.sim;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.platform.CpuPort;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.NodePort;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;

/**
 * The ports of the simulated machine. Each is a separate small component (their methods share
 * names such as {@code online(int)}); each calls the machine that is current at the time of the
 * call, so a machine replaced between two requests is seen by the second.
 */
final class SimPortsComponent {

    private SimPortsComponent() {
    }

    @Component(service = CpuPort.class)
    public static final class Cpus implements CpuPort {
        private final SimulatedMachineComponent sim;

        @Activate
        public Cpus(@Reference SimulatedMachineComponent sim) {
            this.sim = sim;
        }

        @Override
        public void online(int cpu) throws PortException {
            sim.machine().cpuOnline(cpu);
        }

        @Override
        public void offline(int cpu) throws PortException {
            sim.machine().cpuOffline(cpu);
        }

        @Override
        public int register(long apicId, int node) throws PortException {
            return sim.machine().cpuRegister(apicId, node);
        }

        @Override
        public void unregister(int cpu) throws PortException {
            sim.machine().cpuUnregister(cpu);
        }
    }

    @Component(service = MemoryPort.class)
    public static final class Memory implements MemoryPort {
        private final SimulatedMachineComponent sim;

        @Activate
        public Memory(@Reference SimulatedMachineComponent sim) {
            this.sim = sim;
        }

        @Override
        public long blockSize() {
            return sim.machine().blockSize();
        }

        @Override
        public List<Integer> add(long start, long size, int node) throws PortException {
            return sim.machine().memoryAdd(start, size, node);
        }

        @Override
        public void online(int block, OnlineType type) throws PortException {
            sim.machine().memoryOnline(block, type);
        }

        @Override
        public void offline(int block) throws PortException {
            sim.machine().memoryOffline(block);
        }

        @Override
        public void remove(long start, long size) throws PortException {
            sim.machine().memoryRemove(start, size);
        }
    }

    @Component(service = NodePort.class)
    public static final class Nodes implements NodePort {
        private final SimulatedMachineComponent sim;

        @Activate
        public Nodes(@Reference SimulatedMachineComponent sim) {
            this.sim = sim;
        }

        @Override
        public void online(int node) throws PortException {
            sim.machine().nodeOnline(node);
        }

        @Override
        public void offline(int node) throws PortException {
            sim.machine().nodeOffline(node);
        }
    }

    @Component(service = AcpiPort.class)
    public static final class Firmware implements AcpiPort {
        private final SimulatedMachineComponent sim;

        @Activate
        public Firmware(@Reference SimulatedMachineComponent sim) {
            this.sim = sim;
        }

        @Override
        public Optional<AcpiDevice> device(String path) {
            return sim.machine().device(path);
        }

        @Override
        public List<AcpiDevice> namespace() {
            return sim.machine().namespace();
        }

        @Override
        public void powerOff(String path) throws PortException {
            sim.machine().powerOff(path);
        }

        @Override
        public void lock(String path, boolean locked) throws PortException {
            sim.machine().lock(path, locked);
        }

        @Override
        public void eject(String path) throws PortException {
            sim.machine().eject(path);
        }

        @Override
        public void ost(String path, OstEvent event, OstStatus status) throws PortException {
            sim.machine().ost(path, event, status);
        }

        @Override
        public boolean profileEnabled(String hotplugClass) {
            return sim.machine().profileEnabled(hotplugClass);
        }

        @Override
        public void setProfileEnabled(String hotplugClass, boolean enabled) throws PortException {
            sim.machine().setProfileEnabled(hotplugClass, enabled);
        }
    }
}
