package org.sysplug.policy.autoonline;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.framework.Target;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.DeviceEvent;
import org.sysplug.platform.DeviceListener;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;

/**
 * The auto-online policy: what the usual udev rule does ({@code SUBSYSTEM=="memory",
 * ACTION=="add", ATTR{state}=="offline", ATTR{state}="online"}, and the same for CPUs), done
 * the sysplug way. A CPU or memory block that the machine announces as added and that is still
 * offline when the event is handled is brought online through the request queue, so that the
 * modules' rules apply (the memory module chooses the zone) and a failure rolls back. The events
 * that arrive together become one ONLINE request per kind (CPUs, memory), origin
 * {@value #ORIGIN}: one process onlining thousands of blocks, not one request per block.
 *
 * <p>A CPU that is not hot-pluggable (no {@code online} file, as the boot CPU often is) is left
 * alone; a device that someone else onlined before the event was handled needs nothing.
 */
@Component(service = DeviceListener.class)
public final class AutoOnline implements DeviceListener {

    /** The origin of the requests this policy submits. */
    public static final String ORIGIN = "uevent";

    private final RequestQueue queue;
    private final Logger log;

    @Activate
    public AutoOnline(@Reference RequestQueue queue, @Reference(service = LoggerFactory.class) Logger log) {
        this.queue = queue;
        this.log = log;
    }

    @Override
    public void devicesChanged(List<DeviceEvent> events, Topology machine) {
        // a device announced twice in one batch (add, remove, add) is onlined once
        Set<Target> cpus = new LinkedHashSet<>();
        Set<Target> blocks = new LinkedHashSet<>();
        for (DeviceEvent e : events) {
            if (e.action() != DeviceEvent.Action.ADD) {
                continue;
            }
            if (e.isCpu()) {
                machine.cpu(e.index()).filter(c -> c.present() && !c.online() && c.hotpluggable())
                        .map(CpuInfo::id).ifPresent(id -> cpus.add(Target.of("cpu" + id)));
            } else {
                machine.block(e.index()).filter(b -> !b.online())
                        .map(MemoryBlock::id).ifPresent(id -> blocks.add(Target.of("memory" + id)));
            }
        }
        submit(cpus);
        submit(blocks);
    }

    private void submit(Set<Target> devices) {
        if (devices.isEmpty()) {
            return;
        }
        List<Target> targets = List.copyOf(devices);
        String what = targets.size() == 1 ? targets.get(0).name() : targets.size() + " devices";
        Submission s = queue.submit(HotplugRequest.of(Operation.ONLINE).targets(targets).origin(ORIGIN).build());
        log.info("request {}: online {} (appeared offline)", s.id(), what);
        // a refused or failed online is never silent: the devices stay offline and the log says why
        s.outcome().thenAccept(o -> {
            if (o.status() != Status.SUCCEEDED) {
                log.warn("request {}: online {} (appeared offline) ended {}: {}", s.id(), what, o.status(),
                        o.failure().map(f -> f.describe()).orElse("no reason given"));
            }
        });
    }
}
