package org.sysplug.platform.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Target;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.SysfsTree;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * The Linux backend: the machine below the configured sysroot ({@link LinuxSettings}) and its
 * read view. Disabled until {@link BackendSwitch} enables it (framework property
 * {@code sysplug.backend=linux}), so that it and the simulator never both offer ports.
 *
 * <p>When it runs, it hears kernel hot-plug events ({@link UeventMonitor}) and does what the
 * usual udev rule does, through the request queue: a {@code cpuN} or {@code memoryN} that
 * appears offline is brought online by one ONLINE request (events that arrive together become
 * one request), origin {@code uevent}. Every event also tells the machine what to read again.
 */
@Component(enabled = false, service = { MachineView.class, SysfsTree.class, LinuxBackendComponent.class })
public final class LinuxBackendComponent implements MachineView, SysfsTree {

    /** How long events are gathered into one request after the last one arrived. */
    static final Duration QUIET = Duration.ofMillis(50);

    private final Logger log;
    private final LinuxSettings settings;
    private final LinuxMachine machine;
    private final LinuxAcpi acpi;
    private final BlockingQueue<UeventMonitor.Event> events = new LinkedBlockingQueue<>();
    private final UeventMonitor monitor;
    private final Thread dispatcher;
    private volatile RequestQueue queue;

    @Activate
    public LinuxBackendComponent(BundleContext context, @Reference(service = LoggerFactory.class) Logger log)
            throws IOException {
        this.log = log;
        this.settings = LinuxSettings.of(context::getProperty);
        Sysroot root = Sysroot.of(settings.sysroot(), settings.access());
        if (!root.isDirectory("sys/devices/system")) {
            throw new IOException(settings.sysroot() + " holds no sys/devices/system: give the directory that contains sys/");
        }
        this.machine = new LinuxMachine(root);
        this.acpi = new LinuxAcpi(machine);
        Topology t = machine.topology();
        if (settings.access() == Sysroot.Access.LIVE) {
            log.warn("LIVE on {}: requests write to its sysfs and change the running kernel", settings.sysroot());
        }
        log.info("Linux backend on {}: {} CPUs, {} memory blocks, {} nodes", settings.describe(), t.cpus().size(),
                t.memory().size(), t.nodes().size());
        this.monitor = startMonitor(root);
        this.dispatcher = new Thread(this::dispatch, "sysplug-uevent-requests");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    private UeventMonitor startMonitor(Sysroot root) throws IOException {
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

    @Deactivate
    void deactivate() {
        if (monitor != null) {
            monitor.close();
        }
        dispatcher.interrupt();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setQueue(RequestQueue q) {
        this.queue = q;
    }

    void unsetQueue(RequestQueue q) {
        if (this.queue == q) {
            this.queue = null;
        }
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
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<UeventMonitor.Event> batch = new ArrayList<>();
                batch.add(events.take());
                UeventMonitor.Event next;
                while ((next = events.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    batch.add(next);
                }
                handle(batch);
            }
        } catch (InterruptedException stopped) {
            // deactivated
        }
    }

    /**
     * Updates the view (a device that came or went: everything is read again; a device that went
     * online or offline: that device) and onlines, in one request per kind, the devices that
     * arrived offline.
     */
    void handle(List<UeventMonitor.Event> batch) {
        for (UeventMonitor.Event e : batch) {
            if (e.action().equals("add") || e.action().equals("remove")) {
                machine.invalidate();
            } else {
                machine.changed(e.device());
            }
        }
        List<String> cpus = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        Topology t;
        try {
            t = machine.topology();
        } catch (IOException e) {
            log.warn("kernel events {} heard but the tree cannot be read: {}", batch, e.getMessage());
            return;
        }
        for (UeventMonitor.Event e : batch) {
            if (!e.action().equals("add")) {
                continue;
            }
            if (e.isCpu()) {
                t.cpu(e.index()).filter(c -> c.present() && !c.online() && c.hotpluggable())
                        .map(CpuInfo::id).ifPresent(id -> cpus.add("cpu" + id));
            } else {
                t.block(e.index()).filter(b -> !b.online()).map(MemoryBlock::id).ifPresent(id -> blocks.add("memory" + id));
            }
        }
        submit(cpus);
        submit(blocks);
    }

    private void submit(List<String> targets) {
        if (targets.isEmpty()) {
            return;
        }
        RequestQueue q = queue;
        if (q == null) {
            log.warn("{} appeared offline; no request queue runs to bring them online", targets);
            return;
        }
        List<Target> list = new ArrayList<>();
        targets.forEach(n -> list.add(Target.of(n)));
        var submission = q.submit(HotplugRequest.of(Operation.ONLINE).targets(list).origin("uevent").build());
        log.info("request {}: online {} (appeared offline)", submission.id(), targets.size() == 1 ? targets.get(0)
                : targets.size() + " devices");
    }

    // --- MachineView ---------------------------------------------------------------------------

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

    @Override
    public String describe() {
        return settings.describe();
    }
}
