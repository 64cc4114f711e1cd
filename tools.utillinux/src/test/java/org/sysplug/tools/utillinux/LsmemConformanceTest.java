package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Every lsmem dump in ../shared/data/util-linux, each of the nine runs its README lists, compared
 * with util-linux's expected file (trailing blanks aside); the shared dumps are skipped when the
 * folder is absent. The trees in this module's test resources (utillinux/lsmem: NAME.tar.bz2 with
 * lsmem-NAME, made by util-linux's lsmem as the README there says) run the same way and never skip.
 */
class LsmemConformanceTest {

    static final String COLS = "RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES";
    /** The nine runs, as the README lists them (the header line is "$ lsmem " + OPTS). */
    static final List<String> RUNS = List.of(
            "--split=STATE,REMOVABLE",
            "--output RANGE,SIZE --split none",
            "--output RANGE,SIZE,STATE --split STATE",
            "--all --output " + COLS,
            "--raw --output " + COLS + " --split " + COLS,
            "--json --output " + COLS + " --split " + COLS,
            "-o +ZONES",
            "--output-all",
            "");

    static Path utilLinux() {
        return Dumps.utilLinux();
    }

    /** util-linux's dumps, then this repository's own trees (which never skip). */
    static List<String> dumps() throws IOException {
        return Dumps.lsmemTrees();
    }

    static Stream<Arguments> dumpsAndRuns() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String d : dumps()) {
            for (int i = 0; i < RUNS.size(); i++) {
                out.add(Arguments.of(d, i + 1, RUNS.get(i)));
            }
        }
        if (out.isEmpty()) {
            out.add(Arguments.of(null, 0, null)); // reported as skipped below
        }
        return out.stream();
    }

    static Stream<Arguments> allDumps() throws IOException {
        return Dumps.arguments(dumps());
    }

    static Path unpack(String dump, Path into) throws Exception {
        return Dumps.unpackLsmem(dump, into);
    }

    /** The expected file split into its runs: header options to output. */
    static Map<String, String> expectedRuns(String dump) throws IOException {
        String text = Dumps.lsmemExpected(dump);
        Map<String, String> runs = new TreeMap<>();
        String[] parts = text.split("\n---\n\n\\$ lsmem ", -1);
        assertThat(parts[0]).isEmpty();
        for (int i = 1; i < parts.length; i++) {
            int nl = parts[i].indexOf('\n');
            runs.put(parts[i].substring(0, nl), parts[i].substring(nl + 1));
        }
        return runs;
    }

    static String rtrimLines(String s) {
        return s.lines().map(l -> l.replaceAll("[ \\t]+$", "")).collect(Collectors.joining("\n"))
                + (s.endsWith("\n") ? "\n" : "");
    }

    static String[] argv(String opts) {
        return opts.isEmpty() ? new String[0] : opts.split(" ");
    }

    /** One unpacked copy per dump for the read-only runs (the checksum test unpacks its own). */
    @TempDir
    static Path shared;
    static final Map<String, Path> UNPACKED = new TreeMap<>();

    static synchronized Path unpacked(String dump) throws Exception {
        Path p = UNPACKED.get(dump);
        if (p == null) {
            p = unpack(dump, Files.createDirectories(shared.resolve("runs")));
            UNPACKED.put(dump, p);
        }
        return p;
    }

    @ParameterizedTest(name = "{0} run {1}: lsmem {2}")
    @MethodSource("dumpsAndRuns")
    void eachRunMatchesUtilLinux(String dump, int run, String opts) throws Exception {
        assumeTrue(dump != null, "no util-linux lsmem dumps at " + utilLinux().toAbsolutePath());
        Path root = unpacked(dump);
        Map<String, String> expected = expectedRuns(dump);
        assertThat(expected).containsKey(opts);
        ToolResult r = Lsmem.run(Sysroot.of(root), argv(opts));
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
        String want = expected.get(opts);
        // each section but the last is followed by the next one's leading "\n": the run's own output ends at its last "\n"
        assertThat(rtrimLines(r.stdout())).isEqualTo(rtrimLines(want));
    }

    @ParameterizedTest(name = "{0}: whole expected file, tree unchanged")
    @MethodSource("allDumps")
    void wholeFileMatchesAndTreeIsUntouched(String dump, @TempDir Path tmp) throws Exception {
        assumeTrue(dump != null, "no util-linux lsmem dumps at " + utilLinux().toAbsolutePath());
        Path root = unpack(dump, tmp);
        Map<String, String> before = checksums(root);
        StringBuilder all = new StringBuilder();
        Sysroot sysroot = Sysroot.of(root);
        for (String opts : RUNS) {
            all.append("\n---\n\n$ lsmem ").append(opts).append('\n');
            all.append(Lsmem.run(sysroot, argv(opts)).stdout());
        }
        String want = Dumps.lsmemExpected(dump);
        assertThat(rtrimLines(all.toString())).isEqualTo(rtrimLines(want));
        assertThat(checksums(root)).isEqualTo(before);
    }

    /** Every path below root (links not followed) with its kind and content digest or link target. */
    static Map<String, String> checksums(Path root) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) { // Files.walk does not follow links by default
            for (Path p : (Iterable<Path>) walk::iterator) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    sums.put(key, "link:" + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    sums.put(key, "dir");
                } else {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                        md.update(in.readAllBytes());
                    }
                    sums.put(key, "file:" + HexFormat.of().formatHex(md.digest()) + ":"
                            + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
                }
            }
        }
        assertThat(sums).isNotEmpty();
        return sums;
    }
}
