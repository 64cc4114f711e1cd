package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --writable} over a tree with a mount on the way to its devices is refused in one line
 * before anything starts. The mount here is a tmpfs of this test's own, never the host's /sys;
 * mounting takes root, and without it the test is skipped with the reason.
 */
class WritableMountTest {

    @TempDir
    Path tmp;

    @Test
    void aMountBelowSysIsRefusedInOneLineAndAPlainCopyIsNot() throws Exception {
        Path system = Files.createDirectories(tmp.resolve("sys/devices/system/memory"));
        assertThat(Launcher.mountOnTheSpine(tmp, "T")).isNull();
        String failed = run("mount", "-t", "tmpfs", "sysplug-test", system.toString());
        assumeTrue(failed == null, "cannot mount here (needs root and CAP_SYS_ADMIN): " + failed);
        try {
            assertThat(Launcher.mountOnTheSpine(tmp, "T")).isEqualTo("--writable --sysroot T: sys/devices/system/memory"
                    + " is a mount point (tmpfs, another file system than sys) and a writable tree is written only as"
                    + " one copied tree, never through a mount (it could be the running kernel's sysfs); unmount it,"
                    + " or copy the tree (cp -a) instead of mounting it");
        } finally {
            assertThat(run("umount", system.toString())).isNull();
        }
        assertThat(Launcher.mountOnTheSpine(tmp, "T")).isNull();
    }

    private static String run(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? null : out;
    }
}
