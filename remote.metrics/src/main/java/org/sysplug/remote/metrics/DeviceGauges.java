package org.sysplug.remote.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.sysplug.framework.Zone;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The machine's devices counted at scrape time from one topology snapshot: how many CPUs, memory
 * blocks and nodes are in each state, per zone and node. Counts, never a series per device: a
 * machine of thousands of blocks gives a handful of series.
 */
final class DeviceGauges {

    /** The zone label of devices that have none: CPUs, nodes and offline memory blocks. */
    static final String NO_ZONE = "none";

    private final Supplier<Topology> machine;

    DeviceGauges(Supplier<Topology> machine) {
        this.machine = machine;
    }

    /** The gauges, each reading its own snapshot when scraped. */
    List<Collector> collectors() {
        GaugeWithCallback devices = GaugeWithCallback.builder().name("sysplug_devices")
                .help("Devices by class (cpu, memory, node), state (cpu: online, offline, absent; memory: "
                        + "online, offline, going-offline; node: online, offline), zone (memory blocks that are "
                        + "online: movable, normal, ...; otherwise none) and NUMA node.")
                .labelNames("class", "state", "zone", "node")
                .callback(cb -> count(machine.get()).forEach((key, n) -> cb.call(n, key.labels()))).build();
        GaugeWithCallback memory = GaugeWithCallback.builder().name("sysplug_memory_bytes").unit(Unit.BYTES)
                .help("Memory in hot-pluggable blocks, by state, zone and NUMA node.")
                .labelNames("state", "zone", "node")
                .callback(cb -> {
                    Topology t = machine.get();
                    count(t).forEach((key, n) -> {
                        if (key.deviceClass().equals("memory")) {
                            cb.call((double) n * t.blockSize(), key.state(), key.zone(), key.node());
                        }
                    });
                }).build();
        GaugeWithCallback blockSize = GaugeWithCallback.builder().name("sysplug_memory_block_size_bytes")
                .unit(Unit.BYTES).help("The size of one memory block, the unit of memory online and offline.")
                .callback(cb -> cb.call(machine.get().blockSize())).build();
        return List.of(devices, memory, blockSize);
    }

    /** One series of {@code sysplug_devices}. */
    record Key(String deviceClass, String state, String zone, String node) implements Comparable<Key> {
        String[] labels() {
            return new String[] { deviceClass, state, zone, node };
        }

        @Override
        public int compareTo(Key o) {
            return String.join("\0", labels()).compareTo(String.join("\0", o.labels()));
        }
    }

    /** The counts of one snapshot, in a stable order. */
    static Map<Key, Integer> count(Topology t) {
        Map<Key, Integer> counts = new TreeMap<>();
        for (NodeInfo n : t.nodes()) {
            counts.merge(new Key("node", n.online() ? "online" : "offline", NO_ZONE, Integer.toString(n.id())), 1,
                    Integer::sum);
        }
        for (CpuInfo c : t.cpus()) {
            String state = !c.present() ? "absent" : c.online() ? "online" : "offline";
            counts.merge(new Key("cpu", state, NO_ZONE, Integer.toString(c.node())), 1, Integer::sum);
        }
        for (MemoryBlock b : t.memory()) {
            String zone = b.online() && b.zone() != Zone.UNSPECIFIED ? b.zone().sysfsName().toLowerCase(Locale.ROOT)
                    : NO_ZONE;
            counts.merge(new Key("memory", b.state().sysfsName(), zone, Integer.toString(b.node())), 1, Integer::sum);
        }
        return counts;
    }
}
