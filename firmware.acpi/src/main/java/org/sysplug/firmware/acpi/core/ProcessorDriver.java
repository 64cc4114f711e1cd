package org.sysplug.firmware.acpi.core;

import java.util.List;

import org.sysplug.framework.CpuResource;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.Resource;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.acpi.Hid;

/** Processor devices ({@value Hid#PROCESSOR}): the local APIC id from {@code _MAT}/{@code _CRS} and the node. */
final class ProcessorDriver implements AcpiDriver {

    /** What the driver attaches: the physical id and the node. */
    record Data(long apicId, int node) {
    }

    @Override
    public String name() {
        return "processor";
    }

    @Override
    public boolean binds(AcpiDevice device) {
        return Hid.PROCESSOR.equals(device.hid());
    }

    @Override
    public Object add(AcpiDevice device, int node) throws HotplugException {
        for (AcpiResource r : device.resources()) {
            if (r instanceof AcpiResource.Processor p) {
                return new Data(p.apicId(), node);
            }
        }
        // acpi_processor_get_info: no valid physical id, no processor
        throw new HotplugException(HotplugException.ENODEV, device.path(), "the firmware gives processor "
                + device.path() + " no local APIC id (_MAT/_CRS): the OS cannot map it; this is a firmware problem");
    }

    @Override
    public List<Resource> resources(AcpiObject object, Topology topology) {
        Data d = object.driverData(Data.class).orElseThrow();
        int cpu = topology.cpus().stream()
                .filter(c -> c.present() && c.apicId() == d.apicId())
                .mapToInt(CpuInfo::id)
                .findFirst()
                .orElse(CpuResource.UNASSIGNED);
        return List.of(new CpuResource(object.path(), d.apicId(), d.node(), cpu));
    }
}
