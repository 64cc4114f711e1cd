package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysplug.platform.linux.sysfs.Dumps;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * {@code lscpu -e}, its JSON and the parse columns it shares, on every lscpu dump of
 * ../shared/data/util-linux, against util-linux's own lscpu ({@code lscpu --sysroot DUMP ...},
 * Debian's) byte for byte, stdout, stderr and exit status: util-linux's test suite has no expected
 * files for them. The summary's JSON is checked against util-linux's expected files. Skipped when
 * the dumps or util-linux's lscpu are absent.
 *
 * <p>Where the installed util-linux (2.38) and the util-linux of the expected files differ,
 * sysplug follows the newer one, and those runs are skipped with the reason
 * ({@link #KNOWN_DIFFERENCES}); so is a run on a dump where sysplug cannot read what lscpu reads.
 * Also left out: {@code -p=LIST} with CACHE (2.38 still prints the compatible cache fields there)
 * and the JSON of an empty cell (2.38 writes a bare {@code -}; {@link LscpuExtendedTest} pins the
 * newer rule).
 */
class LscpuExtendedConformanceTest {

    private static final Path LSCPU = Path.of("/usr/bin/lscpu");

    /** The runs compared on every dump. */
    static final List<List<String>> RUNS = List.of(
            List.of("-e"),
            List.of("--extended", "--physical"),
            List.of("-e", "--online"),
            List.of("-e", "--offline"),
            List.of("-e=CPU,SOCKET,NODE,CACHE,ONLINE"),
            List.of("--extended=+POLARIZATION,ADDRESS,CONFIGURED"),
            List.of("-e=CPU,BOOK,DRAWER,MAXMHZ,MINMHZ,MHZ", "-y"),
            List.of("-p=CPU,CORE,SOCKET,NODE,BOOK,DRAWER,POLARIZATION,ADDRESS,CONFIGURED,ONLINE,MHZ,MAXMHZ,MINMHZ", "-a"),
            List.of("--parse=CPU,ONLINE,DRAWER,BOOK", "--physical", "-c"),
            List.of("-J", "-e"),
            List.of("--json", "-e", "--physical", "--offline"),
            List.of("-e", "-p"),
            List.of("-a"),
            List.of("-e=CPU,L2"),
            List.of("-e="));

    private static final String FREQUENCY_LINK = "cpuN/cpufreq is a symbolic link to ../cpufreq/policyN here, and sysplug's"
            + " tree reader never follows a link: no MAXMHZ, MINMHZ or MHZ (lscpu follows it)";
    private static final String UNTYPED_238 = "its cpuinfo has no CPU type line: util-linux 2.38 gives the CPUs no type"
            + " (every cell '-'), newer util-linux (its expected files) and sysplug one type for all";

    private static final String DRAWER_238 = "util-linux 2.38 leaves a CPU's drawer id 0 where it has no topology files"
            + " (an uninitialised field), newer util-linux and sysplug print '-'";

    /**
     * Dumps, runs on a dump, or runs on any dump ({@code * ARGS}) on which the installed lscpu is
     * not the reference, with the reason.
     */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "arm-A510-A710-A715-X3", FREQUENCY_LINK,
            "armv7", FREQUENCY_LINK,
            "vmware_fpe", FREQUENCY_LINK,
            "x86_64-64cpu-linux6.2", FREQUENCY_LINK,
            "rv64-linux", UNTYPED_238,
            "rv64-visionfive2", UNTYPED_238,
            "s390-lpar -e=CPU,BOOK,DRAWER,MAXMHZ,MINMHZ,MHZ -y", DRAWER_238,
            "s390-lpar --parse=CPU,ONLINE,DRAWER,BOOK --physical -c", DRAWER_238,
            "* -e -p", "util-linux 2.38 says 'mutually exclusive arguments: --caches --extended --parse'; newer util-linux,"
                    + " as sysplug's lsmem, chcpu and chmem, 'options --extended and --parse cannot be combined'");

    static Stream<Arguments> runs() throws IOException {
        List<String> names = Dumps.names("lscpu/dumps", ".tar.gz");
        if (names.isEmpty()) {
            return Stream.of(Arguments.of(null, List.of()));
        }
        return names.stream().flatMap(d -> RUNS.stream().map(r -> Arguments.of(d, r)));
    }

    static Stream<Arguments> dumps() throws IOException {
        return Dumps.arguments(Dumps.names("lscpu/dumps", ".tar.gz"));
    }

    @TempDir
    static Path shared;

    /** Each dump unpacked once for the class (the runs only read it). */
    private static final Map<String, Path> UNPACKED = new HashMap<>();

    private static synchronized Path unpack(String dump) throws Exception {
        Path root = UNPACKED.get(dump);
        if (root == null) {
            root = Dumps.unpack("lscpu/dumps", dump, ".tar.gz", Files.createDirectories(shared.resolve(dump)));
            UNPACKED.put(dump, root);
        }
        return root;
    }

    @ParameterizedTest(name = "{0}: lscpu {1}")
    @MethodSource("runs")
    void printsWhatUtilLinuxPrints(String dump, List<String> args) throws Exception {
        assumeTrue(dump != null, "no util-linux lscpu dumps");
        assumeTrue(Files.isExecutable(LSCPU), "util-linux's lscpu is not installed");
        for (String key : List.of(dump, dump + " " + String.join(" ", args), "* " + String.join(" ", args))) {
            assumeFalse(KNOWN_DIFFERENCES.containsKey(key), () -> "known difference: " + KNOWN_DIFFERENCES.get(key));
        }
        Path root = unpack(dump);
        Sysroot tree = Sysroot.of(root);
        if (args.contains("-J") || args.contains("--json")) {
            assumeFalse(Lscpu.run(tree, args.stream().filter(a -> !a.equals("-J") && !a.equals("--json")).toList())
                    .stdout().lines().skip(1).anyMatch(l -> l.matches("(.* )?-( .*)?")),
                    "an empty cell: util-linux 2.38 writes it as a bare '-', not JSON");
        }

        assertThat(Lscpu.run(tree, args)).isEqualTo(utilLinux(root, args));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void theSummarysJsonHasTheExpectedLines(String dump) throws Exception {
        assumeTrue(dump != null, "no util-linux lscpu dumps");
        Sysroot tree = Sysroot.of(unpack(dump));
        String expected = Files.readString(LsmemConformanceTest.utilLinux().resolve("tests/expected/lscpu/lscpu-" + dump));
        List<String> want = LscpuConformanceTest.summaryLines(expected.split("\n\n", -1)[0]).stream()
                .map(l -> l.replaceFirst(":\\s+", ": ")).toList();

        ToolResult json = Lscpu.run(tree, "-J");

        assertThat(json.exitCode()).isZero();
        assertThat(fields(json.stdout())).isEqualTo(want);
    }

    /** The summary JSON's objects, {@code "field": "L:", "data": "V"} each as {@code L: V}. */
    private static List<String> fields(String json) {
        List<String> objects = new ArrayList<>();
        List<String> lines = json.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String field = lines.get(i).trim();
            if (field.startsWith("\"field\": \"")) {
                String data = lines.get(i + 1).trim();
                objects.add(field.substring(10, field.length() - 2) + " " + data.substring(9, data.length() - 1));
            }
        }
        return objects;
    }

    /** What util-linux's lscpu prints on the tree: stdout, stderr and exit status. */
    private static ToolResult utilLinux(Path root, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LSCPU.toString(), "--sysroot", root.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new ToolResult(out, err, p.exitValue());
    }
}
