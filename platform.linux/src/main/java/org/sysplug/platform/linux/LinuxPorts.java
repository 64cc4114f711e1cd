package org.sysplug.platform.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.platform.CpuPort;
import org.sysplug.platform.DaxDevice;
import org.sysplug.platform.Errno;
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
 * The ports over sysfs. What Linux does through sysfs (online and offline of CPUs and memory
 * blocks) they do by writing the kernel ABI files; what the kernel does by itself on Linux
 * (mapping a hot-added processor, adding a hot-added memory device's memory, onlining and
 * offlining nodes, removing memory and CPUs when their device is ejected) they check and leave to
 * the kernel, or refuse with a message that says so. Each port is a small component bound to the
 * backend, registered only when the Linux backend runs.
 */
final class LinuxPorts {

    private LinuxPorts() {
    }

    @Component(service = CpuPort.class)
    public static final class Cpus implements CpuPort {
        private final Supplier<LinuxMachine> machine;

        @Activate
        public Cpus(@Reference LinuxBackendComponent backend) {
            this(backend::machine);
        }

        Cpus(Supplier<LinuxMachine> machine) {
            this.machine = machine;
        }

        @Override
        public void online(int cpu) throws PortException {
            machine.get().cpuOnline(cpu);
        }

        @Override
        public void offline(int cpu) throws PortException {
            machine.get().cpuOffline(cpu);
        }

        @Override
        public int register(long apicId, int node) throws PortException {
            throw new PortException(Errno.EPERM, "apic" + apicId, "on Linux the kernel maps a hot-added processor "
                    + "itself (acpi_processor); sysplug onlines the cpuN that appears (the uevent monitor submits it)");
        }

        @Override
        public void unregister(int cpu) throws PortException {
            machine.get().cpuRemovable(cpu);
        }
    }

    @Component(service = MemoryPort.class)
    public static final class Memory implements MemoryPort {
        private final Supplier<LinuxMachine> machine;

        @Activate
        public Memory(@Reference LinuxBackendComponent backend) {
            this(backend::machine);
        }

        Memory(Supplier<LinuxMachine> machine) {
            this.machine = machine;
        }

        @Override
        public long blockSize() {
            try {
                return machine.get().topology().blockSize();
            } catch (java.io.IOException e) {
                return 0;
            }
        }

        @Override
        public List<Integer> add(long start, long size, int node) throws PortException {
            throw new PortException(Errno.EPERM, "memory", "on Linux the kernel adds a hot-added memory device's memory "
                    + "itself (acpi_memhotplug); sysplug onlines the memoryN blocks that appear (the uevent monitor "
                    + "submits them)");
        }

        @Override
        public void online(int block, OnlineType type) throws PortException {
            machine.get().blockOnline(block, type);
        }

        @Override
        public void offline(int block) throws PortException {
            machine.get().blockOffline(block);
        }

        @Override
        public void remove(long start, long size) throws PortException {
            machine.get().memoryRemovable(start, size);
        }
    }

    @Component(service = NodePort.class)
    public static final class Nodes implements NodePort {
        private final Supplier<LinuxMachine> machine;

        @Activate
        public Nodes(@Reference LinuxBackendComponent backend) {
            this(backend::machine);
        }

        Nodes(Supplier<LinuxMachine> machine) {
            this.machine = machine;
        }

        @Override
        public void online(int node) throws PortException {
            if (!machine.get().nodeOnline(node)) {
                throw new PortException(Errno.EPERM, "node" + node, "node" + node + " is offline and Linux has no "
                        + "file to online a node: the kernel onlines it when memory or a CPU is added to it");
            }
        }

        @Override
        public void offline(int node) throws PortException {
            // Linux offlines a node itself once its last memory and CPUs are gone (try_offline_node):
            // nothing to write; a node that does not exist is still an error.
            machine.get().nodeOnline(node);
        }
    }

    @Component(service = AcpiPort.class)
    public static final class Firmware implements AcpiPort {
        private final Supplier<LinuxAcpi> acpi;

        @Activate
        public Firmware(@Reference LinuxBackendComponent backend) {
            this(backend::acpi);
        }

        /** The port over a tree without the backend component (tests of other bundles read trees through it). */
        Firmware(Supplier<LinuxAcpi> acpi) {
            this.acpi = acpi;
        }

        @Override
        public long bootId() {
            return acpi.get().bootId();
        }

        @Override
        public Optional<AcpiDevice> device(String path) {
            try {
                return acpi.get().find(path).map(LinuxAcpi.Found::device);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<AcpiDevice> namespace() {
            try {
                return acpi.get().scan().stream().map(LinuxAcpi.Found::device).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void powerOff(String path) {
            acpi.get().kernelEvaluates(path, "_PS3");
        }

        @Override
        public void lock(String path, boolean locked) {
            acpi.get().kernelEvaluates(path, "_LCK");
        }

        @Override
        public void eject(String path) throws PortException {
            acpi.get().eject(path);
        }

        @Override
        public void ost(String path, OstEvent event, OstStatus status) {
            acpi.get().ost(path, event, status);
        }

        @Override
        public boolean profileEnabled(String hotplugClass) {
            return acpi.get().profileEnabled(hotplugClass);
        }

        @Override
        public String profileFile(String hotplugClass) {
            return acpi.get().profileFile(hotplugClass);
        }

        @Override
        public void setProfileEnabled(String hotplugClass, boolean enabled) throws PortException {
            acpi.get().setProfileEnabled(hotplugClass, enabled);
        }
    }

    /**
     * Who else onlines devices on this machine, read below the sysroot: the kernel's
     * auto_online_blocks, udev rules, dax devices. Read at every call (an operator fixes a
     * conflict while sysplug runs); a file that cannot be read is reported as absent.
     */
    @Component(service = OnlineAgents.class)
    public static final class Agents implements OnlineAgents {
        private final Supplier<LinuxMachine> machine;

        @Activate
        public Agents(@Reference LinuxBackendComponent backend) {
            this(backend::machine);
        }

        Agents(Supplier<LinuxMachine> machine) {
            this.machine = machine;
        }

        private OnlineAgentsReader reader() {
            return new OnlineAgentsReader(machine.get().sysroot());
        }

        @Override
        public Optional<String> autoOnlineBlocks() {
            try {
                return reader().autoOnlineBlocks();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + OnlineAgentsReader.AUTO_ONLINE + ": " + e.getMessage(), e);
            }
        }

        @Override
        public List<UdevRule> onliningRules() {
            try {
                return reader().onliningRules();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the udev rules: " + e.getMessage(), e);
            }
        }

        @Override
        public List<DaxDevice> daxDevices() {
            try {
                return reader().daxDevices();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + OnlineAgentsReader.DAX_DEVICES + ": " + e.getMessage(), e);
            }
        }
    }
}
