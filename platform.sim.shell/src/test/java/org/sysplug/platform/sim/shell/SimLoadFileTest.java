package org.sysplug.platform.sim.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.TestSimulator;

/**
 * {@code sim:load FILE} with files that used to hang the shell, exhaust the JVM or answer
 * without a line: one line naming the file (and the line and field), exit 1, the machine as it
 * was, and no wait. A regression that hangs fails on the timeout instead of hanging the build.
 */
class SimLoadFileTest {

    private static final Duration HANG = Duration.ofSeconds(60);

    private final TestSimulator sim = TestSimulator.boot("default");
    private final VariablesSession session = new VariablesSession();

    @TempDir
    Path dir;

    private String load(Path file) {
        SimCommands commands = new SimCommands(sim.control(), null, null, null);
        return assertTimeoutPreemptively(HANG, () -> commands.load(session.session(), "", file.toString()));
    }

    private int exit() {
        return session.exit();
    }

    @Test
    void aFifoIsOneLineAndNoWait() throws Exception {
        Path fifo = dir.resolve("machine.yaml");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "mkfifo is not available");
        Topology before = sim.topology();

        String out = load(fifo);

        assertThat(exit()).isEqualTo(1);
        assertThat(out).isEqualTo("sim:load: " + fifo + ": is not a regular file (a FIFO, socket or device); "
                + "a machine file is read whole: save the description to a file and load that");
        assertThat(sim.topology()).isSameAs(before);
    }

    @Test
    void aMachineTooLargeToHoldNamesTheLineAndField() throws IOException {
        Path file = Files.writeString(dir.resolve("huge.yaml"), """
                name: huge
                block-size: 4KiB
                firmware:
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 8TiB}
                """);
        Topology before = sim.topology();

        // it failed with "Illegal Capacity: -2147483648", naming neither file, line nor field
        String out = load(file);

        assertThat(exit()).isEqualTo(1);
        assertThat(out).isEqualTo("sim:load: " + file + ":5: firmware[1].size: 8TiB is 2,147,483,648 blocks of 4KiB, more than "
                + "the 262,144 memory blocks a machine may have (1GiB of 4KiB blocks); use a larger block-size or less memory");
        assertThat(sim.topology()).isSameAs(before);
    }

    @Test
    void aFileThatIsNotUtf8NamesTheLine() throws IOException {
        Path file = Files.write(dir.resolve("latin1.yaml"), "name: caf\u00e9\nfirmware: []\n".getBytes(StandardCharsets.ISO_8859_1));

        String out = load(file);

        assertThat(exit()).isEqualTo(1);
        assertThat(out).isEqualTo("sim:load: " + file + ":1: name: byte 0xE9 at column 10 is not UTF-8; save the file as UTF-8 "
                + "(iconv -f latin1 -t utf-8 converts a Latin-1 file)");
    }

    @Test
    void aGoodFileStillLoads() throws IOException {
        Path file = Files.writeString(dir.resolve("small.yaml"), """
                name: small
                firmware:
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 1GiB}
                """);

        assertThat(load(file)).isEqualTo("machine small loaded from " + file);
        assertThat(exit()).isZero();
        assertThat(sim.topology().cpus()).hasSize(1);
    }
}
