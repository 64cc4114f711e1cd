package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysplug.platform.linux.sysfs.Dumps;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * Every lscpu dump in ../shared/data/util-linux compared with util-linux's expected file: the
 * hot-plug summary lines (text and alignment), and the whole of {@code --parse} and
 * {@code --parse --physical}: comment header, every default column (CPU, Core, Socket, Node and
 * the cache ids), every line, trailing blanks aside. Skipped when the folder is absent.
 */
class LscpuConformanceTest {

    /**
     * Dumps whose expected output uses something not handled yet, each with the reason (reported
     * as skipped). Empty: every dump passes.
     */
    static final Map<String, String> KNOWN_GAPS = Map.of();

    static Path dumpsDir() {
        return Dumps.folder("lscpu/dumps");
    }

    static Stream<Arguments> dumps() throws IOException {
        return Dumps.arguments(Dumps.names("lscpu/dumps", ".tar.gz"));
    }

    static Path unpack(String dump, Path into) throws Exception {
        return Dumps.unpack("lscpu/dumps", dump, ".tar.gz", into);
    }

    static boolean required(String line) {
        return line.startsWith("CPU(s):") || line.startsWith("On-line CPU(s) list:")
                || line.startsWith("Off-line CPU(s) list:") || line.startsWith("NUMA node(s):")
                || line.matches("NUMA node[0-9]+ CPU\\(s\\):.*");
    }

    static String rtrim(String s) {
        return s.replaceAll("[ \\t]+$", "");
    }

    /** The summary's required lines, in order. */
    static List<String> summaryLines(String text) {
        return text.lines().takeWhile(l -> !l.isEmpty()).filter(LscpuConformanceTest::required)
                .map(LscpuConformanceTest::rtrim).collect(Collectors.toList());
    }

    /** A parse section's lines, each without trailing blanks, empty lines left out. */
    static List<String> parseLines(String section) {
        return section.lines().filter(l -> !l.isEmpty()).map(LscpuConformanceTest::rtrim).collect(Collectors.toList());
    }

    @TempDir
    static Path shared;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void matchesUtilLinux(String dump) throws Exception {
        assumeTrue(dump != null, "no util-linux lscpu dumps at " + dumpsDir().toAbsolutePath());
        assumeFalse(KNOWN_GAPS.containsKey(dump), () -> "known gap: " + KNOWN_GAPS.get(dump));
        Path root = unpack(dump, Files.createDirectories(shared.resolve(dump + "-run")));
        String want = Files.readString(LsmemConformanceTest.utilLinux().resolve("tests/expected/lscpu/lscpu-" + dump));
        String[] sections = want.split("\n\n", -1);
        assertThat(sections.length).isGreaterThanOrEqualTo(3);
        Sysroot s = Sysroot.of(root);

        ToolResult sum = Lscpu.run(s);
        assertThat(sum.stderr()).isEmpty();
        assertThat(summaryLines(sum.stdout())).as("summary").isEqualTo(summaryLines(sections[0]));

        ToolResult parse = Lscpu.run(s, "--parse");
        assertThat(parse.stderr()).isEmpty();
        assertThat(parseLines(parse.stdout())).as("--parse").isEqualTo(parseLines(sections[1]));

        ToolResult phys = Lscpu.run(s, "--parse", "--physical");
        assertThat(phys.stderr()).isEmpty();
        assertThat(parseLines(phys.stdout())).as("--parse --physical").isEqualTo(parseLines(sections[2]));
    }

    @ParameterizedTest(name = "{0}: tree unchanged by a read-only run")
    @MethodSource("dumps")
    void treeIsUntouched(String dump, @TempDir Path tmp) throws Exception {
        assumeTrue(dump != null, "no util-linux lscpu dumps at " + dumpsDir().toAbsolutePath());
        Path root = unpack(dump, tmp);
        Map<String, String> before = LsmemConformanceTest.checksums(root);
        Sysroot s = Sysroot.of(root);
        Lscpu.run(s);
        Lscpu.run(s, "--parse");
        Lscpu.run(s, "--parse", "--physical");
        Lscpu.run(s, "-p=CPU,NODE", "--all");
        assertThat(LsmemConformanceTest.checksums(root)).isEqualTo(before);
    }

}
