package org.sysplug.firmware.acpi.core;

import java.util.List;

import org.sysplug.framework.Resource;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.Hid;

/**
 * Generic containers ({@value Hid#CONTAINER}, {@value Hid#CONTAINER_LEGACY}): a socket or node
 * holding processors and memory. It has no resources of its own; the node it stands for is
 * described by the namespace with the resources below it.
 */
final class ContainerDriver implements AcpiDriver {

    /** What the driver attaches: the node. */
    record Data(int node) {
    }

    @Override
    public String name() {
        return "container";
    }

    @Override
    public boolean binds(AcpiDevice device) {
        return Hid.CONTAINER.equals(device.hid()) || Hid.CONTAINER_LEGACY.equals(device.hid());
    }

    @Override
    public Object add(AcpiDevice device, int node) {
        return new Data(node);
    }

    @Override
    public List<Resource> resources(AcpiObject object, Topology topology) {
        return List.of();
    }
}
