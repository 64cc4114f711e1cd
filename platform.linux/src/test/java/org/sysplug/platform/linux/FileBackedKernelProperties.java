package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.From;
import net.jqwik.api.constraints.Size;

import org.sysplug.framework.Zone;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;

/**
 * Any sequence of CPU and memory changes on a file-backed copy leaves it as a kernel would show
 * it: every attribute whole, and the summary files ({@code cpu/online}, {@code cpu/offline},
 * {@code node/has_memory}, {@code node/has_normal_memory}) equal to what a fresh reader of the
 * per-device files computes, though the backend keeps them up incrementally.
 */
class FileBackedKernelProperties {

    /** One change: a CPU (1-3) or a block (0-5) brought online (movable or kernel) or offline. */
    record Change(boolean cpu, int id, int how) {
    }

    @Provide
    Arbitrary<Change> changes() {
        return Arbitraries.integers().between(0, 1).flatMap(cpu -> cpu == 1
                ? Arbitraries.integers().between(1, 3).flatMap(id -> Arbitraries.integers().between(0, 1)
                        .map(how -> new Change(true, id, how)))
                : Arbitraries.integers().between(0, 5).flatMap(id -> Arbitraries.integers().between(0, 2)
                        .map(how -> new Change(false, id, how))));
    }

    @Property(tries = 200)
    void summariesFollowEveryChange(@ForAll @Size(max = 25) List<@From("changes") Change> changes) throws Exception {
        Path tmp = Files.createTempDirectory("sysplug-fbk");
        try {
            Path root = SyntheticTree.build(tmp.resolve("root"), 4, false, 6, false);
            Path node = root.resolve("sys/devices/system/node");
            Files.writeString(node.resolve("has_memory"), "\n");
            Files.writeString(node.resolve("has_normal_memory"), "\n");
            Files.writeString(root.resolve("sys/devices/system/cpu/offline"), "1-3\n");
            LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
            for (Change c : changes) {
                try {
                    if (c.cpu()) {
                        if (c.how() == 0) {
                            m.cpuOnline(c.id());
                        } else {
                            m.cpuOffline(c.id());
                        }
                    } else if (c.how() == 2) {
                        m.blockOffline(c.id());
                    } else {
                        m.blockOnline(c.id(), c.how() == 0 ? OnlineType.ONLINE_MOVABLE : OnlineType.ONLINE_KERNEL);
                    }
                } catch (PortException refused) {
                    // already in that state, or the kernel's rules refused it: nothing may have changed
                }
                assertShownAsAKernelWould(root, m.topology());
            }
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void assertShownAsAKernelWould(Path root, Topology backend) throws IOException {
        Topology fresh = new TopologyReader(Sysroot.of(root)).read(0);
        BitSet online = new BitSet();
        BitSet offline = new BitSet();
        for (CpuInfo c : fresh.cpus()) {
            (c.online() ? online : offline).set(c.id());
            assertThat(c.online()).as("cpu%d", c.id()).isEqualTo(backend.cpu(c.id()).orElseThrow().online());
        }
        assertThat(read(root, "sys/devices/system/cpu/online")).isEqualTo(LinuxMachine.kernelList(online));
        assertThat(read(root, "sys/devices/system/cpu/offline")).isEqualTo(LinuxMachine.kernelList(offline));
        BitSet withMemory = new BitSet();
        BitSet withNormal = new BitSet();
        for (MemoryBlock b : fresh.memory()) {
            String state = read(root, "sys/devices/system/memory/memory" + b.id() + "/state");
            String zones = read(root, "sys/devices/system/memory/memory" + b.id() + "/valid_zones");
            MemoryBlock mine = backend.block(b.id()).orElseThrow();
            assertThat(state).as("memory%d", b.id()).isEqualTo(mine.online() ? "online\n" : "offline\n");
            assertThat(zones).as("memory%d", b.id()).isEqualTo(mine.online() ? mine.zone().sysfsName() + "\n" : "Movable Normal\n");
            if (b.online()) {
                withMemory.set(b.node());
                if (b.zone() != Zone.MOVABLE) {
                    withNormal.set(b.node());
                }
            }
        }
        assertThat(read(root, "sys/devices/system/node/has_memory")).isEqualTo(LinuxMachine.kernelList(withMemory));
        assertThat(read(root, "sys/devices/system/node/has_normal_memory")).isEqualTo(LinuxMachine.kernelList(withNormal));
    }

    private static String read(Path root, String file) throws IOException {
        return Files.readString(root.resolve(file));
    }
}
