package org.sysplug.firmware.acpi.core;

import java.util.List;

import org.sysplug.framework.HotplugException;
import org.sysplug.framework.Resource;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;

/**
 * An internal driver of the ACPI namespace (Linux's scan handlers: acpi_processor, acpi_memhotplug,
 * container). Only {@link AcpiNamespace} calls it: never the framework, never another module. A driver
 * describes hardware; it never brings anything online or takes it offline — the resource modules
 * do that with what the description puts in the request.
 */
interface AcpiDriver {

    /** {@code processor}, {@code memory}, {@code container}. */
    String name();

    /** Whether this driver binds to the device (by {@code _HID}). */
    boolean binds(AcpiDevice device);

    /**
     * Binds to a device the namespace enumerates and returns the data to attach to its object.
     *
     * @param node the device's NUMA node as the namespace resolved it
     * @throws HotplugException when the firmware's description of the device is unusable; nothing
     *         is attached then
     */
    Object add(AcpiDevice device, int node) throws HotplugException;

    /** Unbinds from an object the namespace destroys; the namespace detaches the data afterwards. */
    default void remove(AcpiObject object) {
    }

    /**
     * Describes the object's resources for a request, as the request data contract says (one
     * CpuResource per processor, one MemoryResource per memory range). Nodes are the namespace's.
     *
     * @param topology the machine now, for what the kernel has of the device (a CPU's logical id)
     */
    List<Resource> resources(AcpiObject object, Topology topology);
}
