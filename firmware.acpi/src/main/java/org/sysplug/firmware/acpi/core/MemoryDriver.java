package org.sysplug.firmware.acpi.core;

import java.util.ArrayList;
import java.util.List;

import org.sysplug.framework.HotplugException;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.Resource;
import org.sysplug.framework.Zone;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.acpi.Hid;

/** Memory devices ({@value Hid#MEMORY}): the physical ranges of {@code _CRS} and the node. */
final class MemoryDriver implements AcpiDriver {

    /** What the driver attaches: the ranges, in {@code _CRS} order, and the node. */
    record Data(List<AcpiResource.MemoryRange> ranges, int node) {
        Data {
            ranges = List.copyOf(ranges);
        }
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public boolean binds(AcpiDevice device) {
        return Hid.MEMORY.equals(device.hid());
    }

    @Override
    public Object add(AcpiDevice device, int node) throws HotplugException {
        List<AcpiResource.MemoryRange> ranges = new ArrayList<>();
        for (AcpiResource r : device.resources()) {
            if (r instanceof AcpiResource.MemoryRange m) {
                if (m.length() <= 0) {
                    throw new HotplugException(HotplugException.EINVAL, device.path(), "the firmware gives memory device "
                            + device.path() + " a range of length " + m.length() + " at 0x" + Long.toHexString(m.start())
                            + " in _CRS: this is a firmware problem");
                }
                ranges.add(m);
            }
        }
        if (ranges.isEmpty()) {
            // acpi_memory_get_device_resources: an empty resource list is -EINVAL
            throw new HotplugException(HotplugException.EINVAL, device.path(), "the firmware gives memory device "
                    + device.path() + " no memory range in _CRS: there is nothing to add; this is a firmware problem");
        }
        return new Data(ranges, node);
    }

    @Override
    public List<Resource> resources(AcpiObject object, Topology topology) {
        Data d = object.driverData(Data.class).orElseThrow();
        List<Resource> out = new ArrayList<>(d.ranges().size());
        for (AcpiResource.MemoryRange r : d.ranges()) {
            out.add(new MemoryResource(object.path(), r.start(), r.length(), d.node(), Zone.UNSPECIFIED));
        }
        return out;
    }
}
