package org.sysplug.platform.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.sysplug.platform.DeviceEvent;
import org.sysplug.platform.DeviceListener;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.SysfsTree;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * The Linux backend: the machine below the configured sysroot ({@link LinuxSettings}) and its
 * read view. Disabled until {@link BackendSwitch} enables it (framework property
 * {@code sysplug.backend=linux}), so that it and the simulator never both offer ports.
 *
 * <p>When it runs, it hears kernel hot-plug events ({@link UeventMonitor}): every event tells
 * the machine what to read again, and the events that arrive together are reported, with the
 * machine after them, to the {@link DeviceListener}s (whiteboard). The backend reports and
 * decides nothing: what to do about a device that appeared offline (the usual udev rule onlines
 * it) is a policy's choice, such as the auto-online component's, which submits the request.
 */
@Component(enabled = false, service = { MachineView.class, SysfsTree.class, LinuxBackendComponent.class },
        configurationPid = LinuxBackendComponent.PID)
@Designate(ocd = LinuxConfig.class)
public final class LinuxBackendComponent implements MachineView, SysfsTree {

    /** The configuration PID of the backend's changeable settings ({@link LinuxConfig}). */
    static final String PID = "org.sysplug.platform.linux";

    /** How long events are gathered into one request after the last one arrived. */
    static final Duration QUIET = Duration.ofMillis(50);
    /**
     * How long events are gathered at most, however fast they keep coming: a coldplug storm of
     * thousands of blocks becomes a request per second of it, and the first block of a storm
     * that never pauses still goes online.
     */
    static final Duration LONGEST_BATCH = Duration.ofSeconds(1);

    private final Logger log;
    private final UnaryOperator<String> frameworkProperties;
    private volatile LinuxSettings settings;
    private final LinuxMachine machine;
    private final LinuxAcpi acpi;
    private final BlockingQueue<UeventMonitor.Event> events = new LinkedBlockingQueue<>();
    /** The running monitor, or null ({@code off}); replaced when its configuration changes. */
    private UeventMonitor monitor;
    private final Thread dispatcher;
    @Reference(service = DeviceListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<DeviceListener> listeners = List.of();

    @Activate
    public LinuxBackendComponent(BundleContext context, Map<String, Object> configuration,
            @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this.log = log;
        this.frameworkProperties = context::getProperty;
        LinuxSettings configured;
        try {
            configured = LinuxSettings.of(LinuxSettings.configured(configuration, frameworkProperties));
        } catch (IllegalArgumentException e) {
            // a bad configuration must not take the backend away: the framework properties still hold
            log.error("configuration {}: {}; the framework properties apply", PID, e.getMessage());
            configured = LinuxSettings.of(frameworkProperties);
        }
        this.settings = configured;
        // open: the root and the directories used last stay open (pinned, so no less safe) until
        // deactivate, which makes a request's thousands of writes cheap
        Sysroot root = Sysroot.open(settings.sysroot(), settings.access());
        try {
            if (!root.isDirectory("sys/devices/system")) {
                throw new IOException(settings.sysroot() + " holds no sys/devices/system: give the directory that contains sys/");
            }
            this.machine = new LinuxMachine(root, w -> log.warn("{}: {}", settings.describe(), w));
            this.acpi = new LinuxAcpi(machine);
            Topology t = machine.topology();
            if (settings.access() == Sysroot.Access.LIVE) {
                log.warn("LIVE on {}: requests write to its sysfs and change the running kernel", settings.sysroot());
            }
            log.info("Linux backend on {}: {} CPUs, {} memory blocks, {} nodes", settings.describe(), t.cpus().size(),
                    t.memory().size(), t.nodes().size());
            this.monitor = startMonitor(settings, root);
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
        this.dispatcher = new Thread(this::dispatch, "sysplug-uevent-requests");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    private UeventMonitor startMonitor(LinuxSettings settings, Sysroot root) throws IOException {
        LinuxSettings.Monitor m = settings.monitor();
        if (m == LinuxSettings.Monitor.AUTO) {
            m = settings.access() == Sysroot.Access.LIVE && UeventMonitor.udevadmAvailable()
                    ? LinuxSettings.Monitor.UDEVADM : LinuxSettings.Monitor.POLL;
        }
        return switch (m) {
            case OFF -> null;
            case UDEVADM -> UeventMonitor.process(UeventMonitor.UDEVADM, events::add, log::warn);
            default -> UeventMonitor.poll(root, settings.interval(), events::add, log::warn);
        };
    }

    /**
     * A changed monitor applies in place: the new one starts on the same tree, then the old one
     * stops, while the ports go on serving (a rebuilt component would take them away and back);
     * a refused value, or a monitor that does not start, leaves the running one as it was.
     */
    @Modified
    synchronized void modified(Map<String, Object> configuration) {
        LinuxSettings next;
        try {
            next = LinuxSettings.of(LinuxSettings.configured(configuration, frameworkProperties));
        } catch (IllegalArgumentException e) {
            log.error("configuration {}: {}; the monitor stays {}", PID, e.getMessage(), describeMonitor(settings));
            return;
        }
        if (next.monitor() == settings.monitor() && next.interval().equals(settings.interval())) {
            return;
        }
        UeventMonitor started;
        try {
            started = startMonitor(next, machine.sysroot());
        } catch (IOException e) {
            log.error("kernel event monitor {} does not start: {}; it stays {}", describeMonitor(next), e.getMessage(),
                    describeMonitor(settings));
            return;
        }
        // the new one first, so that a failed start leaves the old one hearing; an event both hear is harmless
        // (a device already online needs nothing)
        if (monitor != null) {
            monitor.close();
        }
        LinuxSettings before = settings;
        settings = next;
        monitor = started;
        log.info("kernel event monitor is now {} (was {})", describeMonitor(next), describeMonitor(before));
    }

    private static String describeMonitor(LinuxSettings s) {
        return s.monitor().name().toLowerCase(Locale.ROOT)
                + (s.monitor() == LinuxSettings.Monitor.POLL ? " every " + s.interval().toMillis() + " ms" : "");
    }

    @Deactivate
    synchronized void deactivate() {
        if (monitor != null) {
            monitor.close();
        }
        dispatcher.interrupt();
        machine.sysroot().close();
    }

    LinuxMachine machine() {
        return machine;
    }

    LinuxAcpi acpi() {
        return acpi;
    }

    LinuxSettings settings() {
        return settings;
    }

    // --- events --------------------------------------------------------------------------------

    private void dispatch() {
        EventBatches<UeventMonitor.Event> batches = new EventBatches<>(events, QUIET, LONGEST_BATCH);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                handle(batches.next());
            }
        } catch (InterruptedException stopped) {
            // deactivated
        }
    }

    /**
     * Updates the view (a CPU that came or went: everything is read again; a memory block that
     * came, went, or went online or offline: that block; a CPU that went online or offline: that
     * CPU), then tells the listeners what happened and what the
     * machine is now.
     */
    void handle(List<UeventMonitor.Event> batch) {
        List<DeviceEvent> events = new ArrayList<>();
        for (UeventMonitor.Event e : batch) {
            if (e.action().equals("add") || e.action().equals("remove")) {
                machine.cameOrWent(e.device());
            } else {
                machine.changed(e.device());
            }
            deviceEvent(e).ifPresent(events::add);
        }
        if (events.isEmpty()) {
            return;
        }
        Topology t;
        try {
            t = machine.topology();
        } catch (IOException e) {
            log.warn("kernel events {} heard but the tree cannot be read: {}", events, e.getMessage());
            return;
        }
        List<DeviceListener> told = listeners;
        if (told.isEmpty()) {
            log.info("kernel events {}: no device listener runs (the auto-online policy, policy.autoonline, "
                    + "onlines what appears offline)", events);
        }
        for (DeviceListener l : told) {
            try {
                l.devicesChanged(List.copyOf(events), t);
            } catch (RuntimeException e) {
                log.error("device listener {} failed on {}", l.getClass().getName(), events, e);
            }
        }
    }

    /** The event as the platform API reports it; other uevent actions (change, bind...) only refresh the view. */
    private static Optional<DeviceEvent> deviceEvent(UeventMonitor.Event e) {
        try {
            return Optional.of(new DeviceEvent(DeviceEvent.Action.of(e.action()), e.device()));
        } catch (IllegalArgumentException notOne) {
            return Optional.empty();
        }
    }

    // --- MachineView ---------------------------------------------------------------------------

    @Override
    public java.util.OptionalLong memoryFree() {
        try {
            return machine.memoryFree();
        } catch (IOException e) {
            log.warn("cannot read {} below {}: {}", LinuxMachine.MEMINFO, settings.sysroot(), e.getMessage());
            return java.util.OptionalLong.empty();
        }
    }

    @Override
    public Topology topology() {
        try {
            return machine.topology();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the machine below " + settings.sysroot() + ": " + e.getMessage(), e);
        }
    }

    // --- SysfsTree ------------------------------------------------------------------------------

    @Override
    public Sysroot sysroot() {
        return machine.sysroot().readOnly();
    }

    /** What the tree is, and which devices it leaves out as unknown (the log has each one's reason). */
    @Override
    public String describe() {
        Set<String> unknown = machine.unknownDevices().keySet();
        if (unknown.isEmpty()) {
            return settings.describe();
        }
        List<String> names = unknown.stream().sorted().limit(8).toList();
        return settings.describe() + "; state unknown, left out: " + String.join(", ", names)
                + (unknown.size() > names.size() ? " and " + (unknown.size() - names.size()) + " more" : "")
                + " (the log says why)";
    }
}
