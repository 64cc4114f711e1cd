package org.sysplug.tools.utillinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.linux.SyntheticTree;
import org.sysplug.platform.linux.sysfs.Sysroot;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * {@code sysplug:lsmem --sysroot} on a tree where some attributes cannot be read or hold garbage:
 * the blocks are shown with state {@code ?}, as util-linux's lsmem shows them, and the rest as
 * usual; never an exception's text, never a hang (a FIFO in place of a {@code state}, which
 * util-linux's own lsmem would block on, is only read by sysplug's).
 */
@Timeout(60)
class LsmemUnreadableTest {

    static final String MEMORY = "sys/devices/system/memory/";
    static final String[] ARGS = {"--all", "-o", "RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES"};

    @TempDir
    Path tmp;

    @Test
    void unreadableAndGarbledStatesShowAsUnknownAsUtilLinuxShowsThem() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        Path m = root.resolve(MEMORY);
        Files.delete(m.resolve("memory5/state"));
        Files.createDirectory(m.resolve("memory5/state"));                   // root reads a mode-000 file: this it cannot
        Files.write(m.resolve("memory6/state"), new byte[] {0, (byte) 0xff, 'g', 'a', 'r', 'b'});
        Files.delete(m.resolve("memory7/state"));
        Files.createSymbolicLink(m.resolve("memory7/state"), Path.of("nowhere"));
        Files.delete(m.resolve("memory2/valid_zones"));
        Files.createDirectory(m.resolve("memory2/valid_zones"));

        ToolResult ours = Lsmem.run(Sysroot.of(root), ARGS);
        assertThat(ours.exitCode()).as(ours.stderr()).isZero();
        assertThat(ours.stderr()).isEmpty();
        assertThat(ours.stdout()).contains("128M       ?               5").contains("128M       ?               7")
                .contains("128M offline               4      Movable/Normal");
        // the same as util-linux's own lsmem, raw (the padding of the pretty table differs apart from this)
        String[] raw = {"--all", "--raw", "-o", "RANGE,SIZE,STATE,REMOVABLE,BLOCK,NODE,ZONES"};
        ToolResult ourRaw = Lsmem.run(Sysroot.of(root), raw);
        assertThat(ourRaw.stdout()).contains(" 128M ?  5 ").contains(" 128M ?  6 ").contains(" 128M ?  7 ");
        String theirs = utilLinux(root, raw);
        if (theirs != null) {
            assertThat(ourRaw.stdout()).isEqualTo(theirs);
        }
    }

    @Test
    void aFifoInPlaceOfAStateIsShownUnknownWithoutBlocking() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 4, false, 8, false);
        Path state = root.resolve(MEMORY + "memory3/state");
        Files.delete(state);
        Process mk = new ProcessBuilder("mkfifo", state.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo unavailable");
        ToolResult ours = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Lsmem.run(Sysroot.of(root), ARGS));
        assertThat(ours.exitCode()).as(ours.stderr()).isZero();
        assertThat(ours.stdout()).contains("128M       ?               3");
    }

    /** What util-linux's own lsmem prints on the tree, or null when it is not installed. */
    private static String utilLinux(Path root, String... args) throws IOException, InterruptedException {
        Path exe = Path.of("/usr/bin/lsmem");
        if (!Files.isExecutable(exe)) {
            return null;
        }
        List<String> command = new ArrayList<>(List.of(exe.toString(), "--sysroot", root.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
