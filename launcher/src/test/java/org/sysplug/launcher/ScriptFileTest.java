package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptFileTest {

    @TempDir
    Path dir;

    @Test
    void linesOfUtf8AreTheCommands() throws Exception {
        Path f = dir.resolve("ok.txt");
        Files.writeString(f, "sysplug:topology\r\n# é comment\n\nlb\n");

        assertThat(ScriptFile.read(f)).containsExactly("sysplug:topology", "# é comment", "", "lb");
    }

    @Test
    void aByteThatIsNotUtf8IsNamedWithItsLineAndColumn() throws Exception {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, new byte[] { 'l', 'b', '\n', '#', ' ', 'c', 'a', 'f', (byte) 0xE9, '\n' });

        assertThatThrownBy(() -> ScriptFile.read(f)).hasMessage(f + ":2: byte 0xE9 at column 6 is not UTF-8: save the "
                + "file as UTF-8");
    }

    @Test
    void aFifoADirectoryAndAHugeFileAreRefusedWithoutBlocking() throws Exception {
        assertThatThrownBy(() -> ScriptFile.read(dir)).hasMessageContaining("is not a regular file (a directory)");
        Path huge = dir.resolve("huge.txt");
        Files.write(huge, new byte[ScriptFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> ScriptFile.read(huge)).hasMessageContaining("more than a script of commands may");
        assertThatThrownBy(() -> ScriptFile.read(dir.resolve("none"))).hasMessage("no such file: " + dir.resolve("none"));

        Path fifo = dir.resolve("fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no mkfifo here");
            return;
        }
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> ScriptFile.read(fifo))
                .hasMessageContaining("is not a regular file (a FIFO, socket or device)"));
        assertThat(List.of(fifo)).allMatch(Files::exists);
    }
}
