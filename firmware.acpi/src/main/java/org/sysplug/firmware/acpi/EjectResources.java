package org.sysplug.firmware.acpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.firmware.acpi.core.AcpiNamespace;
import org.sysplug.firmware.acpi.core.AcpiObject;
import org.sysplug.firmware.acpi.core.AcpiSettings;
import org.sysplug.firmware.acpi.core.EjectPolicy;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Resource;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;
import org.sysplug.platform.IdList;

/**
 * DELETE_VALIDATE 10, the ACPI resources: describes what the targets hold into the request (CPUs
 * with their logical ids where the kernel has them, memory ranges, nodes) and records their
 * device objects, so that the CPU, memory and node modules can validate the eject after it.
 *
 * <p>With eject policy {@code demand-offline} (Linux) it refuses with EBUSY while any CPU or
 * memory block below a target is online, naming them and the commands that offline them; the
 * eject validation's rollback tells the firmware device-busy, as it does for every EBUSY. With
 * {@code offline-then-eject} (the RFC, the default) the resource modules offline them in the
 * execute phase. Rollback removes what it recorded.
 */
@Component(service = HotplugHandler.class, name = EjectResources.NAME)
@Handler(phase = Phase.DELETE_VALIDATE, order = Order.DELETE_VALIDATE_ACPI_RESOURCE, kinds = Kind.HOTPLUG)
public final class EjectResources implements HotplugHandler {

    static final String NAME = "acpi.eject.resources";
    private static final String RESOURCES = "resources";
    private static final String DEVICES = "devices";

    private final AcpiNamespace namespace;
    private final AcpiSettings settings;
    private final MachineView view;

    @Activate
    public EjectResources(@Reference AcpiNamespace namespace, @Reference AcpiSettings settings,
            @Reference MachineView view) {
        this.namespace = namespace;
        this.settings = settings;
        this.view = view;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        Topology topology = view.topology();
        EjectPolicy policy = settings.ejectPolicy();
        List<Resource> described = new ArrayList<>();
        List<AcpiObject> objects = new ArrayList<>();
        for (String path : AcpiNamespace.targetPaths(context.request())) {
            List<Resource> resources = namespace.describe(path, topology);
            if (policy == EjectPolicy.DEMAND_OFFLINE) {
                Optional<HotplugException> busy = stillOnline(path, resources, topology);
                if (busy.isPresent()) {
                    throw busy.get();
                }
            }
            described.addAll(resources);
            objects.addAll(namespace.objectsAt(path));
            context.note(path + ": " + Records.summary(resources) + " (eject policy " + policy + ")");
        }
        context.memo().put(RESOURCES, Records.addResources(context, described));
        context.memo().put(DEVICES, Records.addDevices(context, objects));
    }

    @Override
    public void rollback(RequestContext context) {
        Records.removeResources(context, Records.memoList(context, RESOURCES));
        Records.removeDevices(context, Records.memoList(context, DEVICES));
    }

    /** demand-offline: EBUSY naming the CPUs and blocks below {@code path} that are online. */
    private static Optional<HotplugException> stillOnline(String path, List<Resource> resources, Topology topology) {
        TreeSet<Integer> cpus = new TreeSet<>();
        TreeSet<Integer> blocks = new TreeSet<>();
        for (Resource r : resources) {
            if (r instanceof CpuResource c && c.isAssigned()
                    && topology.cpu(c.cpu()).map(CpuInfo::online).orElse(false)) {
                cpus.add(c.cpu());
            } else if (r instanceof MemoryResource m) {
                for (MemoryBlock b : topology.blocks(m.start(), m.size())) {
                    if (b.online()) {
                        blocks.add(b.id());
                    }
                }
            }
        }
        if (cpus.isEmpty() && blocks.isEmpty()) {
            return Optional.empty();
        }
        List<String> online = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        if (!cpus.isEmpty()) {
            online.add("cpu" + IdList.format(cpus));
            commands.add("sysplug:offline cpu " + IdList.format(cpus));
        }
        if (!blocks.isEmpty()) {
            online.add("memory" + IdList.format(blocks));
            commands.add("sysplug:offline memory " + IdList.format(blocks));
        }
        return Optional.of(new HotplugException(HotplugException.EBUSY, path, String.join(" and ", online)
                + (cpus.size() + blocks.size() == 1 ? " is" : " are") + " still online below " + path
                + ", and eject policy demand-offline ejects only what is offline: run " + String.join("; ", commands)
                + ", then eject again"));
    }
}
