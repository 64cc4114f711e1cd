package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysplug.platform.linux.sysfs.Dumps;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * Every chcpu dump in ../shared/data/util-linux, run through the sequence its README (and
 * util-linux's tests/ts/chcpu/options) describes, compared with util-linux's expected stdout and
 * stderr files (trailing blanks aside). The harness does the shell's part with plain java.nio:
 * the section titles, printing the attribute files, faking a hot-pluggable cpu0. Skipped when the
 * folder is absent.
 */
class ChcpuConformanceTest {

    static final String CPU = "sys/devices/system/cpu";

    static List<String> dumps() throws IOException {
        return Dumps.names("chcpu/dumps", ".tar.bz2");
    }

    static Stream<Arguments> allDumps() throws IOException {
        return Dumps.arguments(dumps());
    }

    static Path unpack(String dump, Path into) throws Exception {
        return Dumps.unpack("chcpu/dumps", dump, ".tar.bz2", into);
    }

    /** The shell side of util-linux's test: two output files, the last exit status. */
    static final class Harness {
        final Path root;
        final Sysroot sysroot;
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();
        int exit;

        Harness(Path root, Sysroot.Access access) throws IOException {
            this.root = root;
            this.sysroot = Sysroot.of(root, access);
        }

        void chcpu(String... args) {
            List<String> argv = new java.util.ArrayList<>(List.of("--sysroot", root.toString()));
            argv.addAll(List.of(args));
            ToolResult r = Chcpu.run(sysroot, argv);
            out.append(r.stdout());
            err.append(r.stderr());
            exit = r.exitCode();
        }

        void title(String t) {
            out.append("---").append(t).append("---\n");
            err.append("---").append(t).append("---\n");
        }

        /** print_cpus_sys_interface: cat cpu{i}/NAME for i in [from, to] where it is a file. */
        void print(String name, int from, int to) throws IOException {
            for (int i = from; i <= to; i++) {
                Path p = root.resolve(CPU + "/cpu" + i + "/" + name);
                if (Files.isRegularFile(p)) {
                    out.append(Files.readString(p));
                }
            }
        }
    }

    /** The first and last CPU that lscpu lists as online (util-linux's test asks lscpu too). */
    static int[] onlineRange(Sysroot root) {
        ToolResult r = Lscpu.run(root, "--online", "--parse=CPU");
        assertThat(r.exitCode()).isZero();
        List<Integer> cpus = r.stdout().lines().filter(l -> !l.startsWith("#")).map(String::trim).map(Integer::parseInt)
                .toList();
        assertThat(cpus).isNotEmpty();
        return new int[] { cpus.get(0), cpus.get(cpus.size() - 1) };
    }

    /** The files the sequence may change: cpuN/online for the CPUs it names, and what it would configure. */
    static Set<String> writable(int last) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i <= last + 2; i++) {
            out.add(CPU + "/cpu" + i + "/online");
            out.add(CPU + "/cpu" + i + "/configure");
        }
        out.add(CPU + "/dispatching");
        out.add(CPU + "/rescan");
        return out;
    }

    @ParameterizedTest(name = "{0}: chcpu options sequence")
    @MethodSource("allDumps")
    void theOptionsSequenceMatchesUtilLinux(String dump, @TempDir Path tmp) throws Exception {
        assumeTrue(dump != null, "no util-linux chcpu dumps at " + LsmemConformanceTest.utilLinux().toAbsolutePath());
        Path root = unpack(dump, tmp);
        Map<String, String> before = LsmemConformanceTest.checksums(root);
        Harness h = new Harness(root, Sysroot.Access.WRITABLE);
        int[] range = onlineRange(h.sysroot);
        int a = range[0];
        int b = range[1];
        String list = a + "-" + b;

        h.title("disable");
        h.chcpu("--disable", list);
        h.print("online", a, b);
        h.title("enable");
        h.chcpu("--enable", list);
        h.print("online", a, b);
        h.title("deconfigure");
        h.chcpu("--deconfigure", list);
        h.print("configure", a, b);
        h.title("configure");
        h.chcpu("--configure", list);
        h.print("configure", a, b);
        h.title("dispatch horizontal");
        h.chcpu("--dispatch", "horizontal");
        h.print("dispatching", a, b);
        h.title("dispatch vertical");
        h.chcpu("--dispatch", "vertical");
        h.print("dispatching", a, b);
        h.title("rescan");
        h.chcpu("--rescan");

        // fake a hot-pluggable cpu0, as the test does with `echo 1 | tee cpu0/online`
        h.title("disable last enabled CPU");
        Path cpu0online = root.resolve(CPU + "/cpu0/online");
        Files.writeString(cpu0online, "1\n");
        h.chcpu("--disable", "0-" + b);
        h.print("online", 0, b);
        Files.deleteIfExists(cpu0online);
        h.out.append("exit code: ").append(h.exit).append('\n');

        h.err.append("---disable invalid CPU list---\n");
        h.chcpu("--disable", (b + 1) + "-" + (b + 2));
        h.err.append("---configure invalid CPU list---\n");
        h.chcpu("--configure", (b + 1) + "-" + (b + 2));
        h.err.append("---invalid dispatch mode---\n");
        h.chcpu("--dispatch", "bogus");
        h.err.append("---exclusive options---\n");
        h.chcpu("--enable", list, "--rescan");
        h.chcpu("--enable", list, "--disable", list);
        h.chcpu("--configure", list, "--enable", list);

        Path expected = LsmemConformanceTest.utilLinux().resolve("tests/expected/chcpu/options-" + dump);
        assertThat(LsmemConformanceTest.rtrimLines(h.out.toString()))
                .isEqualTo(LsmemConformanceTest.rtrimLines(Files.readString(expected)));
        assertThat(LsmemConformanceTest.rtrimLines(h.err.toString()))
                .isEqualTo(LsmemConformanceTest.rtrimLines(Files.readString(expected.resolveSibling(expected.getFileName() + ".err"))));

        // nothing was written outside the attributes the sequence names
        Map<String, String> after = LsmemConformanceTest.checksums(root);
        Set<String> allowed = writable(b);
        assertThat(without(after, allowed)).isEqualTo(without(before, allowed));
    }

    @ParameterizedTest(name = "{0}: every change refused on a read-only tree")
    @MethodSource("allDumps")
    void aReadOnlyTreeRefusesEveryChangeAndStaysUnchanged(String dump, @TempDir Path tmp) throws Exception {
        assumeTrue(dump != null, "no util-linux chcpu dumps at " + LsmemConformanceTest.utilLinux().toAbsolutePath());
        Path root = unpack(dump, tmp);
        Map<String, String> before = LsmemConformanceTest.checksums(root);
        Sysroot readOnly = Sysroot.of(root);
        int[] range = onlineRange(readOnly);
        String list = range[0] + "-" + range[1];
        for (List<String> args : List.of(List.of("--disable", list), List.of("--enable", list),
                List.of("--configure", list), List.of("--deconfigure", list), List.of("--dispatch", "horizontal"),
                List.of("--dispatch", "vertical"), List.of("--rescan"))) {
            ToolResult r = Chcpu.run(readOnly, args);
            assertThat(r.exitCode()).as("chcpu %s", args).isEqualTo(1);
            assertThat(r.stdout()).as("chcpu %s", args).isEmpty();
            assertThat(r.stderr()).as("chcpu %s", args).startsWith("chcpu: read-only sysroot ")
                    .contains("refused, nothing was changed").hasLineCount(1);
        }
        assertThat(LsmemConformanceTest.checksums(root)).isEqualTo(before);
    }

    static Map<String, String> without(Map<String, String> sums, Set<String> paths) {
        Map<String, String> out = new TreeMap<>(sums);
        out.keySet().removeAll(paths);
        return out;
    }
}
