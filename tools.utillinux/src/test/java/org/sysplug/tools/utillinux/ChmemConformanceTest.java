package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysplug.platform.linux.sysfs.Dumps;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * Every chmem dump in ../shared/data/util-linux, run through the two subtests its README (and
 * util-linux's tests/ts/chmem) describes, compared with util-linux's expected stdout and stderr
 * files (trailing blanks aside). The harness does the shell's part with plain java.nio: printing
 * and emptying {@code state}, writing {@code Movable} into {@code valid_zones}. Both subtests run
 * on one unpacked tree, as in util-linux. Skipped when the folder is absent.
 */
class ChmemConformanceTest {

    static final String MEMORY = "sys/devices/system/memory";

    static List<String> dumps() throws IOException {
        return Dumps.names("chmem/sysfs-dumps", ".tar.bz2");
    }

    static Stream<Arguments> allDumps() throws IOException {
        return Dumps.arguments(dumps());
    }

    static Path unpack(String dump, Path into) throws Exception {
        return Dumps.unpack("chmem/sysfs-dumps", dump, ".tar.bz2", into);
    }

    /** One subtest's two output files. */
    static final class Subtest {
        final Path root;
        final Sysroot sysroot;
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();

        Subtest(Path root) throws IOException {
            this.root = root;
            this.sysroot = Sysroot.of(root, Sysroot.Access.WRITABLE);
        }

        void chmem(String... args) {
            List<String> argv = new ArrayList<>(List.of("--sysroot", root.toString()));
            argv.addAll(List.of(args));
            ToolResult r = Chmem.run(sysroot, argv);
            out.append(r.stdout());
            err.append(r.stderr());
        }

        Path file(int block, String name) {
            return root.resolve(MEMORY + "/memory" + block + "/" + name);
        }

        void cat(Path p) throws IOException {
            out.append(Files.readString(p));
        }

        void newline() {
            out.append('\n');
        }

        void assertMatches(String expectedName) throws IOException {
            Path expected = LsmemConformanceTest.utilLinux().resolve("tests/expected/chmem/" + expectedName);
            Path expectedErr = expected.resolveSibling(expectedName + ".err");
            assertThat(LsmemConformanceTest.rtrimLines(out.toString()))
                    .isEqualTo(LsmemConformanceTest.rtrimLines(Files.readString(expected)));
            String wantErr = Files.exists(expectedErr) ? Files.readString(expectedErr) : "";
            assertThat(LsmemConformanceTest.rtrimLines(err.toString())).isEqualTo(LsmemConformanceTest.rtrimLines(wantErr));
        }
    }

    /** The range of block {@code k} as {@code lsmem --all --output=BLOCK,RANGE --raw} prints it. */
    static String range(Sysroot root, int k) {
        ToolResult r = Lsmem.run(root, "--all", "--output=BLOCK,RANGE", "--raw");
        assertThat(r.exitCode()).isZero();
        return r.stdout().lines().filter(l -> l.startsWith(k + " ")).map(l -> l.substring(l.indexOf(' ') + 1))
                .findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}: enable-disable-blocks and enable-disable-zone")
    @MethodSource("allDumps")
    void bothSubtestsMatchUtilLinux(String dump, @TempDir Path tmp) throws Exception {
        assumeTrue(dump != null, "no util-linux chmem dumps at " + LsmemConformanceTest.utilLinux().toAbsolutePath());
        Path root = unpack(dump, tmp);
        Map<String, String> before = LsmemConformanceTest.checksums(root);

        Subtest blocks = new Subtest(root);
        Path state0 = blocks.file(0, "state");
        blocks.chmem("--disable", "--blocks", "0");
        blocks.cat(state0);
        Files.writeString(state0, "");
        blocks.newline();
        blocks.chmem("--enable", "--blocks", "0");
        blocks.cat(state0);
        blocks.newline();
        blocks.assertMatches(dump + "-enable-disable-blocks");

        Subtest zone = new Subtest(root);
        String range = range(zone.sysroot, 4);
        Path state4 = zone.file(4, "state");
        Path zones4 = zone.file(4, "valid_zones");
        zones4.toFile().setWritable(true); // the shell test runs as root, where r--r--r-- does not stop echo
        Files.writeString(zones4, "Movable\n");
        zone.chmem("--verbose", "--disable", range);
        zone.cat(state4);
        Files.writeString(state4, "");
        zone.newline();
        zone.chmem("--verbose", "--enable", "--zone", "Movable", range);
        zone.cat(state4);
        zone.newline();
        zone.chmem("--verbose", "--enable", range); // already enabled
        Files.writeString(state4, "");
        zone.newline();
        zone.chmem("--verbose", "--enable", "--zone", "Normal", range); // Zone mismatch
        zone.cat(state4);
        zone.newline();
        zone.assertMatches(dump + "-enable-disable-zone");

        // nothing was written but the two state files and the valid_zones the harness wrote
        Set<String> allowed = Set.of(MEMORY + "/memory0/state", MEMORY + "/memory4/state", MEMORY + "/memory4/valid_zones");
        assertThat(ChcpuConformanceTest.without(LsmemConformanceTest.checksums(root), allowed))
                .isEqualTo(ChcpuConformanceTest.without(before, allowed));
    }

    @ParameterizedTest(name = "{0}: every change refused on a read-only tree")
    @MethodSource("allDumps")
    void aReadOnlyTreeRefusesEveryChangeAndStaysUnchanged(String dump, @TempDir Path tmp) throws Exception {
        assumeTrue(dump != null, "no util-linux chmem dumps at " + LsmemConformanceTest.utilLinux().toAbsolutePath());
        Path root = unpack(dump, tmp);
        Map<String, String> before = LsmemConformanceTest.checksums(root);
        Sysroot readOnly = Sysroot.of(root);
        String range = range(readOnly, 4);
        for (List<String> args : List.of(List.of("--disable", "--blocks", "0"), List.of("--enable", "--blocks", "0-3"),
                List.of("-v", "--disable", range), List.of("--enable", "--zone", "Movable", range),
                List.of("--disable", "256M"), List.of("--enable", "1G"))) {
            ToolResult r = Chmem.run(readOnly, args);
            assertThat(r.exitCode()).as("chmem %s", args).isEqualTo(1);
            assertThat(r.stdout()).as("chmem %s", args).isEmpty();
            assertThat(r.stderr()).as("chmem %s", args).startsWith("chmem: read-only sysroot ")
                    .contains("refused, nothing was changed").hasLineCount(1);
        }
        assertThat(LsmemConformanceTest.checksums(root)).isEqualTo(before);
    }
}
