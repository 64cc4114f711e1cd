package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.CNumbers;
import org.sysplug.tools.utillinux.lib.ToolResult;
import org.sysplug.tools.utillinux.lib.VersionSort;

/**
 * chmem's options, errors and rules on a small tree: 128M blocks memory0-3 online (memory0 in
 * DMA32, the others Normal with Movable allowed), memory4-5 offline, memory10 offline (a gap).
 */
class ChmemTest {

    @TempDir
    Path tmp;
    Path mem;
    Sysroot root;

    @BeforeEach
    void tree() throws IOException {
        mem = Files.createDirectories(tmp.resolve("sys/devices/system/memory"));
        Files.writeString(mem.resolve("block_size_bytes"), "8000000\n");
        block(0, "online", "DMA32");
        for (int i = 1; i <= 3; i++) {
            block(i, "online", "Normal Movable");
        }
        block(4, "offline", "Normal Movable");
        block(5, "offline", "Normal");
        block(10, "offline", "Movable Normal");
        root = Sysroot.of(tmp, Sysroot.Access.WRITABLE);
    }

    private void block(int i, String state, String zones) throws IOException {
        Path b = Files.createDirectories(mem.resolve("memory" + i));
        Files.writeString(b.resolve("state"), state + "\n");
        Files.writeString(b.resolve("valid_zones"), zones + "\n");
    }

    private String state(int i) throws IOException {
        return Files.readString(mem.resolve("memory" + i + "/state"));
    }

    private ToolResult chmem(String... args) {
        return Chmem.run(root, args);
    }

    @ParameterizedTest(name = "chmem {0}")
    @CsvSource(delimiter = '|', value = {
            "''| chmem: bad usage\\nTry 'chmem --help' for more information.\\n",
            "-e| chmem: bad usage\\nTry 'chmem --help' for more information.\\n",
            "512M| chmem: bad usage\\nTry 'chmem --help' for more information.\\n",
            "-e 1G 2G| chmem: bad usage\\nTry 'chmem --help' for more information.\\n",
            "-q -e 1G| chmem: invalid option -- 'q'\\nTry 'chmem --help' for more information.\\n",
            "-e -d 1G| chmem: options --enable and --disable cannot be combined\\n",
            "-e 1-2-3| chmem: Invalid parameter: 1-2-3\\n",
            "-e -b 5-2| chmem: Invalid range: 5-2\\n",
            "-e 0x10000000-0x8000000| chmem: Start address and (end address + 1) must be aligned to memory block size (128M)\\n",
            "-e 0x20000000-0x17ffffff| chmem: Invalid range: 0x20000000-0x17ffffff\\n",
            "-e 100-0x8000000| chmem: Invalid start address format: 100\\n",
            "-e 0x0-7ffffff| chmem: Invalid end address format: 7ffffff\\n",
            "-e 0xzz-0x7ffffff| chmem: Failed to parse start address: '0xzz'\\n",
            "-e 100M| chmem: Size must be aligned to memory block size (128M)\\n",
            "-e 100| chmem: Size must be aligned to memory block size (128M)\\n",
            "-e 1Q| chmem: Failed to parse size: '1Q': Invalid argument\\n",
            "-e -b x| chmem: Failed to parse block number: 'x'\\n",
            "-e -b 99999999999999999999| chmem: Failed to parse block number: '99999999999999999999': Numerical result out of range\\n",
            "-e -z Bogus 1G| chmem: unknown memory zone: Bogus\\nTry 'chmem --help' for more information.\\n",
    })
    void usageErrorsChangeNothingAndExit1(String args, String stderr) throws IOException {
        ToolResult r = chmem(args.isEmpty() ? new String[0] : args.split(" "));
        assertThat(r.stderr()).isEqualTo(stderr.replace("\\n", "\n"));
        assertThat(r.stdout()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(state(4)).isEqualTo("offline\n");
    }

    @Test
    void helpListsTheZones() {
        ToolResult r = chmem("-h");
        assertThat(r.stdout()).contains(" [options] [SIZE|RANGE|BLOCKRANGE]", "\nSupported zones:\n DMA\n DMA32\n Normal\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aRangeEnablesItsOfflineBlocksMovableWhereValidAndAGapIsAPartialSuccess() throws IOException {
        ToolResult r = chmem("-v", "-e", "0x18000000-0x3fffffff"); // blocks 3-7: 6 and 7 do not exist
        assertThat(r.stdout()).isEqualTo("Memory Block 3 (0x0000000018000000-0x000000001fffffff) already enabled\n"
                + "Memory Block 4 (0x0000000020000000-0x0000000027ffffff) enabled\n"
                + "Memory Block 5 (0x0000000028000000-0x000000002fffffff) enabled\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(64);
        assertThat(state(4)).isEqualTo("online_movable");
        assertThat(state(5)).isEqualTo("onlinee\n"); // "online" over "offline\n": the tail stays, as with O_WRONLY
    }

    @Test
    void aZoneThatIsNotValidIsAMismatchAndOtherZonesOnlineKernel() throws IOException {
        ToolResult r = chmem("-e", "-z", "movable", "-b", "4-5");
        assertThat(r.stderr()).isEqualTo("chmem: Memory Block 5 (0x0000000028000000-0x000000002fffffff) enable failed: Zone mismatch\n");
        assertThat(r.exitCode()).isEqualTo(64);
        assertThat(state(4)).isEqualTo("online_movable");
        assertThat(chmem("-e", "-z", "NORMAL", "-b", "5").exitCode()).isZero();
        assertThat(state(5)).isEqualTo("online_kernel");
    }

    @Test
    void aSizeTakesTheLowestBlocksToEnableAndTheHighestToDisable() throws IOException {
        assertThat(chmem("-e", "256").exitCode()).isZero(); // digits only: MiB
        assertThat(state(4)).startsWith("online_movable");
        assertThat(state(5)).startsWith("online");
        ToolResult r = chmem("-d", "512M");
        assertThat(r.stderr()).isEmpty();
        assertThat(state(10)).isEqualTo("offline\n");
        assertThat(state(5)).startsWith("offline");
        assertThat(state(4)).startsWith("offline");
        assertThat(state(3)).startsWith("offline");
        assertThat(state(2)).startsWith("offline"); // memory10 was offline already: it does not count
        assertThat(state(1)).isEqualTo("online\n");
        ToolResult tooMuch = chmem("-e", "1G");
        assertThat(tooMuch.stderr()).isEqualTo("chmem: Could only enable 640M of memory\n");
        assertThat(tooMuch.exitCode()).isEqualTo(64);
    }

    @Test
    void aWriteThatFailsSaysWhy() throws IOException {
        Files.delete(mem.resolve("memory4/state"));
        ToolResult r = chmem("-e", "-b", "4");
        assertThat(r.stderr()).isEqualTo(
                "chmem: Memory Block 4 (0x0000000020000000-0x0000000027ffffff) enable failed: No such file or directory\n");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void withoutValidZonesAZoneIsIgnoredWithAWarning() throws IOException {
        Files.delete(mem.resolve("memory0/valid_zones"));
        ToolResult r = chmem("-e", "-z", "Bogus", "-b", "4");
        assertThat(r.stderr()).isEqualTo("chmem: zone ignored, no valid_zones sysfs attribute present\n");
        assertThat(r.exitCode()).isZero();
        assertThat(state(4)).isEqualTo("onlinee\n");
    }

    @Test
    void blocksAreVisitedInVersionsortOrder() {
        List<String> names = new ArrayList<>(List.of("memory10", "memory9", "memory1", "memory09", "memory100", "memory0"));
        names.sort(VersionSort.ORDER);
        // leading zeros make a fraction: glibc sorts 09 before 0
        assertThat(names).containsExactly("memory09", "memory0", "memory1", "memory9", "memory10", "memory100");
    }

    @Test
    void sizesParseAsUtilLinuxDoes() throws Exception {
        assertThat(CNumbers.parseSize("128M")).isEqualTo(128L << 20);
        assertThat(CNumbers.parseSize("1KiB")).isEqualTo(1024);
        assertThat(CNumbers.parseSize("1KB")).isEqualTo(1000);
        assertThat(CNumbers.parseSize("1.5G")).isEqualTo(3L << 29);
        assertThat(CNumbers.parseSize("0x10")).isEqualTo(16);
        assertThat(Lsmem.humanSize(128L << 20)).isEqualTo("128M");
    }
}
