package org.sysplug.platform.sim;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.TopologyListener;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.acpi.NotificationListener;
import org.sysplug.platform.sim.description.DescriptionException;
import org.sysplug.platform.sim.description.MachineDescription;
import org.sysplug.platform.sim.description.MachineSource;

/**
 * The simulated machine and its read view; the port components ({@link SimPortsComponent}) and
 * the operator's control ({@link SimulatedMachineControl}) call whichever machine is current. The machine comes from ConfigAdmin (PID
 * {@value #PID}, property {@code machine}) or from {@code sim:load} (a description, or a sysfs
 * tree with {@code --sysroot}); replacing it swaps the whole machine at once, and listeners hear
 * about the new topology. It starts disabled; {@link SimBackendSwitch} enables it unless the
 * Linux backend was chosen.
 */
@Component(enabled = false, service = { MachineView.class, SimulatedMachineComponent.class },
        configurationPid = SimulatedMachineComponent.PID)
@Designate(ocd = SimConfig.class)
public final class SimulatedMachineComponent implements MachineView {

    static final String PID = "org.sysplug.platform.sim";

    private final Logger log;
    /** The machine now, with what tells its news on. */
    private final AtomicReference<Forwarder> machine = new AtomicReference<>();
    private final Whiteboard<TopologyListener> topologyListeners = new Whiteboard<>();
    private final Whiteboard<NotificationListener> notificationListeners = new Whiteboard<>();
    private volatile String source;

    @Activate
    public SimulatedMachineComponent(SimConfig config, @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        try {
            load(config.machine());
        } catch (DescriptionException e) {
            // a broken configured machine must not leave sysplug without one: run the default
            log.error("machine {} not loaded, running the default machine instead: {}", config.machine(), e.getMessage());
            replace(MachineSource.DEFAULT, loadDefault());
        }
    }

    @Modified
    void modified(SimConfig config) {
        if (config.machine().equals(source)) {
            return;
        }
        try {
            load(config.machine());
        } catch (DescriptionException e) {
            log.error("machine {} not loaded, keeping {}: {}", config.machine(), source, e.getMessage());
        }
    }

    /** Loads a machine description and replaces the machine with it; on error nothing changes. */
    SimMachine load(String spec) throws DescriptionException {
        return guarded(spec, () -> replace(spec, MachineSource.load(spec)));
    }

    /** Replaces the machine with the one a sysfs tree describes; on error nothing changes. */
    TreeMachine loadTree(Path tree, Topology machine) throws DescriptionException {
        String spec = "sysfs tree " + tree;
        return guarded(spec, () -> {
            TreeMachine loaded = TreeMachine.of(tree, machine);
            replace(spec, loaded.boot());
            return loaded;
        });
    }

    /** A step that loads a machine. */
    @FunctionalInterface
    interface Load<T> {
        T run() throws DescriptionException;
    }

    /**
     * Runs a load so that whatever goes wrong in it, even an Error, ends as one line for the
     * operator (sim:load, or the log of a ConfigAdmin update) and the stack trace in the log.
     * The machine is swapped only after the new one booted, so a failure before leaves it as it was.
     */
    <T> T guarded(String spec, Load<T> load) throws DescriptionException {
        Forwarder before = machine.get();
        try {
            return load.run();
        } catch (RuntimeException | Error e) {
            boolean kept = machine.get() == before;
            log.error("machine {} not loaded cleanly ({}): {}", spec, kept ? "kept " + source : "it runs", e.toString(), e);
            throw new DescriptionException(spec + ": " + failure(e) + (kept ? "; the machine stays as it was"
                    : "; the new machine runs, but not every listener heard of it") + " (the log has the details)", e);
        }
    }

    private static String failure(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "the simulator ran out of memory building it";
        }
        if (e instanceof StackOverflowError) {
            return "the simulator ran out of stack building it";
        }
        return "the simulator failed building it, a defect to report with the log";
    }

    private static MachineDescription loadDefault() {
        try {
            return MachineSource.load(MachineSource.DEFAULT);
        } catch (DescriptionException e) {
            throw new IllegalStateException("the built-in default machine does not load: " + e.getMessage(), e);
        }
    }

    private SimMachine replace(String spec, MachineDescription description) {
        return replace(spec, SimMachine.boot(description));
    }

    private SimMachine replace(String spec, SimMachine fresh) {
        Forwarder forwarder = new Forwarder(fresh);
        fresh.addListener(forwarder);
        Forwarder old = machine.getAndSet(forwarder);
        if (old != null) {
            old.source.removeListener(old);
        }
        source = spec;
        log.info("simulated machine {} loaded from {}", fresh.name(), spec);
        topologyChanged(fresh.topology());
        return fresh;
    }

    /** The machine now. */
    SimMachine machine() {
        return machine.get().source;
    }

    String source() {
        return source;
    }

    /** Whether anything acts on firmware notifications (firmware.acpi submits requests for them). */
    boolean notificationsHeard() {
        return !notificationListeners.isEmpty();
    }

    // --- listeners (whiteboard, bound by reference: see Whiteboard) -----------------------------

    @Reference(service = TopologyListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addTopologyListener(ServiceReference<TopologyListener> reference, ComponentServiceObjects<TopologyListener> objects) {
        topologyListeners.add(reference, objects);
    }

    void removeTopologyListener(ServiceReference<TopologyListener> reference) {
        topologyListeners.remove(reference);
    }

    @Reference(service = NotificationListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addNotificationListener(ServiceReference<NotificationListener> reference,
            ComponentServiceObjects<NotificationListener> objects) {
        notificationListeners.add(reference, objects);
    }

    void removeNotificationListener(ServiceReference<NotificationListener> reference) {
        notificationListeners.remove(reference);
    }

    /** A notification listener without OSGi (TestSimulator). */
    void listen(NotificationListener listener) {
        notificationListeners.add(listener);
    }

    private boolean wantsTopology() {
        return !topologyListeners.isEmpty();
    }

    private void topologyChanged(Topology topology) {
        topologyListeners.tell(l -> l.topologyChanged(topology),
                (l, e) -> log.error("topology listener {} failed: {}", l, e.toString(), e));
    }

    private void notified(String path, Notification notification) {
        if (notificationListeners.isEmpty()) {
            log.warn("firmware raised {} on {} but nothing listens: install firmware.acpi to act on it",
                    notification, path);
        }
        notificationListeners.tell(l -> l.notify(path, notification),
                (l, e) -> log.error("notification listener {} failed: {}", l, e.toString(), e));
    }

    /**
     * Hands one machine's news on to the listeners while it is the machine. What a replaced
     * machine still had to tell (its delivery was under way on another thread when it was
     * replaced) is dropped: a notification of the old machine would be answered against the new
     * one, and its topology would be heard after the new machine's.
     */
    private final class Forwarder implements SimMachine.Listener {
        private final SimMachine source;

        Forwarder(SimMachine source) {
            this.source = source;
        }

        private boolean current() {
            return machine.get() == this;
        }

        @Override
        public boolean wantsTopology() {
            return SimulatedMachineComponent.this.wantsTopology();
        }

        @Override
        public void topologyChanged(Topology topology) {
            if (current()) {
                SimulatedMachineComponent.this.topologyChanged(topology);
            }
        }

        @Override
        public void notified(String path, Notification notification) {
            if (current()) {
                SimulatedMachineComponent.this.notified(path, notification);
            } else {
                log.info("firmware raised {} on {} on machine {}, which was replaced since: dropped", notification, path,
                        source.name());
            }
        }
    }

    // --- MachineView ---------------------------------------------------------------------------

    @Override
    public Topology topology() {
        return machine().topology();
    }

    @Override
    public String describe() {
        return "sim: " + machine().name() + " (" + source + ")";
    }

    @Override
    public java.util.OptionalLong memoryFree() {
        return java.util.OptionalLong.of(machine().memoryFree());
    }
}
