package org.sysplug.firmware.acpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;

/**
 * ADD_EXECUTE 200, after every resource module: the proof that a hot-add added what the firmware
 * described. Each memory range must be covered by memory blocks, each CPU must be present (by its
 * APIC id) and each node must be there and online, on the machine as it is now. A resource no
 * running module added (resource.memory stopped, or still starting after an update) fails the
 * request with {@link HotplugException#NO_HANDLER}, naming the device and what is missing, so
 * that everything is rolled back and the firmware is told the insertion failed, instead of a
 * success that left 8 GiB or 8 CPUs out. Changes nothing.
 */
@Component(service = HotplugHandler.class, name = AddVerify.NAME)
@Handler(phase = Phase.ADD_EXECUTE, order = Order.ADD_EXECUTE_ACPI_VERIFY, kinds = Kind.HOTPLUG)
public final class AddVerify implements HotplugHandler {

    static final String NAME = "acpi.add.verify";

    private final MachineView view;

    @Activate
    public AddVerify(@Reference MachineView view) {
        this.view = view;
    }

    /** A described resource that is not on the machine, and which device described it. */
    private record Missing(String device, String what) {
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        Topology t = view.topology();
        List<Missing> missing = new ArrayList<>();
        List<MemoryResource> ranges = context.resources(MemoryResource.class);
        long blocks = 0;
        for (MemoryResource r : ranges) {
            List<MemoryBlock> covering = t.blocks(r.start(), r.size());
            blocks += covering.size();
            long covered = covering.stream().mapToLong(b -> Math.min(b.end(), r.end()) - Math.max(b.start(), r.start())).sum();
            if (covered < r.size()) {
                missing.add(new Missing(r.device(), String.format("%s memory 0x%x-0x%x (%d MiB) node %d (no memory module "
                        + "added it)", r.device(), r.start(), r.end() - 1, r.size() >> 20, r.node())));
            }
        }
        List<CpuResource> cpus = context.resources(CpuResource.class);
        Set<Long> presentApicIds = cpus.isEmpty() ? Set.of() : t.cpus().stream().filter(CpuInfo::present)
                .map(CpuInfo::apicId).collect(Collectors.toSet());
        for (CpuResource r : cpus) {
            if (!presentApicIds.contains(r.apicId())) {
                missing.add(new Missing(r.device(), r.device() + " CPU with APIC id " + r.apicId()
                        + " (no CPU module registered it)"));
            }
        }
        List<NodeResource> nodes = context.resources(NodeResource.class);
        for (NodeResource r : nodes) {
            if (!t.node(r.node()).map(NodeInfo::online).orElse(false)) {
                missing.add(new Missing(r.device(), r.device() + " node" + r.node() + " (no node module brought it online)"));
            }
        }
        if (!missing.isEmpty()) {
            List<String> said = missing.stream().map(Missing::what).toList();
            String shown = said.size() <= 3 ? String.join("; ", said)
                    : String.join("; ", said.subList(0, 3)) + "; and " + (said.size() - 3) + " more";
            throw new HotplugException(HotplugException.NO_HANDLER, missing.get(0).device(), "the hot-add did not add "
                    + "what the firmware described: " + shown + "; it is rolled back: start the module that handles it "
                    + "(resource.memory, resource.cpu, resource.node; 'sysplug:handlers' lists what runs) and insert again");
        }
        context.note("on the machine: " + cpus.size() + " CPU(s), " + blocks + " memory block(s), " + nodes.size()
                + " node(s) as described");
    }
}
