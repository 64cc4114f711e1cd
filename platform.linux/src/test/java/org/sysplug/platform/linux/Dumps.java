package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** util-linux's sysfs dumps, unpacked for a test. */
final class Dumps {

    private Dumps() {
    }

    /**
     * Unpacks a dump tarball with the system's tar (which keeps its dangling and looping links as
     * links) into {@code into}, and returns the sysroot it holds, {@code into/NAME}.
     */
    static Path unpack(Path tarball, String name, Path into) throws Exception {
        String flags = tarball.toString().endsWith(".bz2") ? "-xjf" : "-xzf";
        Process p;
        try {
            p = new ProcessBuilder("tar", flags, tarball.toAbsolutePath().toString(), "-C", into.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noTar) {
            assumeTrue(false, "tar is not available: " + noTar.getMessage());
            throw noTar;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tar: " + log).isZero();
        Path root = into.resolve(name);
        assertThat(root.resolve("sys")).isDirectory();
        return root;
    }
}
