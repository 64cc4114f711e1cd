package org.sysplug.platform.linux.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysplug.framework.Zone;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.SysfsTopologyComponent;

/**
 * The topology read from each util-linux dump agrees with what util-linux printed for it: the
 * online CPUs and each node's CPUs as lscpu lists them, and every memory block's range, state,
 * node and zones as {@code lsmem --all} lists them. Also the reader's own rules on small trees.
 */
@Timeout(120)
class TopologyReaderTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> lscpuDumps() throws IOException {
        return Dumps.arguments(Dumps.names("lscpu/dumps", ".tar.gz"));
    }

    static Stream<Arguments> lsmemDumps() throws IOException {
        return Dumps.arguments(Dumps.lsmemTrees());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lscpuDumps")
    void cpusAndNodesAsLscpuSawThem(String dump) throws Exception {
        assumeTrue(dump != null, "no util-linux lscpu dumps");
        Path root = Dumps.unpack("lscpu/dumps", dump, ".tar.gz", tmp);
        Topology t = new TopologyReader(Sysroot.of(root)).read(1);
        String want = Files.readString(Dumps.utilLinux().resolve("tests/expected/lscpu/lscpu-" + dump));
        List<String> summary = want.lines().takeWhile(l -> !l.isEmpty()).collect(Collectors.toList());
        BitSet online = new BitSet();
        t.cpus().stream().filter(CpuInfo::online).forEach(c -> online.set(c.id()));
        assertThat(CpuReader.formatList(online)).isEqualTo(value(summary, "On-line CPU(s) list:"));
        for (String line : summary) {
            if (line.matches("NUMA node[0-9]+ CPU\\(s\\):.*")) {
                int node = Integer.parseInt(line.substring("NUMA node".length(), line.indexOf(' ', 9)));
                BitSet cpus = new BitSet();
                t.cpus().stream().filter(c -> c.node() == node).forEach(c -> cpus.set(c.id()));
                assertThat(CpuReader.formatList(cpus)).as("node%d", node).isEqualTo(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        assertThat(t.cpus()).allSatisfy(c -> assertThat(c.apicId()).isEqualTo(-1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lsmemDumps")
    void blocksAsLsmemAllSawThem(String dump) throws Exception {
        assumeTrue(dump != null, "no util-linux lsmem dumps");
        Path root = Dumps.unpackLsmem(dump, tmp);
        Topology t = new TopologyReader(Sysroot.of(root)).read(1);
        String want = Dumps.lsmemExpected(dump);
        String section = want.substring(want.indexOf("$ lsmem --all --output"));
        String header = section.lines().skip(1).findFirst().orElseThrow();
        List<String> rows = section.lines().skip(2).takeWhile(l -> l.startsWith("0x")).collect(Collectors.toList());
        assertThat(rows).hasSize(t.memory().size());
        for (int i = 0; i < rows.size(); i++) {
            String[] f = columns(header, rows.get(i));
            MemoryBlock b = t.memory().get(i);
            String[] range = f[0].split("-");
            assertThat(b.start()).as(f[0]).isEqualTo(Long.parseUnsignedLong(range[0].substring(2), 16));
            assertThat(b.end() - 1).as(f[0]).isEqualTo(Long.parseUnsignedLong(range[1].substring(2), 16));
            assertThat(b.state().sysfsName()).as(f[0]).isEqualTo(f[2]);
            if (!f[3].isEmpty()) { // lsmem leaves it blank for an offline block
                assertThat(b.removable()).as(f[0]).isEqualTo(f[3].equals("yes"));
            }
            assertThat(b.id()).isEqualTo(Integer.parseInt(f[4]));
            assertThat(b.node()).isEqualTo(Integer.parseInt(f[5]));
            List<String> zones = List.of(f[6].split("/")).stream()
                    .filter(z -> !z.equals("None") && !z.equals("-")).collect(Collectors.toList());
            assertThat(b.validZones().stream().map(Zone::sysfsName).collect(Collectors.toList())).as(f[0]).isEqualTo(zones);
        }
    }

    /** The fields of a table row: RANGE up to its first blank, the other columns right-aligned to their headers. */
    private static String[] columns(String header, String row) {
        String[] names = header.trim().split(" +");
        String[] out = new String[names.length];
        int start = row.indexOf(' ');
        out[0] = row.substring(0, start);
        int from = header.indexOf(' ');
        for (int i = 1; i < names.length; i++) {
            int end = header.indexOf(names[i], from) + names[i].length();
            out[i] = row.substring(Math.min(start, row.length()), Math.min(end, row.length())).trim();
            start = end;
            from = end;
        }
        return out;
    }

    private static String value(List<String> summary, String key) {
        return summary.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(key.length()).trim())
                .findFirst().orElseThrow();
    }

    // --- small trees --------------------------------------------------------------------------

    private Path tree() throws IOException {
        Path root = tmp.resolve("small");
        Path cpu = Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        Files.writeString(cpu.resolve("possible"), "0-3\n");
        Files.writeString(cpu.resolve("present"), "0-2\n");
        Files.writeString(cpu.resolve("online"), "0-1\n");
        for (int i = 0; i < 3; i++) {
            Files.createDirectories(cpu.resolve("cpu" + i));
        }
        Files.writeString(cpu.resolve("cpu1/online"), "1\n");
        Files.writeString(cpu.resolve("cpu2/online"), "0\n");
        Files.createSymbolicLink(cpu.resolve("cpu2/node1"), Path.of("../../node/node1")); // dangles: named, not followed
        Path node = Files.createDirectories(root.resolve("sys/devices/system/node"));
        Files.writeString(node.resolve("possible"), "0-1\n");
        Files.writeString(node.resolve("online"), "0\n");
        Files.createDirectories(node.resolve("node0"));
        Files.writeString(node.resolve("node0/cpulist"), "0-1\n");
        Path mem = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.writeString(mem.resolve("block_size_bytes"), "8000000\n");
        // ids with a gap, phys_index in hex, a block the node directory names, one it does not
        block(mem, 16, "10", "online\n", "Normal\n");
        block(mem, 18, "12", "offline\n", "Normal Movable\n");
        block(mem, 19, "13", "online_movable", "Movable Normal\n"); // a file-backed tree keeps what was written
        Files.createSymbolicLink(node.resolve("node0/memory16"), Path.of("../../memory/memory16"));
        Files.createSymbolicLink(mem.resolve("memory18/node1"), Path.of("."));                    // loops
        return root;
    }

    private static void block(Path mem, int id, String physHex, String state, String zones) throws IOException {
        Path b = Files.createDirectories(mem.resolve("memory" + id));
        Files.writeString(b.resolve("phys_index"), "000000" + physHex + "\n");
        Files.writeString(b.resolve("state"), state);
        Files.writeString(b.resolve("valid_zones"), zones);
        Files.writeString(b.resolve("removable"), "1\n");
    }

    @Test
    void sparseTreesWithLoopsAndLiteralStatesReadAsTheKernelMeantThem() throws IOException {
        Topology t = new TopologyReader(Sysroot.of(tree())).read(7);
        assertThat(t.generation()).isEqualTo(7);
        assertThat(t.cpus()).containsExactly(
                new CpuInfo(0, -1, 0, true, true, false),   // no online file: online by cpu/online, not hot-pluggable
                new CpuInfo(1, -1, 0, true, true, true),
                new CpuInfo(2, -1, 1, true, false, true),   // node from the entry's name
                new CpuInfo(3, -1, -1, false, false, false));
        assertThat(t.nodes()).extracting(n -> n.id() + ":" + n.online()).containsExactly("0:true", "1:false");
        assertThat(t.blockSize()).isEqualTo(0x8000000L);
        List<String> blocks = new ArrayList<>();
        for (MemoryBlock b : t.memory()) {
            blocks.add(b.id() + "@" + Long.toHexString(b.start()) + " n" + b.node() + " " + b.state().sysfsName() + " "
                    + b.zone().sysfsName() + " " + b.validZones());
        }
        assertThat(blocks).containsExactly(
                "16@80000000 n0 online Normal [NORMAL]",
                "18@90000000 n1 offline none [NORMAL, MOVABLE]",
                "19@98000000 n-1 online Movable [MOVABLE, NORMAL]");
    }

    @Test
    void oneBlockOrCpuIsReadAgainAlone() throws IOException {
        Path root = tree();
        TopologyReader r = new TopologyReader(Sysroot.of(root));
        Topology t = r.read(1);
        Files.writeString(root.resolve("sys/devices/system/memory/memory18/state"), "online_kernel");
        Files.writeString(root.resolve("sys/devices/system/cpu/cpu2/online"), "1");
        assertThat(r.block(18, t.blockSize(), t).orElseThrow().zone()).isEqualTo(Zone.NORMAL);
        assertThat(r.block(18, t.blockSize(), t).orElseThrow().node()).isEqualTo(1);
        assertThat(r.block(17, t.blockSize(), t)).isEmpty();
        assertThat(r.cpu(2, t)).isEqualTo(new CpuInfo(2, -1, 1, true, true, true));
    }

    @Test
    void aDirectoryThatIsNoTreeIsAClearError() throws IOException {
        SysfsTopologyComponent c = new SysfsTopologyComponent();
        assertThatThrownBy(() -> c.read(tmp.resolve("nowhere"))).hasMessage(tmp.resolve("nowhere")
                + " is not a directory: give the directory a dump unpacks to (the one that contains sys/)");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> c.read(empty)).hasMessageContaining("holds no sys/devices/system");
        Files.createDirectories(empty.resolve("sys/devices/system"));
        assertThatThrownBy(() -> c.read(empty)).hasMessageContaining("describes no CPUs");
        assertThat(c.read(tree()).cpus()).hasSize(4);
    }
}
