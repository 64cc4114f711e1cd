package org.sysplug.platform;

import org.osgi.annotation.versioning.ProviderType;

/** CPUs: the kernel's logical-to-physical mapping and {@code cpuN/online}. */
@ProviderType
public interface CpuPort {

    /**
     * Brings a present CPU online.
     *
     * @throws PortException ENODEV if it is not present, EIO if it does not come up
     */
    void online(int cpu) throws PortException;

    /**
     * Takes a CPU offline.
     *
     * @throws PortException EPERM if it is not hot-pluggable, EBUSY if it is the last online CPU
     */
    void offline(int cpu) throws PortException;

    /**
     * Registers a hot-added CPU (offline) for a physical id on a node and returns its logical
     * id, as the kernel's {@code acpi_map_cpu} does.
     *
     * @throws PortException EINVAL if the APIC id is already mapped, EBUSY if no possible CPU is free
     */
    int register(long apicId, int node) throws PortException;

    /**
     * Unregisters an offline CPU before hot-remove.
     *
     * @throws PortException EBUSY if it is online, ENODEV if it is not present
     */
    void unregister(int cpu) throws PortException;
}
