package org.sysplug.firmware.acpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sysplug.firmware.acpi.core.AcpiObject;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Device;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Resource;
import org.sysplug.platform.IdList;

/** How this module's handlers record devices and resources in a request, and take back exactly theirs. */
final class Records {

    private Records() {
    }

    /** The request's record of a device object: its driver as type, its {@code _HID} and node. */
    static Device device(AcpiObject o) {
        return new Device(o.path(), o.driver().orElse("acpi-device"),
                Map.of("hid", o.device().hid(), "node", Integer.toString(o.node())));
    }

    /**
     * Reports that the device objects {@code objects} were built ({@code ADDED}) or destroyed
     * ({@code REMOVED}), each with its driver as class and its node.
     */
    static void changed(RequestContext context, DeviceChange.Type type, List<AcpiObject> objects) {
        for (AcpiObject o : objects) {
            context.changed(new DeviceChange(type, o.path(), o.driver().orElse("acpi-device"), o.node(), ""));
        }
    }

    /** Records the objects the request does not record yet; returns the names it recorded. */
    static List<String> addDevices(RequestContext context, List<AcpiObject> objects) {
        List<String> known = context.devices().stream().map(Device::name).toList();
        List<String> added = new ArrayList<>();
        for (AcpiObject o : objects) {
            if (!known.contains(o.path()) && !added.contains(o.path())) {
                context.addDevice(device(o));
                added.add(o.path());
            }
        }
        return added;
    }

    /** Records the resources the request does not hold yet; returns those it recorded. */
    static List<Resource> addResources(RequestContext context, List<Resource> resources) {
        List<Resource> before = context.resources();
        List<Resource> added = new ArrayList<>();
        for (Resource r : resources) {
            if (!before.contains(r) && !added.contains(r)) {
                context.addResource(r);
                added.add(r);
            }
        }
        return added;
    }

    static void removeDevices(RequestContext context, List<String> names) {
        names.forEach(context::removeDevice);
    }

    static void removeResources(RequestContext context, List<Resource> resources) {
        resources.forEach(context::removeResource);
    }

    /** {@code 8 CPUs, 1 memory range, node 1}. */
    static String summary(List<Resource> resources) {
        long cpus = resources.stream().filter(CpuResource.class::isInstance).count();
        long ranges = resources.stream().filter(MemoryResource.class::isInstance).count();
        List<Integer> nodes = resources.stream().filter(NodeResource.class::isInstance)
                .map(r -> ((NodeResource) r).node()).distinct().toList();
        List<String> parts = new ArrayList<>();
        if (cpus > 0) {
            parts.add(cpus + (cpus == 1 ? " CPU" : " CPUs"));
        }
        if (ranges > 0) {
            parts.add(ranges + (ranges == 1 ? " memory range" : " memory ranges"));
        }
        if (!nodes.isEmpty()) {
            parts.add((nodes.size() == 1 ? "node " : "nodes ") + IdList.format(nodes));
        }
        return parts.isEmpty() ? "no resources" : String.join(", ", parts);
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> memoList(RequestContext context, String key) {
        Object value = context.memo().get(key);
        return value == null ? List.of() : (List<T>) value;
    }
}
