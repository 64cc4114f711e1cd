package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolOutput;
import org.sysplug.tools.utillinux.lib.ToolResult;

/** chcpu's options, errors and rules on a small tree: cpu0 (no online file), cpu1-3 online, kernel_max 7. */
class ChcpuTest {

    @TempDir
    Path tmp;
    Path cpu;
    Sysroot root;

    @BeforeEach
    void tree() throws IOException {
        cpu = Files.createDirectories(tmp.resolve("sys/devices/system/cpu"));
        Files.writeString(cpu.resolve("kernel_max"), "7\n");
        Files.writeString(cpu.resolve("online"), "0-3\n");
        Files.createDirectories(cpu.resolve("cpu0"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(Files.createDirectories(cpu.resolve("cpu" + i)).resolve("online"), "1\n");
        }
        root = Sysroot.of(tmp, Sysroot.Access.WRITABLE);
    }

    private ToolResult chcpu(String... args) {
        return Chcpu.run(root, args);
    }

    @ParameterizedTest(name = "chcpu {0}")
    @CsvSource(delimiter = '|', value = {
            "''| chcpu: bad usage\\nTry 'chcpu --help' for more information.\\n",
            "-x| chcpu: invalid option -- 'x'\\nTry 'chcpu --help' for more information.\\n",
            "--bogus| chcpu: unrecognized option '--bogus'\\nTry 'chcpu --help' for more information.\\n",
            "--d 1| chcpu: option '--d' is ambiguous; possibilities: '--deconfigure' '--disable' '--dispatch'\\nTry 'chcpu --help' for more information.\\n",
            "-e| chcpu: option requires an argument -- 'e'\\nTry 'chcpu --help' for more information.\\n",
            "--enable| chcpu: option '--enable' requires an argument\\nTry 'chcpu --help' for more information.\\n",
            "--rescan=1| chcpu: option '--rescan' doesn't allow an argument\\nTry 'chcpu --help' for more information.\\n",
            "-e 1 extra| chcpu: bad usage\\nTry 'chcpu --help' for more information.\\n",
            "-e 1 -r| chcpu: options --enable and --rescan cannot be combined\\n",
            "-r -d 1| chcpu: options --rescan and --disable cannot be combined\\n",
            "-p bogus| chcpu: unsupported argument: bogus\\n",
            "-e 9000| chcpu: invalid CPU number in CPU list: 9000\\n",
            "-e 1-x| chcpu: failed to parse CPU list: 1-x\\n",
            "-e 3-1| chcpu: failed to parse CPU list: 3-1\\n",
            "-e 0-2:0| chcpu: failed to parse CPU list: 0-2:0\\n",
    })
    void usageErrorsChangeNothingAndExit1(String args, String stderr) throws IOException {
        ToolResult r = chcpu(args.isEmpty() ? new String[0] : args.split(" "));
        assertThat(r.stderr()).isEqualTo(stderr.replace("\\n", "\n"));
        assertThat(r.stdout()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(Files.readString(cpu.resolve("cpu1/online"))).isEqualTo("1\n");
    }

    @Test
    void helpAndVersionGoToStdoutAndExit0() {
        assertThat(chcpu("--help").stdout()).startsWith("\nUsage:\n chcpu [options]\n").contains(" -s, --sysroot <dir>")
                .endsWith("\nFor more details see chcpu(8).\n");
        assertThat(chcpu("-V").stdout()).startsWith("chcpu from util-linux");
        assertThat(chcpu("--help").exitCode()).isZero();
    }

    @Test
    void aSysrootOnlyIsNoCommandAndExits1Silently() {
        assertThat(chcpu("--sysroot", tmp.toString())).isEqualTo(new ToolResult("", "", 1));
    }

    @Test
    void eachCpuFollowsTheRulesInOrderAndAPartialSuccessExits64() throws IOException {
        Files.writeString(cpu.resolve("cpu3/online"), "0\n");
        ToolResult r = chcpu("--disable", "0-4");
        assertThat(r.stdout()).isEqualTo("CPU 1 disabled\nCPU 2 disabled\nCPU 3 is already disabled\n");
        assertThat(r.stderr()).isEqualTo("chcpu: CPU 0 is not hot pluggable\nchcpu: CPU 4 does not exist\n");
        assertThat(r.exitCode()).isEqualTo(64);
        assertThat(Files.readString(cpu.resolve("cpu1/online"))).isEqualTo("0\n");
    }

    @Test
    void theLastOnlineCpuIsNeverDisabled() throws IOException {
        Files.writeString(cpu.resolve("online"), "1-2\n");
        ToolResult r = chcpu("-d", "1,2");
        assertThat(r.stdout()).isEqualTo("CPU 1 disabled\n");
        assertThat(r.stderr()).isEqualTo("chcpu: CPU 2 disable failed (last enabled CPU)\n");
        assertThat(Files.readString(cpu.resolve("cpu2/online"))).isEqualTo("1\n");
    }

    @Test
    void failingAsManyCpusAsThereArePossibleIdsExits1() {
        // kernel_max 7: 8 possible ids; 0 is not hot-pluggable, 4-7 do not exist... and 1-3 already enabled
        ToolResult r = chcpu("-g", "0-7");
        assertThat(r.stderr()).contains("chcpu: CPU 0 is not configurable", "chcpu: CPU 7 does not exist");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void aFailedWriteSaysWhyWithTheCLibraryText() throws IOException {
        Path online = cpu.resolve("cpu2/online");
        Files.writeString(online, "0\n");
        Files.delete(online);
        Files.createDirectory(online); // exists, but cannot be read: chcpu cannot read its state
        ToolResult r = chcpu("-e", "2");
        assertThat(r.stderr()).isEqualTo("chcpu: failed to read CPU 2 state\n");
        assertThat(ToolOutput.strerror(new java.nio.file.FileSystemException("x", null, "Device or resource busy")))
                .isEqualTo("Device or resource busy");
        assertThat(ToolOutput.strerror(new java.nio.file.AccessDeniedException("x"))).isEqualTo("Permission denied");
        assertThat(ToolOutput.strerror(new java.nio.file.NoSuchFileException("x"))).isEqualTo("No such file or directory");
    }

    @Test
    void configureDispatchAndRescanWriteWhereTheSystemHasThem() throws IOException {
        Files.writeString(cpu.resolve("cpu2/configure"), "1\n");
        Files.writeString(cpu.resolve("cpu3/configure"), "0\n");
        Files.writeString(cpu.resolve("dispatching"), "0\n");
        Files.writeString(cpu.resolve("rescan"), "");
        ToolResult g = chcpu("-g", "2-3");
        assertThat(g.stderr()).isEqualTo("chcpu: CPU 2 deconfigure failed (CPU is enabled)\n");
        assertThat(g.stdout()).isEqualTo("CPU 3 is already deconfigured\n");
        assertThat(chcpu("-c", "3").stdout()).isEqualTo("CPU 3 configured\n");
        assertThat(Files.readString(cpu.resolve("cpu3/configure"))).isEqualTo("1\n");
        assertThat(chcpu("-p", "vertical").stdout()).isEqualTo("Successfully set vertical dispatching mode\n");
        assertThat(Files.readString(cpu.resolve("dispatching"))).isEqualTo("1\n");
        assertThat(chcpu("-r").stdout()).isEqualTo("Triggered rescan of CPUs\n");
        assertThat(Files.readString(cpu.resolve("rescan"))).isEqualTo("1");
    }

    @Test
    void aTreeWithoutCpusCannotBeOpened() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        ToolResult r = Chcpu.run(Sysroot.of(empty, Sysroot.Access.WRITABLE), "-e", "1");
        assertThat(r.stderr()).isEqualTo("chcpu: cannot open /sys/devices/system/cpu: No such file or directory\n");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void cpuListsParseAsUtilLinuxDoes() {
        java.util.BitSet set = new java.util.BitSet();
        assertThat(Chcpu.parseList("0-6:3,9", set, 64, true)).isZero();
        assertThat(set.toString()).isEqualTo("{0, 3, 6, 9}");
        assertThat(Chcpu.parseList("1x,2", set, 64, true)).isZero(); // util-linux accepts junk before a comma
        assertThat(Chcpu.parseList("1,2x", set, 64, true)).isEqualTo(1);
        assertThat(Chcpu.parseList("64", set, 64, true)).isEqualTo(2);
        assertThat(Chcpu.parseList("60-70", set, 64, false)).isZero();
        assertThat(set.cardinality()).isEqualTo(4);
    }
}
