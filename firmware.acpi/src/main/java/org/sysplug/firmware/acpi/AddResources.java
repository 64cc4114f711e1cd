package org.sysplug.firmware.acpi;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.firmware.acpi.core.AcpiNamespace;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Resource;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;

/**
 * ADD_EXECUTE 20, the ACPI resources: the drivers describe what the new objects hold into the
 * request (CPUs with APIC id and node, memory ranges with node, the nodes), for the node, memory
 * and CPU modules that run after it. Rollback removes the resources it added.
 */
@Component(service = HotplugHandler.class, name = AddResources.NAME)
@Handler(phase = Phase.ADD_EXECUTE, order = Order.ADD_EXECUTE_ACPI_RESOURCE, kinds = Kind.HOTPLUG)
public final class AddResources implements HotplugHandler {

    static final String NAME = "acpi.add.resources";
    private static final String ADDED = "added";

    private final AcpiNamespace namespace;
    private final MachineView view;

    @Activate
    public AddResources(@Reference AcpiNamespace namespace, @Reference MachineView view) {
        this.namespace = namespace;
        this.view = view;
    }

    @Override
    public void apply(RequestContext context) {
        Topology topology = view.topology();
        List<Resource> described = new ArrayList<>();
        for (String path : AcpiNamespace.targetPaths(context.request())) {
            List<Resource> resources = namespace.describe(path, topology);
            described.addAll(resources);
            context.note(path + ": " + Records.summary(resources));
        }
        context.memo().put(ADDED, Records.addResources(context, described));
    }

    @Override
    public void rollback(RequestContext context) {
        Records.removeResources(context, Records.memoList(context, ADDED));
    }
}
