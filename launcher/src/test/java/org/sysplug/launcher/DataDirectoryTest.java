package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @Test
    void unsetIsSysplugDataInTheWorkingDirectoryEmptyIsNoneAndAPathIsThatPath(@TempDir Path cwd) {
        assertThat(DataDirectory.choose(null, cwd)).contains(cwd.resolve("sysplug-data"));
        assertThat(DataDirectory.choose("", cwd)).isEmpty();
        assertThat(DataDirectory.choose("  ", cwd)).isEmpty();
        assertThat(DataDirectory.choose("/var/lib/sysplug", cwd)).contains(Path.of("/var/lib/sysplug"));
        assertThat(DataDirectory.choose("rel/../d", cwd)).isEqualTo(Optional.of(cwd.resolve("d")));
    }

    @Test
    void theJournalAndTheSettingsGoInsideUnlessTheOperatorChoseTheSettingsStore(@TempDir Path dir) throws Exception {
        try (DataDirectory data = DataDirectory.lock(dir.resolve("d"))) {
            assertThat(data.properties(null)).isEqualTo(Map.of("sysplug.data", dir.resolve("d").toString(),
                    "felix.cm.dir", dir.resolve("d/config").toString()));
            assertThat(data.properties("/etc/cm")).isEqualTo(Map.of("sysplug.data", dir.resolve("d").toString()));
        }
    }

    @Test
    void aSecondRunOnALockedDirectoryIsRefusedNamingItAndTheWayOutThenMayTakeItAfterTheFirst(@TempDir Path dir)
            throws Exception {
        Path d = dir.resolve("d");
        DataDirectory first = DataDirectory.lock(d);
        assertThat(Files.readString(d.resolve(DataDirectory.LOCK_FILE)).trim())
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> DataDirectory.lock(d)).isInstanceOf(DataDirectory.Unusable.class)
                .hasMessage("the data directory " + d + " is in use by another sysplug (pid "
                        + ProcessHandle.current().pid() + "): give this one its own with --data DIR, "
                        + "or --ephemeral to keep nothing");
        first.close();
        DataDirectory.lock(d).close();
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsRefusedInWords(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> DataDirectory.lock(file)).isInstanceOf(DataDirectory.Unusable.class)
                .hasMessageContaining("cannot create the data directory " + file)
                .hasMessageContaining("--data DIR").hasMessageNotContaining("Exception");
    }
}
