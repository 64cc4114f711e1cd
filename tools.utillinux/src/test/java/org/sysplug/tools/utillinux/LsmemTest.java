package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.platform.linux.sysfs.TopologyReader;
import org.sysplug.tools.utillinux.lib.ToolResult;

/** lsmem on small trees built here: sparse ids not from 0, hex fields, multi-zone, dangling node links; option errors. */
class LsmemTest {

    @TempDir
    Path root;

    void block(int id, String state, int removable, String zones) throws IOException {
        Path b = Files.createDirectories(root.resolve("sys/devices/system/memory/memory" + id));
        Files.writeString(b.resolve("state"), state + "\n");
        Files.writeString(b.resolve("removable"), removable + "\n");
        Files.writeString(b.resolve("phys_index"), String.format("%08x%n", id));
        if (zones != null) {
            Files.writeString(b.resolve("valid_zones"), zones + "\n");
        }
        Files.createSymbolicLink(b.resolve("node1"), Path.of("../../node/node1")); // dangles, as in the dumps
    }

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.writeString(root.resolve("sys/devices/system/memory/block_size_bytes"), "8000000\n");
    }

    String out(String... args) throws IOException {
        ToolResult r = Lsmem.run(Sysroot.of(root), args);
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
        return r.stdout();
    }

    @Test
    void sparseIdsNotFromZeroAreReadAndGapsSplitRanges() throws IOException {
        block(10, "online", 1, null);
        block(11, "online", 1, null);
        block(9, "online", 1, null);
        block(13, "offline", 0, null);
        assertThat(out()).isEqualTo(""
                + "RANGE                                 SIZE   STATE REMOVABLE BLOCK\n"
                + "0x0000000048000000-0x000000005fffffff 384M  online       yes  9-11\n"
                + "0x0000000068000000-0x000000006fffffff 128M offline              13\n"
                + "\n"
                + "Memory block size:                128M\n"
                + "Total online memory:              384M\n"
                + "Total offline memory:             128M\n");
        // no block has valid_zones (a kernel before 3.18): ZONES stays empty
        assertThat(out("-r", "-o", "BLOCK,NODE,ZONES", "-n")).isEqualTo("9-11 1 \n13 1 \n");
        assertThat(out("--summary", "-b")).isEqualTo(""
                + "Memory block size:           134217728\n"
                + "Total online memory:         402653184\n"
                + "Total offline memory:        134217728\n");
    }

    @Test
    void zonesAreShownWithoutMemory0WhenALaterBlockHasValidZones() throws IOException {
        // no memory0, and the first block has no valid_zones: util-linux still shows ZONES, looking
        // through the blocks until one has valid_zones; the block without it has no zones (null in JSON)
        block(9, "online", 1, null);
        block(10, "online", 1, "Normal");
        block(11, "online", 1, "Normal");
        block(13, "offline", 0, "Normal Movable");
        assertThat(out("-r", "-o", "BLOCK,NODE,ZONES", "-n")).isEqualTo("9 1 \n10-11 1 Normal\n13 1 Normal/Movable\n");
        assertThat(out("-J", "-o", "BLOCK,ZONES")).isEqualTo(""
                + "{\n"
                + "   \"memory\": [\n"
                + "      {\n"
                + "         \"block\": \"9\",\n"
                + "         \"zones\": null\n"
                + "      },{\n"
                + "         \"block\": \"10-11\",\n"
                + "         \"zones\": \"Normal\"\n"
                + "      },{\n"
                + "         \"block\": \"13\",\n"
                + "         \"zones\": \"Normal/Movable\"\n"
                + "      }\n"
                + "   ]\n"
                + "}\n");
    }

    @Test
    void nodesAreShownWhenALaterBlockHasANodeThoughTheFirstHasNone() throws Exception {
        // memory0 has no nodeN entry, memory1-3 have node1: NODE is shown (memory0's as -1), as
        // util-linux looks through the blocks until one has a node, not at the first alone.
        // Expected output: util-linux's lsmem built from commit
        // 39465c780eed56034ed1440068a2722fc3331343 (the commit of ../shared/data/util-linux;
        // `lsmem --version`: lsmem from util-linux 2.43.devel-1218-39465), run as
        // `lsmem --sysroot D -o BLOCK,NODE` and `lsmem --sysroot D -J -o BLOCK,NODE` on a tree D
        // made with the shell to hold the same files as this one. Both exited 0, stderr empty.
        block(0, "online", 1, null);
        block(1, "online", 1, null);
        block(2, "online", 1, null);
        block(3, "offline", 0, null);
        Files.delete(root.resolve("sys/devices/system/memory/memory0/node1"));
        String table = ""
                + "BLOCK NODE\n"
                + "    0   -1\n"
                + "  1-3    1\n"
                + "\n"
                + "Memory block size:                128M\n"
                + "Total online memory:              384M\n"
                + "Total offline memory:             128M\n";
        String json = ""
                + "{\n"
                + "   \"memory\": [\n"
                + "      {\n"
                + "         \"block\": \"0\",\n"
                + "         \"node\": -1\n"
                + "      },{\n"
                + "         \"block\": \"1-3\",\n"
                + "         \"node\": 1\n"
                + "      }\n"
                + "   ]\n"
                + "}\n";
        assertThat(out("-o", "BLOCK,NODE")).isEqualTo(table);
        assertThat(out("-J", "-o", "BLOCK,NODE")).isEqualTo(json);
        // the Topology read from this tree shows the same, as its sysfs would
        Topology machine = new TopologyReader(Sysroot.of(root)).read(1);
        assertThat(Lsmem.run(machine, List.of("-o", "BLOCK,NODE"))).isEqualTo(new ToolResult(table, "", 0));
        assertThat(Lsmem.run(machine, List.of("-J", "-o", "BLOCK,NODE"))).isEqualTo(new ToolResult(json, "", 0));
    }

    @Test
    void multiZoneValidZonesSplitWhenZonesAreShown() throws IOException {
        block(0, "online", 1, "Normal");
        block(1, "online", 1, "Normal Movable");
        block(2, "online", 1, "Movable Normal");
        block(3, "online", 1, "bogus");
        block(4, "online", 1, "bogus");
        assertThat(out("-o", "BLOCK,ZONES", "-n")).isEqualTo(""
                // with -n the header does not widen a column (as libsmartcols)
                + "0         Normal\n"
                + "1 Normal/Movable\n"
                + "2 Movable/Normal\n"
                + "3        Unknown\n"
                + "4        Unknown\n"
                + "\n"
                + "Memory block size:                128M\n"
                + "Total online memory:              640M\n"
                + "Total offline memory:               0B\n");
        assertThat(out("-o", "BLOCK", "--summary=never")).isEqualTo("BLOCK\n  0-4\n");
        assertThat(out("-P", "-o", "RANGE,NODE,REMOVABLE", "-a")).startsWith(
                "RANGE=\"0x0000000000000000-0x0000000007ffffff\" NODE=\"1\" REMOVABLE=\"yes\"\n");
    }

    @Test
    void badOptionsGiveUtilLinuxMessagesAndStatusOne() throws IOException {
        block(0, "online", 1, "Normal");
        Sysroot s = Sysroot.of(root);
        assertThat(Lsmem.run(s, "-o", "FOO,BAR")).isEqualTo(new ToolResult("", "lsmem: unknown column: FOO,BAR\n", 1));
        assertThat(Lsmem.run(s, "--bogus")).isEqualTo(new ToolResult("",
                "lsmem: unrecognized option '--bogus'\nTry 'lsmem --help' for more information.\n", 1));
        assertThat(Lsmem.run(s, "-x").stderr()).startsWith("lsmem: invalid option -- 'x'\n");
        // err_exclusive_options in the words of the util-linux the expected files come from (chcpu's .err shows them)
        assertThat(Lsmem.run(s, "-J", "-r").stderr()).isEqualTo("lsmem: options --json and --raw cannot be combined\n");
        assertThat(Lsmem.run(s, "-a", "-S", "none").stderr()).isEqualTo("lsmem: options --all and --split cannot be combined\n");
        assertThat(Lsmem.run(s, "--summary=only", "-r").stderr())
                .isEqualTo("lsmem: options --{raw,json,pairs} and --summary=only are mutually exclusive\n");
        assertThat(Lsmem.run(s, "--summary=sometimes").stderr()).isEqualTo("lsmem: unsupported --summary argument\n");
        assertThat(Lsmem.run(s, "extra").stderr()).startsWith("lsmem: bad usage\n");
        assertThat(Lsmem.run(s, "--help").exitCode()).isZero();
        assertThat(Lsmem.run(s, "--s", "x").stderr()).startsWith("lsmem: option '--s' is ambiguous");
    }

    @Test
    void aTreeWithoutMemoryBlocksIsAClearError() throws IOException {
        Files.delete(root.resolve("sys/devices/system/memory/block_size_bytes"));
        assertThat(Lsmem.run(Sysroot.of(root))).isEqualTo(
                new ToolResult("", "lsmem: This system does not support memory blocks\n", 1));
    }

    @Test
    void humanSizesRoundAsUtilLinux() {
        assertThat(Lsmem.humanSize(0)).isEqualTo("0B");
        assertThat(Lsmem.humanSize(1023)).isEqualTo("1023B");
        assertThat(Lsmem.humanSize(7L << 28)).isEqualTo("1.8G");
        assertThat(Lsmem.humanSize(5L << 30 | 768L << 20)).isEqualTo("5.8G");
        assertThat(Lsmem.humanSize(16L << 30)).isEqualTo("16G");
        assertThat(Lsmem.humanSize((1L << 30) - 1)).isEqualTo("1024M"); // as util-linux: 1023.99M rounds up
    }
}
