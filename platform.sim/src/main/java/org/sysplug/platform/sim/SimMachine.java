package org.sysplug.platform.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;
import org.sysplug.platform.sim.Faults.Subject;
import org.sysplug.platform.sim.control.OstRecord;
import org.sysplug.platform.sim.description.AcpiPaths;
import org.sysplug.platform.sim.description.MachineDescription;
import org.sysplug.platform.sim.description.MachineDescription.Kind;
import org.sysplug.platform.sim.description.MachineDescription.Range;

/**
 * A simulated machine that behaves like a Linux kernel on ACPI firmware: the kernel side
 * ({@link Kernel}: CPUs, memory blocks, nodes) that the ports drive, the firmware side
 * ({@link Firmware}: the namespace, {@code _EJ0} and friends), hardware events an operator
 * causes (insert, eject button, surprise removal, pinned pages) and injected faults.
 *
 * <p>Thread-safe with one lock. Every operation first consults {@link #faults()} without the
 * lock (a delay or hang blocks only its caller), then checks its rules and changes the
 * machine under the lock; a refused operation changes nothing.
 *
 * <p>Listeners are told after the change, outside the lock, in the order of the changes
 * ({@link ListenerQueue}); a listener may call back into the machine and may wait for other
 * threads that do.
 */
final class SimMachine {

    /** Told of changes and of the notifications the firmware raises; called outside the machine's lock. */
    interface Listener {

        /** The machine changed; {@code topology} is the state right after the change. */
        default void topologyChanged(Topology topology) {
        }

        /** The firmware raised a notification on a device. */
        default void notified(String path, Notification notification) {
        }

        /**
         * Whether this listener wants {@link #topologyChanged} now. A snapshot of a large machine
         * costs a quarter of a millisecond; when no listener wants one, a change builds none, so
         * onlining thousands of blocks stays fast.
         */
        default boolean wantsTopology() {
            return true;
        }
    }

    @FunctionalInterface
    private interface Change<T> {
        T apply() throws PortException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final MachineDescription description;
    private final Revision revision = new Revision();
    private final Kernel kernel;
    private final Firmware firmware;
    private final Faults faults = new Faults();
    /** Tells one boot from another: a machine loaded anew is another boot (see AcpiPort.bootId). */
    private final long bootId = System.nanoTime();
    /** The namespace before any hardware event of this boot (see AcpiPort.bootNamespace). */
    private final List<AcpiDevice> bootNamespace;
    private final ListenerQueue listeners = new ListenerQueue();
    private final MachineLogs logs = new MachineLogs();
    /** Notifications the current change raised; guarded by the lock. */
    private final List<ListenerQueue.Raised> raised = new ArrayList<>();
    private long generation;
    /** The kernel's auto_online_blocks: offline, as a kernel built without MEMORY_HOTPLUG_DEFAULT_ONLINE boots. */
    private String autoOnlineBlocks = "offline";
    private Topology topology;
    private List<AcpiDevice> namespace;

    private SimMachine(MachineDescription description, Function<Revision, Kernel> kernel) {
        this.description = description;
        this.kernel = kernel.apply(revision);
        this.firmware = new Firmware(description, revision);
        // booting the kernel leaves the firmware as described: this is what the OS enumerates at boot
        this.bootNamespace = firmware.namespace();
    }

    /**
     * Builds the firmware from the description and boots the kernel on it: every present
     * processor is registered and online (in namespace order, so the first is cpu0, the boot
     * CPU), every present memory range added and online in its boot zone, their nodes online.
     *
     * @throws IllegalArgumentException if the description cannot boot (a parsed description always can)
     */
    static SimMachine boot(MachineDescription description) {
        SimMachine machine = new SimMachine(description, revision -> new Kernel(description.possibleCpus(),
                description.possibleNodes(), description.blockSize(), description.bootCpuHotpluggable(),
                description.movableNode(), revision));
        machine.bootKernel();
        return machine;
    }

    /**
     * Boots the kernel straight into a state, as a sysfs tree showed it ({@link TreeMachine} has
     * made it one the kernel's rules allow): the possible CPUs and nodes of the state; every
     * present CPU registered at its logical id, with its id as APIC id, online or offline, and
     * not hot-pluggable when the state says so; every node online or offline; every block added
     * to its node, online in its zone or offline, showing its valid zones until it changes state;
     * the description's unmovable ranges marked. The firmware is the description's.
     *
     * @throws IllegalArgumentException if the state breaks a rule of the kernel (a TreeMachine's never does)
     */
    static SimMachine restore(MachineDescription description, Topology state, String fixedBecause) {
        BitSet cpus = new BitSet();
        BitSet fixed = new BitSet();
        for (CpuInfo c : state.cpus()) {
            cpus.set(c.id());
            fixed.set(c.id(), !c.hotpluggable());
        }
        BitSet nodes = new BitSet();
        state.nodes().forEach(n -> nodes.set(n.id()));
        SimMachine machine = new SimMachine(description,
                revision -> new Kernel(cpus, fixed, fixedBecause, nodes, description.blockSize(), revision));
        machine.restoreKernel(state);
        return machine;
    }

    private void restoreKernel(Topology state) {
        try {
            for (NodeInfo n : state.nodes()) {
                if (n.online()) {
                    kernel.nodeOnline(n.id());
                }
            }
            for (CpuInfo c : state.cpus()) {
                if (c.present()) {
                    kernel.cpus().registerAt(c.id(), c.apicId(), c.node());
                    if (c.online()) {
                        kernel.cpuOnline(c.id());
                    }
                }
            }
            for (MemoryBlock b : state.memory()) {
                kernel.memoryAdd(b.start(), b.size(), b.node());
                if (b.online()) {
                    kernel.memory().bootOnline(b.id(), b.zone());
                }
                kernel.memory().showZones(b.id(), b.validZones());
            }
            markUnmovable();
        } catch (PortException e) {
            throw new IllegalArgumentException("cannot boot " + description.source() + ": " + e.describe(), e);
        }
        generation = 1;
    }

    private void bootKernel() {
        try {
            for (MachineDescription.Device d : description.devices()) {
                if (d.present() && d.kind() == Kind.PROCESSOR) {
                    kernel.cpuOnline(kernel.cpuRegister(d.apicId(), d.node()));
                }
            }
            for (MachineDescription.Device d : description.devices()) {
                if (d.present() && d.kind() == Kind.MEMORY) {
                    for (Range r : d.ranges()) {
                        for (int block : kernel.memoryAdd(r.start(), r.size(), d.node())) {
                            kernel.memory().bootOnline(block, d.bootZone());
                        }
                    }
                }
            }
            markUnmovable();
        } catch (PortException e) {
            throw new IllegalArgumentException("cannot boot " + description.source() + ": " + e.describe(), e);
        }
        generation = 1;
    }

    private void markUnmovable() {
        long blockSize = description.blockSize();
        for (Range r : description.unmovable()) {
            for (long block = r.start() / blockSize; block <= (r.end() - 1) / blockSize; block++) {
                kernel.memory().markUnmovable((int) block);
            }
        }
    }

    /** The description's name. */
    String name() {
        return description.name();
    }

    MachineDescription description() {
        return description;
    }

    /** The machine now: an immutable snapshot, rebuilt only after a change. */
    /**
     * Free memory as the simulated kernel counts it: the online memory, less what the kernel itself
     * holds there, which is the blocks with unmovable pages (the description's kernel image and early
     * allocations, and blocks pinned since) and the memmap of every added block (a 64-byte struct page
     * per 4 KiB page). The simulator runs no processes: nothing else uses memory.
     */
    long memoryFree() {
        long free = 0;
        for (org.sysplug.platform.MemoryBlock b : topology().memory()) {
            if (b.online() && b.removable()) {
                free += b.size();
            }
            free -= b.size() / 64;
        }
        return Math.max(0, free);
    }

    Topology topology() {
        lock.lock();
        try {
            if (topology == null) {
                topology = new Topology(kernel.nodes().views(), kernel.cpus().views(), kernel.memory().blockSize(),
                        kernel.memory().views(), generation);
            }
            return topology;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The machine now, every view made afresh and copied (nothing shared with the snapshots handed
     * out): what {@link #topology()} must equal. The tests compare the two after every change.
     */
    Topology topologyBuiltAnew() {
        return read(() -> new Topology(kernel.nodes().viewsBuiltAnew(), kernel.cpus().viewsBuiltAnew(),
                kernel.memory().blockSize(), kernel.memory().viewsBuiltAnew(), generation));
    }

    /** Counts the changes of the machine, kernel and firmware: 1 after boot. */
    long generation() {
        return read(() -> generation);
    }

    // ---------------------------------------------------------------- kernel side (the ports)

    void cpuOnline(int cpu) throws PortException {
        faults.consult(MachineOperation.CPU_ONLINE, () -> cpuSubject(cpu));
        change(() -> {
            kernel.cpuOnline(cpu);
            return null;
        });
    }

    void cpuOffline(int cpu) throws PortException {
        faults.consult(MachineOperation.CPU_OFFLINE, () -> cpuSubject(cpu));
        change(() -> {
            kernel.cpuOffline(cpu);
            return null;
        });
    }

    /** Maps a hot-added CPU: returns the lowest free logical id, present and offline. */
    int cpuRegister(long apicId, int node) throws PortException {
        faults.consult(MachineOperation.CPU_REGISTER, () -> read(() -> {
            OptionalInt free = kernel.cpus().lowestFree();
            return free.isPresent() ? Subject.of(Names.cpu(free.getAsInt()), Names.node(node)) : Subject.of(Names.node(node));
        }));
        return change(() -> kernel.cpuRegister(apicId, node));
    }

    void cpuUnregister(int cpu) throws PortException {
        faults.consult(MachineOperation.CPU_UNREGISTER, () -> cpuSubject(cpu));
        change(() -> {
            kernel.cpuUnregister(cpu);
            return null;
        });
    }

    long blockSize() {
        return description.blockSize();
    }

    /** Adds a range to a node as offline blocks; returns their ids. */
    List<Integer> memoryAdd(long start, long size, int node) throws PortException {
        faults.consult(MachineOperation.MEMORY_ADD, () -> rangeSubject(start, size, Set.of(node)));
        return change(() -> kernel.memoryAdd(start, size, node));
    }

    void memoryOnline(int block, OnlineType type) throws PortException {
        faults.consult(MachineOperation.MEMORY_ONLINE, () -> blockSubject(block));
        change(() -> {
            kernel.memoryOnline(block, type);
            return null;
        });
    }

    void memoryOffline(int block) throws PortException {
        faults.consult(MachineOperation.MEMORY_OFFLINE, () -> blockSubject(block));
        change(() -> {
            kernel.memoryOffline(block);
            return null;
        });
    }

    void memoryRemove(long start, long size) throws PortException {
        faults.consult(MachineOperation.MEMORY_REMOVE, () -> rangeSubject(start, size, read(() -> nodesOf(start, size))));
        change(() -> {
            kernel.memoryRemove(start, size);
            return null;
        });
    }

    void nodeOnline(int node) throws PortException {
        faults.consult(MachineOperation.NODE_ONLINE, () -> Subject.of(Names.node(node)));
        change(() -> {
            kernel.nodeOnline(node);
            return null;
        });
    }

    void nodeOffline(int node) throws PortException {
        faults.consult(MachineOperation.NODE_OFFLINE, () -> Subject.of(Names.node(node)));
        change(() -> {
            kernel.nodeOffline(node);
            return null;
        });
    }

    // ---------------------------------------------------------------- firmware side (AcpiPort)

    Optional<AcpiDevice> device(String path) {
        return read(() -> firmware.find(path).map(firmware::view));
    }

    /** Every device object, parents before children. */
    List<AcpiDevice> namespace() {
        return read(() -> {
            if (namespace == null) {
                namespace = firmware.namespace();
            }
            return namespace;
        });
    }

    /** Every device object as the machine booted, before any hardware event: what the OS enumerates at boot. */
    List<AcpiDevice> bootNamespace() {
        return bootNamespace;
    }

    /** A device's presence, power and lock state; empty when the path names none. */
    Optional<DeviceState> deviceState(String path) {
        return read(() -> firmware.find(path).map(firmware::state));
    }

    /** {@code _PS3}: the device powers off. Nothing else happens: the OS is expected to have let go of it. */
    void powerOff(String path) throws PortException {
        faults.consult(MachineOperation.ACPI_PS3, () -> Subject.of(AcpiPaths.canonical(path)));
        change(() -> {
            Firmware.Device d = firmware.requirePresent(path, "_PS3");
            firmwareCall("_PS3 " + d.path());
            firmware.setPowered(d, false);
            return null;
        });
    }

    /** {@code _LCK(1)} or {@code _LCK(0)}. */
    void lock(String path, boolean locked) throws PortException {
        faults.consult(MachineOperation.ACPI_LOCK, () -> Subject.of(AcpiPaths.canonical(path)));
        change(() -> {
            Firmware.Device d = firmware.requirePresent(path, "_LCK");
            firmwareCall("_LCK(" + (locked ? 1 : 0) + ") " + d.path());
            firmware.setLocked(d, locked);
            return null;
        });
    }

    /**
     * {@code _EJ0}: the device and all below it leave their slots. Like real firmware it does
     * not ask the OS: CPUs (by APIC id) and memory blocks (by range) the kernel still has vanish
     * with them, and the hardware log says what the OS lost.
     */
    void eject(String path) throws PortException {
        faults.consult(MachineOperation.ACPI_EJECT, () -> Subject.of(AcpiPaths.canonical(path)));
        change(() -> {
            Firmware.Device d = firmware.require(path);
            if (!d.spec.ejectable()) {
                throw new PortException(Errno.ENODEV, d.path(), d.path()
                        + " has no _EJ0: it is not ejectable (eject the container or slot it sits in)");
            }
            if (!d.present) {
                throw new PortException(Errno.ENODEV, d.path(), d.path() + " is not present (_STA is 0): nothing to eject");
            }
            firmwareCall("_EJ0 " + d.path());
            removeHardware(d, "_EJ0 on " + d.path());
            return null;
        });
    }

    /** {@code _OST}: recorded in {@link #ostLog()}. The device need not be present (after an eject it is not). */
    void ost(String path, OstEvent event, OstStatus status) throws PortException {
        faults.consult(MachineOperation.ACPI_OST, () -> Subject.of(AcpiPaths.canonical(path)));
        change(() -> {
            Firmware.Device d = firmware.require(path);
            logs.ost(d.path(), event, status);
            return null;
        });
    }

    /** The values {@code auto_online_blocks} takes, as the kernel lists them. */
    static final List<String> AUTO_ONLINE_VALUES = List.of("offline", "online", "online_kernel", "online_movable");

    /**
     * The simulated kernel's {@code auto_online_blocks}: reported to whoever asks (a policy that
     * must not race the kernel), not acted on: the simulator's memory is added offline and the
     * memory module onlines it by its own {@code online.policy}.
     */
    String autoOnlineBlocks() {
        return read(() -> autoOnlineBlocks);
    }

    /** EINVAL for a value the kernel refuses, naming the four it takes. */
    void setAutoOnlineBlocks(String value) throws PortException {
        if (!AUTO_ONLINE_VALUES.contains(value)) {
            throw new PortException(Errno.EINVAL, "auto_online_blocks", "auto_online_blocks cannot be '" + value
                    + "': the kernel takes " + String.join(", ", AUTO_ONLINE_VALUES));
        }
        change(() -> {
            autoOnlineBlocks = value;
            return null;
        });
    }

    boolean profileEnabled(String hotplugClass) {
        return read(() -> firmware.profileEnabled(hotplugClass));
    }

    /** EINVAL for a class other than processor, memory, container. */
    void setProfileEnabled(String hotplugClass, boolean enabled) throws PortException {
        change(() -> {
            firmware.setProfileEnabled(hotplugClass, enabled);
            return null;
        });
    }

    /** Every {@code _OST} received, oldest first. */
    List<OstRecord> ostLog() {
        return read(logs::ost);
    }

    /** One line per hardware event and firmware surprise, oldest first. */
    List<String> hardwareLog() {
        return read(logs::hardware);
    }

    /** The control methods the OS evaluated ({@code _PS3 \_SB.NOD1}, {@code _LCK(0) ...}, {@code _EJ0 ...}, {@code _OST ...}), in order. */
    List<String> firmwareCalls() {
        return read(logs::firmwareCalls);
    }

    // ---------------------------------------------------------------- hardware events

    /**
     * A device (and everything below it) is put in its slot: present and powered. Raises
     * DEVICE_CHECK on it, or BUS_CHECK for a container, and returns what it raised. The kernel
     * does not change: the OS must answer the notification.
     *
     * @throws PortException ENODEV for an unknown path or a slot whose parent is absent, EBUSY when already present
     */
    Notification insert(String path) throws PortException {
        return change(() -> {
            Firmware.Device d = firmware.require(path);
            if (d.present) {
                throw new PortException(Errno.EBUSY, d.path(), d.path() + " is already present: eject it before inserting it");
            }
            if (d.parent != null && !d.parent.present) {
                throw new PortException(Errno.ENODEV, d.path(), "the slot of " + d.path() + " is in " + d.parent.path()
                        + ", which is not present: insert that");
            }
            firmware.setPresent(d, true);
            Notification n = d.kind() == Kind.CONTAINER ? Notification.BUS_CHECK : Notification.DEVICE_CHECK;
            hardware("insert " + d.path() + " (" + d.kind().hotplugClass() + ", node " + d.spec.node() + "): "
                    + firmware.subtree(d).size() + " device(s) present; raised " + n);
            raise(d.path(), n);
            return n;
        });
    }

    /** The eject button: raises EJECT_REQUEST. ENODEV when the device is unknown or not present. */
    void ejectRequest(String path) throws PortException {
        change(() -> {
            Firmware.Device d = firmware.requirePresent(path, "an eject request");
            hardware("eject button on " + d.path() + ": raised " + Notification.EJECT_REQUEST);
            raise(d.path(), Notification.EJECT_REQUEST);
            return null;
        });
    }

    /**
     * The device is yanked: it disappears as with {@code _EJ0}, but nobody asked the OS, and the
     * firmware then raises DEVICE_CHECK (BUS_CHECK for a container) on it so the OS notices.
     *
     * @throws PortException ENODEV when unknown or not present; EPERM when it is not in a hot-plug
     *         slot (no {@code _EJ0} on it or above it): pulling it would take the machine down
     */
    void surpriseRemove(String path) throws PortException {
        change(() -> {
            Firmware.Device d = firmware.requirePresent(path, "a removal");
            if (!d.inHotplugSlot()) {
                throw new PortException(Errno.EPERM, d.path(), d.path() + " is not in a hot-plug slot (no _EJ0 on it or "
                        + "above it): pulling it out would take the machine down");
            }
            Notification n = d.kind() == Kind.CONTAINER ? Notification.BUS_CHECK : Notification.DEVICE_CHECK;
            removeHardware(d, "surprise removal of " + d.path() + " (raised " + n + ")");
            raise(d.path(), n);
            return null;
        });
    }

    /** Puts unmovable pages in a block (it can no longer be offlined) or frees them. ENODEV for an unknown block. */
    void pin(int block, boolean pinned) throws PortException {
        change(() -> {
            boolean was = kernel.memory().pinned(block);
            kernel.memory().pin(block, pinned);
            if (was != pinned) {
                hardware(Names.memory(block) + (pinned ? " pinned: it holds unmovable pages now" : " unpinned: its pages are movable again"));
            }
            return null;
        });
    }

    long bootId() {
        return bootId;
    }

    Faults faults() {
        return faults;
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    @Override
    public String toString() {
        return "sim: " + description.source() + " (" + description.name() + ")";
    }

    // ---------------------------------------------------------------- internals

    /** The hardware of a device and all below it is gone; the kernel loses what it still had of it. */
    private void removeHardware(Firmware.Device d, String what) {
        List<Firmware.Device> present = firmware.subtree(d).stream().filter(x -> x.present).toList();
        firmware.setPresent(d, false);
        Kernel.Loss loss = kernel.vanish(Firmware.apicIds(present), Firmware.ranges(present));
        if (!loss.osHadSomething()) {
            hardware(what + ": " + present.size() + " device(s) gone; the OS had let go of them");
            return;
        }
        List<String> parts = new ArrayList<>();
        if (!loss.onlineCpus().isEmpty()) {
            parts.add("online " + Names.list("cpu", loss.onlineCpus()));
        }
        if (!loss.offlineCpus().isEmpty()) {
            parts.add("offline " + Names.list("cpu", loss.offlineCpus()));
        }
        if (!loss.onlineBlocks().isEmpty()) {
            parts.add("online " + Names.list("memory", loss.onlineBlocks()));
        }
        if (!loss.offlineBlocks().isEmpty()) {
            parts.add("offline " + Names.list("memory", loss.offlineBlocks()));
        }
        String list = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        String nodes = loss.nodesOffline().isEmpty() ? "" : "; " + Names.list("node", loss.nodesOffline()) + " went offline";
        String noCpu = kernel.cpus().onlineCount() == 0 ? "; no CPU is online any more: a real machine would be dead" : "";
        hardware(what + " removed " + list + ": the OS lost them" + nodes + noCpu);
    }

    private <T> T change(Change<T> change) throws PortException {
        T result;
        lock.lock();
        try {
            long before = revision.value();
            try {
                result = change.apply();
            } catch (PortException e) {
                if (revision.value() != before) {
                    throw new IllegalStateException("simulator bug: a refused operation changed the machine", e);
                }
                raised.clear();
                throw e;
            }
            publish(before);
        } finally {
            lock.unlock();
        }
        listeners.deliver();
        return result;
    }

    /** Under the lock: a new generation if something changed, and the events for the listeners, in order. */
    private void publish(long revisionBefore) {
        boolean changed = revision.value() != revisionBefore;
        if (changed) {
            generation++;
            topology = null;
            namespace = null;
        }
        if (!listeners.isEmpty()) {
            listeners.enqueue(changed && listeners.wantTopology() ? topology() : null, raised);
        }
        raised.clear();
    }

    private <T> T read(Supplier<T> reader) {
        lock.lock();
        try {
            return reader.get();
        } finally {
            lock.unlock();
        }
    }

    private void raise(String path, Notification n) {
        raised.add(new ListenerQueue.Raised(path, n));
    }

    private void hardware(String line) {
        logs.hardware(line);
    }

    private void firmwareCall(String line) {
        logs.firmwareCall(line);
    }

    private Subject cpuSubject(int cpu) {
        int node = read(() -> kernel.cpus().nodeOf(cpu));
        return node >= 0 ? Subject.of(Names.cpu(cpu), Names.node(node)) : Subject.of(Names.cpu(cpu));
    }

    private Subject blockSubject(int block) {
        int node = read(() -> kernel.memory().nodeOf(block));
        return node >= 0 ? Subject.of(Names.memory(block), Names.node(node)) : Subject.of(Names.memory(block));
    }

    /** memoryK for every block of the range, and the given nodes. */
    private Subject rangeSubject(long start, long size, Set<Integer> nodes) {
        long blockSize = description.blockSize();
        long first = start >= 0 && blockSize > 0 ? start / blockSize : -1;
        long last = size > 0 && first >= 0 ? (start + size - 1) / blockSize : first;
        Set<String> nodeNames = new TreeSet<>();
        nodes.forEach(n -> nodeNames.add(Names.node(n)));
        String device = first >= 0 && first <= Integer.MAX_VALUE ? Names.memory((int) first) : nodeNames.stream().findFirst()
                .orElse("memory");
        return new Subject(device, target -> {
            if (nodeNames.contains(target)) {
                return true;
            }
            if (!target.startsWith("memory") || first < 0) {
                return false;
            }
            try {
                long id = Long.parseLong(target.substring("memory".length()));
                return id >= first && id <= last;
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }

    /** Under the lock: the nodes of the blocks in a range. */
    private Set<Integer> nodesOf(long start, long size) {
        Set<Integer> nodes = new TreeSet<>();
        for (var b : kernel.memory().views()) {
            if (b.start() < start + size && b.end() > start) {
                nodes.add(b.node());
            }
        }
        return nodes;
    }
}
