package org.sysplug.platform.sim;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.platform.CpuPort;
import org.sysplug.platform.DaxDevice;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.NodePort;
import org.sysplug.platform.OnlineAgents;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.UdevRule;
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
        private final Supplier<SimMachine> sim;

        @Activate
        public Cpus(@Reference SimulatedMachineComponent sim) {
            this(sim::machine);
        }

        Cpus(Supplier<SimMachine> sim) {
            this.sim = sim;
        }

        @Override
        public void online(int cpu) throws PortException {
            sim.get().cpuOnline(cpu);
        }

        @Override
        public void offline(int cpu) throws PortException {
            sim.get().cpuOffline(cpu);
        }

        @Override
        public int register(long apicId, int node) throws PortException {
            return sim.get().cpuRegister(apicId, node);
        }

        @Override
        public void unregister(int cpu) throws PortException {
            sim.get().cpuUnregister(cpu);
        }
    }

    @Component(service = MemoryPort.class)
    public static final class Memory implements MemoryPort {
        private final Supplier<SimMachine> sim;

        @Activate
        public Memory(@Reference SimulatedMachineComponent sim) {
            this(sim::machine);
        }

        Memory(Supplier<SimMachine> sim) {
            this.sim = sim;
        }

        @Override
        public long blockSize() {
            return sim.get().blockSize();
        }

        @Override
        public List<Integer> add(long start, long size, int node) throws PortException {
            return sim.get().memoryAdd(start, size, node);
        }

        @Override
        public void online(int block, OnlineType type) throws PortException {
            sim.get().memoryOnline(block, type);
        }

        @Override
        public void offline(int block) throws PortException {
            sim.get().memoryOffline(block);
        }

        @Override
        public void remove(long start, long size) throws PortException {
            sim.get().memoryRemove(start, size);
        }
    }

    @Component(service = NodePort.class)
    public static final class Nodes implements NodePort {
        private final Supplier<SimMachine> sim;

        @Activate
        public Nodes(@Reference SimulatedMachineComponent sim) {
            this(sim::machine);
        }

        Nodes(Supplier<SimMachine> sim) {
            this.sim = sim;
        }

        @Override
        public void online(int node) throws PortException {
            sim.get().nodeOnline(node);
        }

        @Override
        public void offline(int node) throws PortException {
            sim.get().nodeOffline(node);
        }
    }

    @Component(service = AcpiPort.class)
    public static final class Firmware implements AcpiPort {
        private final Supplier<SimMachine> sim;

        @Activate
        public Firmware(@Reference SimulatedMachineComponent sim) {
            this(sim::machine);
        }

        Firmware(Supplier<SimMachine> sim) {
            this.sim = sim;
        }

        @Override
        public long bootId() {
            return sim.get().bootId();
        }

        @Override
        public Optional<AcpiDevice> device(String path) {
            return sim.get().device(path);
        }

        @Override
        public List<AcpiDevice> namespace() {
            return sim.get().namespace();
        }

        @Override
        public List<AcpiDevice> bootNamespace() {
            return sim.get().bootNamespace();
        }

        @Override
        public void powerOff(String path) throws PortException {
            sim.get().powerOff(path);
        }

        @Override
        public void lock(String path, boolean locked) throws PortException {
            sim.get().lock(path, locked);
        }

        @Override
        public void eject(String path) throws PortException {
            sim.get().eject(path);
        }

        @Override
        public void ost(String path, OstEvent event, OstStatus status) throws PortException {
            sim.get().ost(path, event, status);
        }

        @Override
        public boolean profileEnabled(String hotplugClass) {
            return sim.get().profileEnabled(hotplugClass);
        }

        @Override
        public void setProfileEnabled(String hotplugClass, boolean enabled) throws PortException {
            sim.get().setProfileEnabled(hotplugClass, enabled);
        }
    }

    /**
     * Who else onlines devices: the simulated kernel's {@code auto_online_blocks} ({@code
     * sim:auto-online-blocks} sets it). The simulated machine runs no udev and has no dax devices.
     */
    @Component(service = OnlineAgents.class)
    public static final class Agents implements OnlineAgents {
        private final Supplier<SimMachine> sim;

        @Activate
        public Agents(@Reference SimulatedMachineComponent sim) {
            this(sim::machine);
        }

        Agents(Supplier<SimMachine> sim) {
            this.sim = sim;
        }

        @Override
        public Optional<String> autoOnlineBlocks() {
            return Optional.of(sim.get().autoOnlineBlocks());
        }

        @Override
        public List<UdevRule> onliningRules() {
            return List.of();
        }

        @Override
        public List<DaxDevice> daxDevices() {
            return List.of();
        }
    }
}
