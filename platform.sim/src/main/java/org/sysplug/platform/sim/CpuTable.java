package org.sysplug.platform.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.Errno;
import org.sysplug.platform.IdList;
import org.sysplug.platform.PortException;
import org.sysplug.platform.SortedDevices;

/**
 * The kernel's CPU masks (possible ⊇ present ⊇ online) and its logical-to-APIC map. Rules
 * about nodes live in {@link Kernel}; this class checks only what concerns CPUs. Every check
 * comes before the first change, so a refused call changes nothing.
 */
final class CpuTable {

    private final Revision revision;
    /** cpu_possible_mask: ids outside it do not exist (a tree's possible CPUs need not be 0-N). */
    private final BitSet possibleMask;
    private final long[] apicId;
    private final int[] node;
    private final boolean[] present;
    private final boolean[] online;
    private final boolean[] hotpluggable;
    /** Why a CPU that is not hot-pluggable is so, for the operator. */
    private final String fixedBecause;
    private final CpuInfo[] views;
    /** The views handed out last (null before the first), and the CPUs whose view changed since. */
    private SortedDevices<CpuInfo> published;
    private final BitSet stale = new BitSet();
    private final Map<Long, Integer> byApicId = new HashMap<>();
    /** Every APIC id ever mapped and its logical id: the mapping outlives hot-remove. */
    private final Map<Long, Integer> everMapped = new HashMap<>();
    private final int[] presentPerNode;
    private int onlineCount;

    /**
     * CPUs 0 to {@code possible - 1}.
     *
     * @param bootCpuHotpluggable whether cpu0 may go offline; x86 marks the boot CPU not
     *        hot-pluggable unless CONFIG_BOOTPARAM_HOTPLUG_CPU0 (arch/x86/kernel/topology.c)
     */
    CpuTable(int possible, int possibleNodes, boolean bootCpuHotpluggable, Revision revision) {
        this(all(possible), possibleNodes, bootCpuHotpluggable ? new BitSet() : all(Math.min(possible, 1)),
                "the boot CPU stays online (boot-cpu-hotpluggable: false)", revision);
    }

    /**
     * The CPUs of a possible mask.
     *
     * @param fixed the CPUs that are not hot-pluggable (their devices have offline_disabled)
     * @param fixedBecause why they are not, as the refusal to offline one explains it
     */
    CpuTable(BitSet possibleMask, int possibleNodes, BitSet fixed, String fixedBecause, Revision revision) {
        int size = possibleMask.length();
        this.revision = revision;
        this.possibleMask = (BitSet) possibleMask.clone();
        this.apicId = new long[size];
        this.node = new int[size];
        this.present = new boolean[size];
        this.online = new boolean[size];
        this.hotpluggable = new boolean[size];
        this.fixedBecause = fixedBecause;
        this.views = new CpuInfo[size];
        this.presentPerNode = new int[possibleNodes];
        for (int cpu = 0; cpu < size; cpu++) {
            apicId[cpu] = -1;
            node[cpu] = -1;
            hotpluggable[cpu] = !fixed.get(cpu);
            refresh(cpu);
        }
    }

    private static BitSet all(int count) {
        BitSet set = new BitSet();
        set.set(0, count);
        return set;
    }

    /** One more than the highest possible id: every possible CPU is below it. */
    int possible() {
        return present.length;
    }

    boolean isPresent(int cpu) {
        return exists(cpu) && present[cpu];
    }

    boolean isOnline(int cpu) {
        return exists(cpu) && online[cpu];
    }

    /** The node of a present CPU, -1 otherwise. */
    int nodeOf(int cpu) {
        return exists(cpu) ? node[cpu] : -1;
    }

    int presentOn(int n) {
        return n >= 0 && n < presentPerNode.length ? presentPerNode[n] : 0;
    }

    OptionalInt byApicId(long apic) {
        Integer cpu = byApicId.get(apic);
        return cpu == null ? OptionalInt.empty() : OptionalInt.of(cpu);
    }

    /** The id {@link #register} would give: the lowest possible CPU that is not present. */
    OptionalInt lowestFree() {
        for (int cpu = 0; cpu < present.length; cpu++) {
            if (exists(cpu) && !present[cpu]) {
                return OptionalInt.of(cpu);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The logical id for an APIC id, as x86's {@code allocate_logical_cpuid} chooses it: the id
     * this APIC id had before, if it was ever mapped (the mapping is persistent, so a CPU that is
     * removed and added again, or rolled back, comes back as the same cpuN); else the lowest id
     * no APIC id ever had; else, when every id was used once, the lowest free one.
     */
    private OptionalInt logicalIdFor(long apic) {
        Integer before = everMapped.get(apic);
        if (before != null && !present[before]) {
            return OptionalInt.of(before);
        }
        java.util.Set<Integer> used = new java.util.HashSet<>(everMapped.values());
        for (int cpu = 0; cpu < present.length; cpu++) {
            if (exists(cpu) && !present[cpu] && !used.contains(cpu)) {
                return OptionalInt.of(cpu);
            }
        }
        return lowestFree();
    }

    /**
     * Maps an APIC id to a logical id ({@link #logicalIdFor}), present and offline, as x86's
     * {@code acpi_map_cpu} → {@code generic_processor_info} → {@code allocate_logical_cpuid} do.
     * The caller has checked that the node is possible.
     */
    int register(long apic, int n) throws PortException {
        if (apic < 0) {
            throw new PortException(Errno.EINVAL, "apic" + apic, "APIC id " + apic + " is not a valid physical id");
        }
        OptionalInt taken = byApicId(apic);
        if (taken.isPresent()) {
            throw new PortException(Errno.EINVAL, Names.cpu(taken.getAsInt()), "APIC id " + apic + " is already mapped to "
                    + Names.cpu(taken.getAsInt()) + ": a physical CPU registers once (unregister it first)");
        }
        OptionalInt free = logicalIdFor(apic);
        if (free.isEmpty()) {
            throw new PortException(Errno.EBUSY, "apic" + apic, "no free possible CPU for APIC id " + apic + ": all "
                    + possibleMask.cardinality() + " possible CPUs are present (the kernel sizes cpu_possible_mask at boot; "
                    + "raise possible-cpus in the machine description)");
        }
        int cpu = free.getAsInt();
        map(cpu, apic, n);
        return cpu;
    }

    /**
     * Maps an APIC id at a given logical id, present and offline: boot code restoring a machine
     * whose logical ids are known (a sysfs tree's). The caller has checked that the CPU is
     * possible and not present, the APIC id unused and the node possible.
     */
    void registerAt(int cpu, long apic, int n) {
        map(cpu, apic, n);
    }

    private void map(int cpu, long apic, int n) {
        present[cpu] = true;
        apicId[cpu] = apic;
        node[cpu] = n;
        byApicId.put(apic, cpu);
        everMapped.put(apic, cpu);
        presentPerNode[n]++;
        changed(cpu);
    }

    /** ENODEV unless the CPU is present. */
    void requirePresent(int cpu) throws PortException {
        if (!exists(cpu)) {
            throw new PortException(Errno.ENODEV, Names.cpu(cpu), Names.cpu(cpu) + " is not a possible CPU (possible: "
                    + IdList.format(possibleMask.stream().boxed().toList()) + ")");
        }
        if (!present[cpu]) {
            throw new PortException(Errno.ENODEV, Names.cpu(cpu), Names.cpu(cpu)
                    + " is not present: register it (hot-add its processor) before bringing it online");
        }
    }

    /** Brings a present CPU online; a CPU already online stays so (the kernel's device_online returns 1). */
    void online(int cpu) throws PortException {
        requirePresent(cpu);
        if (!online[cpu]) {
            online[cpu] = true;
            onlineCount++;
            changed(cpu);
        }
    }

    /**
     * Takes a CPU offline: EPERM when it is not hot-pluggable (its device has offline_disabled),
     * EBUSY when it is the last online CPU ({@code cpu_down_maps_locked}: num_online_cpus() == 1).
     */
    void offline(int cpu) throws PortException {
        requirePresent(cpu);
        if (!hotpluggable[cpu]) {
            throw new PortException(Errno.EPERM, Names.cpu(cpu), Names.cpu(cpu) + " is not hot-pluggable: " + fixedBecause);
        }
        if (!online[cpu]) {
            return;
        }
        if (onlineCount == 1) {
            throw new PortException(Errno.EBUSY, Names.cpu(cpu), Names.cpu(cpu)
                    + " is the last online CPU: bring another CPU online first");
        }
        online[cpu] = false;
        onlineCount--;
        changed(cpu);
    }

    /** Unmaps an offline present CPU ({@code acpi_unmap_cpu}): EBUSY while online, ENODEV when not present. */
    int unregister(int cpu) throws PortException {
        requirePresent(cpu);
        if (online[cpu]) {
            throw new PortException(Errno.EBUSY, Names.cpu(cpu), Names.cpu(cpu)
                    + " is online: take it offline before unregistering it");
        }
        return forget(cpu);
    }

    /**
     * The hardware is gone (an eject or a yank the OS did not prepare for): the CPU leaves every
     * mask whatever its state. Returns its former node.
     */
    int forget(int cpu) {
        int n = node[cpu];
        if (online[cpu]) {
            online[cpu] = false;
            onlineCount--;
        }
        byApicId.remove(apicId[cpu]);
        presentPerNode[n]--;
        present[cpu] = false;
        apicId[cpu] = -1;
        node[cpu] = -1;
        changed(cpu);
        return n;
    }

    int onlineCount() {
        return onlineCount;
    }

    /** The possible CPUs' views in id order: the list handed out last with the changed CPUs replaced. */
    SortedDevices<CpuInfo> views() {
        if (published == null) {
            List<CpuInfo> out = new ArrayList<>(possibleMask.cardinality());
            possibleMask.stream().forEach(cpu -> out.add(views[cpu]));
            published = SortedDevices.copyOf(out);
        } else if (!stale.isEmpty()) {
            List<CpuInfo> changed = new ArrayList<>(stale.cardinality());
            stale.stream().filter(possibleMask::get).forEach(cpu -> changed.add(views[cpu]));
            published = published.replacing(changed);
        }
        stale.clear();
        return published;
    }

    /** The possible CPUs' views made afresh from the masks: what {@link #views()} must equal (the tests compare them). */
    List<CpuInfo> viewsBuiltAnew() {
        List<CpuInfo> out = new ArrayList<>();
        possibleMask.stream().forEach(cpu -> out.add(new CpuInfo(cpu, apicId[cpu], node[cpu], present[cpu], online[cpu],
                hotpluggable[cpu])));
        return out;
    }

    private boolean exists(int cpu) {
        return cpu >= 0 && cpu < present.length && possibleMask.get(cpu);
    }

    private void changed(int cpu) {
        refresh(cpu);
        revision.bump();
    }

    private void refresh(int cpu) {
        views[cpu] = new CpuInfo(cpu, apicId[cpu], node[cpu], present[cpu], online[cpu], hotpluggable[cpu]);
        stale.set(cpu);
    }
}
