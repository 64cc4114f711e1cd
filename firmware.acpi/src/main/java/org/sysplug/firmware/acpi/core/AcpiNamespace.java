package org.sysplug.firmware.acpi.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Resource;
import org.sysplug.framework.Target;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * The namespace as the OS enumerated it, private to this bundle: the one registry of device
 * objects (which firmware devices the OS took over, parent before child, and which internal driver
 * is bound to each) and the drivers that describe them (Linux's {@code scan.c} with its scan
 * handlers). Only this bundle's handlers use it; the framework and other modules never see it. The
 * objects are built on hot-add and destroyed on eject; at start it builds them for every device
 * that is present, as Linux enumerates the namespace at boot, so a booted device can be ejected.
 *
 * <p>It has no settings, so no configuration change can rebuild it and drop what it enumerated.
 *
 * <p>Thread-safe: the worker thread changes the registry while the firmware's thread asks it what
 * exists; port calls are made outside the registry's lock.
 */
@Component(service = AcpiNamespace.class, name = AcpiNamespace.NAME)
public final class AcpiNamespace {

    /** The component name. */
    public static final String NAME = "acpi.namespace";

    private final AcpiPort firmware;
    private final Logger log;
    private final List<AcpiDriver> drivers;
    /** Path to object, parents before children; guarded by this. */
    private final Map<String, AcpiObject> objects = new LinkedHashMap<>();
    /** The boot of the machine the objects describe; guarded by this. */
    private long bootId;

    /** The namespace over {@code firmware} with the standard drivers; enumerates the present devices at once. */
    @Activate
    public AcpiNamespace(@Reference AcpiPort firmware, @Reference(service = LoggerFactory.class) Logger log) {
        this(firmware, log, standardDrivers());
    }

    AcpiNamespace(AcpiPort firmware, Logger log, List<AcpiDriver> drivers) {
        this.firmware = firmware;
        this.log = log;
        this.drivers = List.copyOf(drivers);
        // the boot this module starts in may have hot-added devices already: the namespace now
        // holds them, and the kernel has their CPUs and memory
        long boot = firmware.bootId();
        enumerate(boot, firmware.namespace());
    }

    static List<AcpiDriver> standardDrivers() {
        return List.of(new ProcessorDriver(), new MemoryDriver(), new ContainerDriver());
    }

    /**
     * The objects describe the machine that booted: when it was replaced (a simulated machine
     * loaded anew), they are dropped and the new machine's namespace is enumerated as it booted,
     * before whatever is asked now is answered. Every method starts here, so nothing, not even a
     * notification the new machine raised, is judged against the old machine's objects. The
     * namespace as it booted, not as it is now: asked first by the notification of a device
     * inserted right after the boot, the namespace now already holds that device, which would be
     * taken for one present at boot and its hot-add never submitted.
     */
    private synchronized void current() {
        long boot = firmware.bootId();
        if (boot != bootId) {
            log.info("the machine was replaced: dropping {} device objects and enumerating the new namespace as it "
                    + "booted", objects.size());
            objects.clear();
            enumerate(boot, firmware.bootNamespace());
        }
    }

    /**
     * Builds the objects of every present device whose parent has one, as Linux does at boot.
     * {@code boot} is read before {@code namespace}: if the machine is replaced in between, the
     * next call sees another boot again and enumerates once more.
     */
    private void enumerate(long boot, List<AcpiDevice> namespace) {
        Set<String> devices = new LinkedHashSet<>();
        namespace.forEach(d -> devices.add(d.path()));
        synchronized (this) {
            bootId = boot;
            for (AcpiDevice d : namespace) {
                if (!usable(d)) {
                    continue;
                }
                String parent = parentPath(d.path());
                AcpiObject parentObject = parent == null ? null : objects.get(parent);
                if (parent != null && devices.contains(parent) && parentObject == null) {
                    continue; // its parent was not enumerated, so neither is it
                }
                try {
                    create(d, parentObject);
                } catch (HotplugException e) {
                    log.warn("{} is present but not enumerated: {}", d.path(), e.describe());
                }
            }
            log.info("ACPI core started: {} device objects for the present devices ({})", objects.size(),
                    summary(objects.values()));
        }
    }

    /** The object of a device, if one was built. */
    public synchronized Optional<AcpiObject> object(String path) {
        current();
        return Optional.ofNullable(objects.get(path));
    }

    public synchronized boolean hasObject(String path) {
        current();
        return objects.containsKey(path);
    }

    /** Every object, parents before children. */
    public synchronized List<AcpiObject> objects() {
        current();
        return List.copyOf(objects.values());
    }

    /** The objects of a device and of everything below it, parents first. */
    public synchronized List<AcpiObject> objectsAt(String path) {
        current();
        return objects.values().stream().filter(o -> o.isAtOrBelow(path)).toList();
    }

    /**
     * Builds the objects of a device and of every present and enabled device below it that has
     * none yet (a device that is not skips its subtree), binding the drivers. Either every object
     * is built or none is: a driver that refuses undoes what this call built.
     *
     * @return the objects built, parents first
     * @throws HotplugException ENODEV when the device is unknown, not present or enabled, or its
     *         parent has no object; a driver's refusal
     */
    public List<AcpiObject> build(String path) throws HotplugException {
        current();
        AcpiDevice root = firmware.device(path).orElseThrow(() -> new HotplugException(HotplugException.ENODEV, path,
                "no device " + path + " in the firmware namespace"));
        if (!usable(root)) {
            throw new HotplugException(HotplugException.ENODEV, path, path + " is not present and enabled (_STA 0x"
                    + Integer.toHexString(root.sta()) + "): there is nothing to enumerate");
        }
        String parent = parentPath(path);
        boolean parentIsDevice = parent != null && firmware.device(parent).isPresent();
        List<AcpiDevice> subtree = new ArrayList<>();
        collectUsable(root, subtree);
        synchronized (this) {
            AcpiObject parentObject = parent == null ? null : objects.get(parent);
            if (parentIsDevice && parentObject == null) {
                throw new HotplugException(HotplugException.ENODEV, path, "its parent " + parent
                        + " has no device object: add " + parent + " first");
            }
            List<AcpiObject> built = new ArrayList<>();
            try {
                for (AcpiDevice d : subtree) {
                    if (!objects.containsKey(d.path())) {
                        built.add(create(d, objects.get(parentPath(d.path()))));
                    }
                }
            } catch (HotplugException e) {
                remove(built);
                throw e;
            }
            if (!built.isEmpty()) {
                log.info("built {} device objects at {}: {}", built.size(), path, summary(built));
            }
            return List.copyOf(built);
        }
    }

    /** Destroys exactly these objects (by path), children first; unknown paths are skipped. */
    public synchronized void destroy(List<String> paths) {
        current();
        List<AcpiObject> gone = new ArrayList<>();
        for (String p : paths) {
            AcpiObject o = objects.get(p);
            if (o != null) {
                gone.add(o);
            }
        }
        remove(gone);
    }

    /**
     * Destroys the objects of a device and everything below it, children first, unbinding their
     * drivers.
     *
     * @return what was destroyed, parents first: what {@link #restore} takes to rebuild them
     */
    public synchronized List<AcpiObject> destroyAt(String path) {
        current();
        List<AcpiObject> gone = objectsAt(path);
        remove(gone);
        if (!gone.isEmpty()) {
            log.info("destroyed {} device objects at {}: {}", gone.size(), path, summary(gone));
        }
        return gone;
    }

    /**
     * Rebuilds destroyed objects from the devices as they were described when built, parents
     * first, binding their drivers again. Objects that exist again are skipped.
     *
     * @throws HotplugException when a driver refuses; the objects before it are rebuilt
     */
    public synchronized void restore(List<AcpiObject> destroyed) throws HotplugException {
        current();
        for (AcpiObject old : destroyed) {
            if (objects.containsKey(old.path())) {
                continue;
            }
            AcpiObject fresh = new AcpiObject(old.device(), old.node(), old.boundDriver());
            if (old.boundDriver() != null) {
                fresh.attach(old.boundDriver().add(old.device(), old.node()));
            }
            objects.put(fresh.path(), fresh);
        }
    }

    /**
     * Describes the resources of a device and of everything below it, per the request data
     * contract: a CpuResource per processor, a MemoryResource per memory range, then one
     * NodeResource (device = {@code path}) per distinct node of those.
     */
    public List<Resource> describe(String path, Topology topology) {
        current();
        List<AcpiObject> subtree = objectsAt(path);
        List<Resource> out = new ArrayList<>();
        Set<Integer> nodes = new LinkedHashSet<>();
        for (AcpiObject o : subtree) {
            if (o.boundDriver() == null || !o.attached()) {
                continue;
            }
            for (Resource r : o.boundDriver().resources(o, topology)) {
                out.add(r);
                if (r instanceof CpuResource c) {
                    nodes.add(c.node());
                } else if (r instanceof MemoryResource m) {
                    nodes.add(m.node());
                }
            }
        }
        for (int n : nodes) {
            out.add(new NodeResource(path, n));
        }
        return out;
    }

    /** Under the lock: builds one object and binds its driver. */
    private AcpiObject create(AcpiDevice d, AcpiObject parent) throws HotplugException {
        int node = d.pxm().isPresent() ? d.pxm().getAsInt() : parent != null ? parent.node() : 0;
        AcpiDriver driver = null;
        for (AcpiDriver candidate : drivers) {
            if (candidate.binds(d)) {
                driver = candidate;
                break;
            }
        }
        AcpiObject o = new AcpiObject(d, node, driver);
        if (driver != null) {
            o.attach(driver.add(d, node));
        }
        objects.put(d.path(), o);
        return o;
    }

    /** Under the lock: unbinds and forgets objects, last first. */
    private void remove(List<AcpiObject> gone) {
        for (int i = gone.size() - 1; i >= 0; i--) {
            AcpiObject o = gone.get(i);
            if (objects.remove(o.path(), o) && o.boundDriver() != null) {
                o.boundDriver().remove(o);
                o.detach();
            }
        }
    }

    private void collectUsable(AcpiDevice d, List<AcpiDevice> out) {
        if (!usable(d)) {
            return;
        }
        out.add(d);
        for (String child : d.children()) {
            Optional<AcpiDevice> c = firmware.device(child);
            if (c.isPresent()) {
                collectUsable(c.get(), out);
            }
        }
    }

    private static boolean usable(AcpiDevice d) {
        return d.present() && d.enabled();
    }

    /** {@code \_SB.NOD1} for {@code \_SB.NOD1.CP00}; null for a path of one segment. */
    public static String parentPath(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : path.substring(0, dot);
    }

    /** What objects are, by driver: {@code container, memory, 8 processor}. */
    public static String summary(Collection<AcpiObject> objects) {
        Map<String, Integer> counts = new TreeMap<>();
        for (AcpiObject o : objects) {
            counts.merge(o.driver().orElse("no driver"), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v == 1 ? "" : v + " ").append(k));
        return sb.toString();
    }

    /**
     * The firmware paths a hot-plug request targets, in order, without duplicates and without
     * paths below another target (the enumeration of that target covers them).
     */
    public static List<String> targetPaths(HotplugRequest request) {
        List<String> paths = new ArrayList<>();
        for (Target t : request.targets()) {
            if (t.isFirmwarePath() && !paths.contains(t.name())) {
                paths.add(t.name());
            }
        }
        return paths.stream().filter(p -> paths.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q + "."))).toList();
    }
}
