package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.linux.sysfs.Dumps;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * chmem on platform.linux's arm64 tree aarch64-virt-6g, which has no memory0: its first block is
 * memory8 (the README beside the tarball describes the tree). Whether the kernel shows
 * {@code valid_zones} is decided from the first block in versionsort order, whatever its number,
 * and from that block only. Looking at memory0 instead ignored {@code --zone} here and onlined
 * blocks without Movable.
 *
 * <p>How the expected results were produced: util-linux's chmem built from util-linux commit
 * 39465c780eed56034ed1440068a2722fc3331343 (the commit of ../shared/data/util-linux;
 * {@code chmem --version} prints {@code chmem from util-linux 2.43.devel-1218-39465}), run as root
 * as {@code chmem --sysroot D ARGS} on a fresh copy D of the tree unpacked with {@code tar xjf}.
 * Its stdout, stderr and exit code for each run, and the {@code state} files afterwards, are
 * copied here byte for byte; no other file of the tree changed.
 */
class ChmemWithoutMemory0Test {

    static final String MEMORY = "sys/devices/system/memory";

    @TempDir
    Path tmp;

    private static void assertRun(Sysroot root, ToolResult expected, String... args) {
        assertThat(Chmem.run(root, args)).as("chmem %s", String.join(" ", args)).isEqualTo(expected);
    }

    private static String state(Path root, int block) throws Exception {
        return Files.readString(root.resolve(MEMORY + "/memory" + block + "/state"));
    }

    @Test
    void zonesAreFoundInTheFirstBlockWhenThereIsNoMemory0() throws Exception {
        Path root = Dumps.unpackLsmem("aarch64-virt-6g", tmp);
        Map<String, String> before = LsmemConformanceTest.checksums(root);
        Sysroot sysroot = Sysroot.of(root, Sysroot.Access.WRITABLE);

        // the four runs, in this order, on one tree
        assertRun(sysroot, new ToolResult(""
                + "Memory Block 60 (0x00000001e0000000-0x00000001e7ffffff) enabled\n"
                + "Memory Block 61 (0x00000001e8000000-0x00000001efffffff) enabled\n", "", 0),
                "-v", "-e", "-z", "Movable", "-b", "60-61");
        assertRun(sysroot, new ToolResult(""
                + "Memory Block 62 (0x00000001f0000000-0x00000001f7ffffff) enabled\n"
                + "Memory Block 63 (0x00000001f8000000-0x00000001ffffffff) enabled\n", "", 0),
                "-v", "-e", "0x1f0000000-0x1ffffffff");
        assertRun(sysroot, new ToolResult("", ""
                + "chmem: Memory Block 56 (0x00000001c0000000-0x00000001c7ffffff) disable failed: Zone mismatch\n"
                + "chmem: Memory Block 57 (0x00000001c8000000-0x00000001cfffffff) disable failed: Zone mismatch\n", 1),
                "-v", "-d", "-z", "Normal", "-b", "56-57");
        assertRun(sysroot, new ToolResult("", "", 0), "-d", "-z", "Movable", "256M");

        // written without truncation, as the state files of a copied tree take it
        assertThat(state(root, 58)).isEqualTo("offline");
        assertThat(state(root, 59)).isEqualTo("offline");
        for (int b = 60; b <= 63; b++) {
            assertThat(state(root, b)).isEqualTo("online_movable");
        }
        Set<String> written = Set.of(MEMORY + "/memory58/state", MEMORY + "/memory59/state",
                MEMORY + "/memory60/state", MEMORY + "/memory61/state", MEMORY + "/memory62/state",
                MEMORY + "/memory63/state");
        assertThat(ChcpuConformanceTest.without(LsmemConformanceTest.checksums(root), written))
                .isEqualTo(ChcpuConformanceTest.without(before, written));
    }

    @Test
    void aFirstBlockWithoutValidZonesMeansNoZonesEvenWhenLaterBlocksHaveThem() throws Exception {
        Path root = Dumps.unpackLsmem("aarch64-virt-6g", tmp);
        Files.delete(root.resolve(MEMORY + "/memory8/valid_zones"));
        Map<String, String> before = LsmemConformanceTest.checksums(root);

        assertRun(Sysroot.of(root, Sysroot.Access.WRITABLE), new ToolResult(
                "Memory Block 60 (0x00000001e0000000-0x00000001e7ffffff) enabled\n",
                "chmem: zone ignored, no valid_zones sysfs attribute present\n", 0),
                "-v", "-e", "-z", "Movable", "-b", "60");

        // "online" over "offline\n"
        assertThat(state(root, 60)).isEqualTo("onlinee\n");
        Set<String> written = Set.of(MEMORY + "/memory60/state");
        assertThat(ChcpuConformanceTest.without(LsmemConformanceTest.checksums(root), written))
                .isEqualTo(ChcpuConformanceTest.without(before, written));
    }
}
