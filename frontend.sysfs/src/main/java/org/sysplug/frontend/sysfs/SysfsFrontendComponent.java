package org.sysplug.frontend.sysfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.sim.control.SimulatedMachine;

/**
 * Serves the running machine as a sysfs tree at {@code DIR/sys} when the framework property
 * {@value #DIR} names DIR ({@code java -jar sysplug.jar --serve-sysfs DIR}), and does nothing
 * otherwise. When this machine cannot serve FUSE (no {@code /dev/fuse}, no {@code fusermount}, no
 * libfuse), or the directory cannot take the mount, it says so in one line on the console and stays
 * inactive; the platform runs on. The tree is unmounted when the component stops (the platform's
 * exit), and a mount left by a sysplug killed with -9 is taken away before mounting again.
 */
@Component(immediate = true)
public final class SysfsFrontendComponent implements MachineTree.Machine {

    /** The framework property that names DIR. */
    public static final String DIR = "sysplug.sysfs.dir";

    private final Logger log;
    private final RequestQueue queue;
    private volatile MachineView view;
    private volatile AcpiPort firmware;
    private volatile FaultFiles faults;
    private SysfsMount mount;
    /** The {@code DIR/proc/cpuinfo} this component wrote (and {@code DIR/proc} if it made it), to remove at exit. */
    private List<Path> cpuinfo = List.of();

    @Activate
    public SysfsFrontendComponent(BundleContext context, @Reference RequestQueue queue,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.queue = queue;
        this.log = log;
        String dir = context.getProperty(DIR);
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path mountPoint = SysfsMount.mountPoint(dir);
        String missing = SysfsMount.missing();
        if (missing != null) {
            refuse(mountPoint, missing);
            return;
        }
        try {
            SysfsMount.prepare(mountPoint);
            MachineTree tree = new MachineTree(this, new RequestWrites(() -> this.queue, log));
            this.mount = SysfsMount.mount(mountPoint, new SysfsFs(tree, log));
            this.cpuinfo = SysfsMount.cpuinfo(mountPoint.getParent());
            log.info("serving {} as a sysfs tree at {}", view == null ? "the machine" : view.describe(), mountPoint);
            System.err.println("sysplug: serving the machine as a sysfs tree at " + mountPoint);
        } catch (IOException | RuntimeException | LinkageError e) {
            log.error("cannot serve a sysfs tree at {}", mountPoint, e);
            // what was done before the failure (the mount, a cpuinfo) is undone: "not serving" must be true
            deactivate();
            refuse(mountPoint, e.getMessage());
        }
    }

    private void refuse(Path mountPoint, String why) {
        log.error("not serving a sysfs tree at {}: {}", mountPoint, why);
        System.err.println("sysplug: not serving a sysfs tree at " + mountPoint + ": " + why);
    }

    @Deactivate
    void deactivate() {
        if (mount != null) {
            mount.unmount();
            log.info("unmounted {}", mount.mountPoint());
            mount = null;
        }
        for (int i = cpuinfo.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(cpuinfo.get(i));
            } catch (IOException e) {
                log.warn("cannot remove {}: {}", cpuinfo.get(i), e.getMessage());
            }
        }
        cpuinfo = List.of();
    }

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindView(MachineView v) {
        this.view = v;
    }

    void unbindView(MachineView v) {
        // the dynamic reference is mandatory: a replacement is bound first, or the component stops
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFirmware(AcpiPort port) {
        this.firmware = port;
    }

    void unbindFirmware(AcpiPort port) {
        if (this.firmware == port) {
            this.firmware = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSimulator(SimulatedMachine sim) {
        this.faults = new FaultFiles(sim);
    }

    void unbindSimulator(SimulatedMachine sim) {
        FaultFiles f = this.faults;
        if (f != null && f.simulator() == sim) {
            this.faults = null;
        }
    }

    @Override
    public Topology topology() {
        return view.topology();
    }

    @Override
    public Optional<AcpiPort> firmware() {
        return Optional.ofNullable(firmware);
    }

    @Override
    public Optional<FaultFiles> faults() {
        return Optional.ofNullable(faults);
    }
}
