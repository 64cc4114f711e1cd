package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * {@code lscpu -e} and {@code -J} on small trees, each rule of lscpu's at a time: the default
 * columns follow the data, a list replaces or ({@code +LIST}) extends them, empty cells print as
 * {@code -} and make their JSON column a string column, the CPU filters, and the options lscpu
 * refuses or sysplug does not have.
 */
class LscpuExtendedTest {

    @TempDir
    Path root;

    /** Four CPUs, two threads per core, one socket, node0; cpu3 offline. No caches, no frequencies. */
    @BeforeEach
    void fourCpusOneOffline() throws IOException {
        FourCpuTree.build(root, "0-2", "7");
    }

    private void write(String path, String content) throws IOException {
        FourCpuTree.write(root, path, content);
    }

    private ToolResult lscpu(String... args) throws IOException {
        return Lscpu.run(Sysroot.of(root), args);
    }

    @Test
    void theDefaultColumnsAreThoseWithDataAndEveryCpuIsListed() throws IOException {
        assertThat(lscpu("-e")).isEqualTo(new ToolResult(""
                + "CPU NODE SOCKET CORE ONLINE\n"
                + "  0    0      0    0    yes\n"
                + "  1    0      0    0    yes\n"
                + "  2    0      0    1    yes\n"
                + "  3    -      0    1     no\n", "", 0));
    }

    @Test
    void frequenciesAddMaxMinAndCurrentMhzAsCPrintsAFloat() throws IOException {
        for (int cpu = 0; cpu < 4; cpu++) {
            write("sys/devices/system/cpu/cpu" + cpu + "/cpufreq/cpuinfo_max_freq", "2667000");
            write("sys/devices/system/cpu/cpu" + cpu + "/cpufreq/cpuinfo_min_freq", "1199000");
        }
        write("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "2394455");
        write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu MHz\t\t: 1000.000\n\n"
                + "processor\t: 1\nvendor_id\t: GenuineIntel\ncpu MHz\t\t: 1596.123\n");

        assertThat(lscpu("-e=CPU,MAXMHZ,MINMHZ,MHZ").stdout()).isEqualTo(""
                + "CPU    MAXMHZ    MINMHZ       MHZ\n"
                + "  0 2667.0000 1199.0000 2394.4551\n" // scaling_cur_freq over cpuinfo, as a float: 2394.45507...
                + "  1 2667.0000 1199.0000 1596.1230\n" // cpuinfo's, as a float: 1596.12304...
                + "  2 2667.0000 1199.0000         -\n"
                + "  3 2667.0000 1199.0000         -\n");
        assertThat(lscpu("-e").stdout().lines().findFirst()).contains(
                "CPU NODE SOCKET CORE ONLINE    MAXMHZ    MINMHZ       MHZ");
    }

    @Test
    void aListReplacesTheDefaultsAndAPlusListExtendsThem() throws IOException {
        assertThat(lscpu("--extended=core,CPU", "--online").stdout()).isEqualTo(""
                + "CORE CPU\n"
                + "   0   0\n"
                + "   0   1\n"
                + "   1   2\n");
        assertThat(lscpu("-e=+BOOK", "-c").stdout()).isEqualTo(""
                + "CPU NODE SOCKET CORE ONLINE BOOK\n"
                + "  3    -      0    1     no    -\n");
        assertThat(lscpu("-e", "-y", "-b").stdout()).startsWith("CPU NODE SOCKET CORE ONLINE\n  0    0      0    0    yes\n");
    }

    @Test
    void jsonWritesNumbersAndBooleansAndAColumnWithAnEmptyCellAsStrings() throws IOException {
        assertThat(lscpu("-J", "-e=CPU,NODE,ONLINE").stdout()).isEqualTo("{\n"
                + "   \"cpus\": [\n"
                + "      {\n"
                + "         \"cpu\": 0,\n"
                + "         \"node\": \"0\",\n"
                + "         \"online\": true\n"
                + "      },{\n"
                + "         \"cpu\": 1,\n"
                + "         \"node\": \"0\",\n"
                + "         \"online\": true\n"
                + "      },{\n"
                + "         \"cpu\": 2,\n"
                + "         \"node\": \"0\",\n"
                + "         \"online\": true\n"
                + "      },{\n"
                + "         \"cpu\": 3,\n"
                + "         \"node\": \"-\",\n"
                + "         \"online\": false\n"
                + "      }\n"
                + "   ]\n"
                + "}\n");
        assertThat(lscpu("-J", "-e=CPU,NODE", "--online").stdout()).contains("\"node\": 0\n");
    }

    @Test
    void noCpuToListIsNothingOrAnEmptyJsonArray() throws IOException {
        write("sys/devices/system/cpu/online", "0-3");
        assertThat(lscpu("-e", "--offline")).isEqualTo(new ToolResult("", "", 0));
        assertThat(lscpu("-e", "-J", "-c").stdout()).isEqualTo("{\n   \"cpus\": [\n\n   ]\n}\n");
    }

    @Test
    void s390FilesGiveConfiguredPolarizationAndAddressColumns() throws IOException {
        for (int cpu = 0; cpu < 4; cpu++) {
            write("sys/devices/system/cpu/cpu" + cpu + "/configure", cpu == 3 ? "0" : "1");
            write("sys/devices/system/cpu/cpu" + cpu + "/address", Integer.toString(cpu * 2));
        }
        write("sys/devices/system/cpu/cpu0/polarization", "vertical:high");
        write("sys/devices/system/cpu/cpu1/polarization", "horizontal");
        write("sys/devices/system/cpu/cpu2/polarization", "what");

        assertThat(lscpu("-e").stdout()).isEqualTo(""
                + "CPU NODE SOCKET CORE ONLINE CONFIGURED POLARIZATION ADDRESS\n"
                + "  0    0      0    0    yes yes        vert-high    0\n"
                + "  1    0      0    0    yes yes        horizontal   2\n"
                + "  2    0      0    1    yes yes        -            4\n"
                + "  3    -      0    1     no no         -            6\n");
        assertThat(lscpu("-p=CPU,POLARIZATION,CONFIGURED,ONLINE", "-a").stdout()).endsWith(""
                + "# CPU,Polarization,Configured,Online\n"
                + "0,VH,Y,Y\n1,H,Y,Y\n2,U,Y,Y\n3,U,N,N\n");
        assertThat(lscpu("-J", "-e=CPU,CONFIGURED").stdout()).contains("\"configured\": false\n");
    }

    @Test
    void theSummaryAsJsonIsOneObjectPerLine() throws IOException {
        assertThat(lscpu("--json").stdout()).isEqualTo("{\n"
                + "   \"lscpu\": [\n"
                + "      {\n"
                + "         \"field\": \"CPU(s):\",\n"
                + "         \"data\": \"4\"\n"
                + "      },{\n"
                + "         \"field\": \"On-line CPU(s) list:\",\n"
                + "         \"data\": \"0-2\"\n"
                + "      },{\n"
                + "         \"field\": \"Off-line CPU(s) list:\",\n"
                + "         \"data\": \"3\"\n"
                + "      },{\n"
                + "         \"field\": \"NUMA node(s):\",\n"
                + "         \"data\": \"1\"\n"
                + "      },{\n"
                + "         \"field\": \"NUMA node0 CPU(s):\",\n"
                + "         \"data\": \"0-2\"\n"
                + "      }\n"
                + "   ]\n"
                + "}\n");
    }

    @Test
    void refusedAsLscpuRefusesThem() throws IOException {
        assertThat(lscpu("-a")).isEqualTo(new ToolResult("", "lscpu: options --all, --online and --offline may only be "
                + "used with options --extended or --parse.\n", 1));
        assertThat(lscpu("-e", "-p")).isEqualTo(new ToolResult("", "lscpu: options --extended and --parse cannot be "
                + "combined\n", 1));
        assertThat(lscpu("-e", "-a", "-b").stderr()).isEqualTo("lscpu: options --all and --online cannot be combined\n");
        assertThat(lscpu("-e=CPU,L2")).isEqualTo(new ToolResult("", "lscpu: unknown column: L2\n", 1));
        assertThat(lscpu("-e=")).isEqualTo(new ToolResult("", "", 1));
        assertThat(lscpu("-e=CPU,,NODE")).isEqualTo(new ToolResult("", "", 1));
        assertThat(lscpu("-e", "extra")).isEqualTo(new ToolResult("", "lscpu: bad usage\n"
                + "Try 'lscpu --help' for more information.\n", 1));
    }

    @Test
    void whatSysplugsLscpuDoesNotHaveIsSaidSo() throws IOException {
        assertThat(lscpu("--hex")).isEqualTo(new ToolResult("", "lscpu: option --hex is not supported by sysplug's lscpu"
                + " (see 'lscpu --help'); not supported: -B/--bytes, -C/--caches, -r/--raw, -x/--hex, -H/--list-columns,"
                + " --output-all, --annotate, --hierarchic, --arm-id, --arm-model\n", 1));
        assertThat(lscpu("-e", "-r").stderr()).startsWith("lscpu: option --raw is not supported");
        assertThat(lscpu("-e=CPU,MODELNAME")).isEqualTo(new ToolResult("", "lscpu: column not supported here: MODELNAME\n", 1));
    }

    @Test
    void helpAndVersionPrintAndExitZeroBeforeReadingAnything() {
        ToolResult help = Lscpu.run(Sysroot.class.cast(null), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).isEqualTo(Lscpu.usage()).startsWith("\nUsage:\n lscpu [options]\n\n")
                .contains("\n -e, --extended[=<list>] print out an extended readable format\n")
                .contains("\n -h, --help              display this help\n")
                .contains("\nAvailable output columns for -e or -p:\n           CPU  logical CPU number\n")
                .contains("\n  POLARIZATION  CPU dispatching mode on virtual hardware\n")
                .contains("Not supported by sysplug's lscpu: -B/--bytes").endsWith("\nFor more details see lscpu(1).\n")
                .doesNotContain("--hex ").doesNotContain("BOGOMIPS  ");
        assertThat(Lscpu.run(Sysroot.class.cast(null), "-h")).isEqualTo(help);
        assertThat(Lscpu.run(Sysroot.class.cast(null), "-e", "-V").stdout()).isEqualTo("lscpu from util-linux 2.41 (sysplug)\n");
    }
}
