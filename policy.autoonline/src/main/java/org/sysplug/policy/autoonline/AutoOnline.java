package org.sysplug.policy.autoonline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.DeviceEvent;
import org.sysplug.platform.DeviceListener;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.OnlineAgents;
import org.sysplug.platform.Topology;

/**
 * The hot-plug policy: what the usual udev rule does ({@code SUBSYSTEM=="memory",
 * ACTION=="add", ATTR{state}=="offline", ATTR{state}="online"}, and the same for CPUs), done
 * the sysplug way and declared in ConfigAdmin ({@value Policy#PID}, per node {@value
 * Policy#NODE_PID}). A CPU or memory block that the machine announces as added and that is still
 * offline when the event is handled is brought online through the request queue, so that the
 * modules' rules apply and a failure rolls back: per node, memory into the zone the policy says
 * (within a MOVABLE:NORMAL ratio), CPUs unless they are to stay offline; a device that cannot go
 * online yet is retried with back-off. The events that arrive together become few requests (one
 * per class and zone), origin {@value #ORIGIN}: one process onlining thousands of blocks, not one
 * request per block.
 *
 * <p>Where another agent onlines the same devices (the kernel's auto_online_blocks, the memory
 * module's own online.policy, a udev rule) a configured policy stands down for that class and
 * says why, once. It is also the doctor's check {@value PolicyFindings#CHECK}. A configuration it
 * cannot read is logged at ERROR and applied not at all. Without any configuration it onlines
 * what appears offline, as the udev rule does. A change of configuration replaces the component,
 * which cancels the retries still pending.
 */
@Component(service = { DeviceListener.class, DoctorCheck.class, EventHandler.class }, configurationPid = Policy.PID,
        property = { DoctorCheck.NAME + "=" + PolicyFindings.CHECK,
                EventConstants.EVENT_TOPIC + "=" + DeviceChange.TOPIC_PREFIX + "ADDED",
                EventConstants.EVENT_TOPIC + "=" + RequestQueue.TOPIC_SUCCEEDED,
                EventConstants.EVENT_TOPIC + "=" + RequestQueue.TOPIC_FAILED,
                EventConstants.EVENT_TOPIC + "=" + RequestQueue.TOPIC_CANCELLED })
@Designate(ocd = PolicyConfig.class)
public final class AutoOnline implements DeviceListener, DoctorCheck, EventHandler {

    /** The origin of the requests this policy submits for devices that appeared (a retry's is {@value HotplugPolicy#RETRY_ORIGIN}). */
    public static final String ORIGIN = HotplugPolicy.ORIGIN;

    private final HotplugPolicy policy;
    private final Supplier<Conflicts> conflicts;
    private final Supplier<Topology> machine;
    /** The devices each running hot-add request added, until its end is posted. */
    private final Map<Long, List<DeviceEvent>> hotAdded = new ConcurrentHashMap<>();

    @Activate
    public AutoOnline(@Reference RequestQueue queue, @Reference MachineView view,
            @Reference(service = LoggerFactory.class) Logger log, @Reference ConfigurationAdmin config,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) OnlineAgents agents,
            @Reference(service = NodePolicy.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<NodePolicy> nodes,
            Map<String, Object> properties) {
        this(queue, view::topology, log, () -> memoryOnlinePolicy(config), Optional.ofNullable(agents), properties,
                nodes.stream().map(NodePolicy::properties).toList());
    }

    /**
     * @param memoryOnlinePolicy the memory module's configured online.policy now, empty when it has no configuration
     * @param defaults the configuration of {@value Policy#PID}
     * @param overrides the configurations of {@value Policy#NODE_PID}
     */
    AutoOnline(RequestQueue queue, Supplier<Topology> machine, Logger log, Supplier<Optional<String>> memoryOnlinePolicy,
            Optional<OnlineAgents> agents, Map<String, ?> defaults, List<? extends Map<String, ?>> overrides) {
        Policy.Reading reading = Policy.read(defaults, overrides);
        for (Policy.Problem p : reading.problems()) {
            log.error("hot-plug policy not applied: {}; fix: {}; devices that appear stay offline until it is fixed",
                    p.describe(), p.fix());
        }
        Policy read = reading.policy().orElse(Policy.DEFAULT);
        this.machine = machine;
        this.conflicts = () -> Conflicts.read(agents, memoryOnlinePolicy.get(), read);
        this.policy = new HotplugPolicy(reading, queue, machine, conflicts, log);
    }

    @Deactivate
    void deactivate() {
        policy.close();
    }

    @Override
    public void devicesChanged(List<DeviceEvent> events, Topology machine) {
        policy.devicesChanged(events, machine, false);
    }

    /**
     * The devices a hot-add request of sysplug's own added ({@code org/sysplug/device/ADDED},
     * posted when the request ends, before its end is) are decided together once the request
     * has ended, on the machine as it is then.
     */
    @Override
    public void handleEvent(Event event) {
        if (!(event.getProperty(RequestQueue.EVENT_ID) instanceof Long id)) {
            return;
        }
        if (event.getTopic().equals(DeviceChange.Type.ADDED.topic())) {
            Object device = event.getProperty(DeviceChange.EVENT_DEVICE);
            if (device instanceof String name && (name.startsWith("cpu") || name.startsWith("memory"))) {
                try {
                    DeviceEvent added = new DeviceEvent(DeviceEvent.Action.ADD, name);
                    hotAdded.computeIfAbsent(id, k -> new ArrayList<>()).add(added);
                } catch (IllegalArgumentException notADevice) {
                    // cpuN and memoryN only: nodes and firmware devices are nothing to online
                }
            }
            return;
        }
        List<DeviceEvent> added = hotAdded.remove(id);
        if (added != null) {
            policy.devicesChanged(added, machine.get(), true);
        }
    }

    @Override
    public List<Finding> examine(Examination examination) {
        return PolicyFindings.of(policy.reading(), conflicts.get(), examination.machine());
    }

    /** online.policy of the memory module's configuration, read now; empty when it has none. */
    static Optional<String> memoryOnlinePolicy(ConfigurationAdmin config) {
        try {
            Configuration[] found = config.listConfigurations("(service.pid=" + Conflicts.MEMORY_PID + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(found[0].getProperties().get(Conflicts.MEMORY_ONLINE_POLICY)).map(String::valueOf);
        } catch (IOException | InvalidSyntaxException e) {
            return Optional.empty();
        }
    }
}
