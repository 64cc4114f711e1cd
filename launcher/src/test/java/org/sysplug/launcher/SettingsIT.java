package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings as an operator keeps them: changed with {@code config:set} in one run of the packaged
 * jar, in force in the next run from the same working directory (the default data directory,
 * {@code ./sysplug-data}), and not with {@code --ephemeral}; and one sysplug per data directory.
 */
class SettingsIT {

    private static final String ACPI = "org.sysplug.firmware.acpi";

    @Test
    void aSettingSetInOneRunRulesTheNextRunFromTheSameDirectory(@TempDir Path cwd) throws Exception {
        JarRuns.Run set = JarRuns.runIn(cwd, "config:set", ACPI, "eject.policy", "demand-offline");
        assertThat(set.exit()).as(set.out() + set.err()).isZero();
        assertThat(cwd.resolve("sysplug-data/config")).isDirectory();

        JarRuns.Run get = JarRuns.runIn(cwd, "config:get", "--json", ACPI);
        assertThat(get.exit()).as(get.out() + get.err()).isZero();
        assertThat(get.out()).contains("\"key\":\"eject.policy\",\"name\":\"Eject policy\",\"value\":\"demand-offline\",\"set\":true");

        // and it rules the requests of that next run: the eject of a container with CPUs online is refused
        Path script = Files.writeString(cwd.resolve("eject.txt"), "sim:insert '\\_SB.NOD1'\nsysplug:eject '\\_SB.NOD1'\n");
        JarRuns.Run eject = JarRuns.runIn(cwd, "-f", script.toString());
        assertThat(eject.exit()).as(eject.out() + eject.err()).isEqualTo(1);
        assertThat(eject.out()).contains("EBUSY");

        JarRuns.Run ephemeral = JarRuns.runIn(cwd, "--ephemeral", "config:get", "--json", ACPI);
        assertThat(ephemeral.out()).contains("\"value\":\"offline-then-eject\",\"set\":false");

        JarRuns.Run unset = JarRuns.runIn(cwd, "config:unset", ACPI, "eject.policy");
        assertThat(unset.exit()).isZero();
        assertThat(JarRuns.runIn(cwd, "config:get", "--json", ACPI).out()).contains("\"set\":false");
    }

    @Test
    void aSecondSysplugOnTheSameDataDirectoryIsRefusedNamingItAndTheWayOut(@TempDir Path cwd) throws Exception {
        Process first = new ProcessBuilder(JarRuns.command()).directory(cwd.toFile())
                .redirectOutput(cwd.resolve("out.txt").toFile()).redirectError(cwd.resolve("err.txt").toFile()).start();
        try {
            Path lock = cwd.resolve("sysplug-data").resolve(DataDirectory.LOCK_FILE);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(JarRuns.WAIT_SECONDS);
            while (!(Files.exists(lock) && Files.readString(lock, StandardCharsets.US_ASCII).trim().equals(Long.toString(first.pid())))) {
                assertThat(first.isAlive()).as("the interactive sysplug runs").isTrue();
                assertThat(System.nanoTime()).as("the first sysplug took the data directory").isLessThan(end);
                TimeUnit.MILLISECONDS.sleep(20);
            }

            JarRuns.Run second = JarRuns.runIn(cwd, "sysplug:requests");
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.err().strip()).isEqualTo("sysplug: the data directory " + cwd.toRealPath().resolve("sysplug-data")
                    + " is in use by another sysplug (pid " + first.pid() + "): give this one its own with --data DIR, "
                    + "or --ephemeral to keep nothing");

            JarRuns.Run apart = JarRuns.runIn(cwd, "--ephemeral", "sysplug:requests");
            assertThat(apart.exit()).as(apart.err()).isZero();
        } finally {
            try (var input = first.getOutputStream()) {
                input.write("exit\n".getBytes(StandardCharsets.US_ASCII)); // as an operator leaves the prompt
            } catch (java.io.IOException gone) {
                // it ended already
            }
            if (!first.waitFor(JarRuns.WAIT_SECONDS, TimeUnit.SECONDS)) {
                first.destroyForcibly();
            }
        }
    }

    /**
     * A node override as a {@code .cfg} file in the deploy folder: FileInstall makes it the named
     * configuration {@code org.sysplug.policy.node~node1}, which config:list lists under its factory
     * and config:get shows, checked against the factory's Metatype.
     */
    @Test
    void aNodeOverrideFileInTheDeployFolderIsListedAndShownAsFactoryTildeName(@TempDir Path cwd) throws Exception {
        Path deploy = Files.createDirectory(cwd.resolve("deploy"));
        Files.writeString(deploy.resolve("org.sysplug.policy.node-node1.cfg"), "node = 1\nmemory.action = offline\n");
        Files.writeString(deploy.resolve("org.sysplug.policy.node-node2.cfg"), "node = 2\ncpu.action = sideways\n");

        JarRuns.Run list = JarRuns.runIn(cwd, "--ephemeral", "--deploy", "deploy", "config:list");
        assertThat(list.exit()).as(list.out() + list.err()).isZero();
        assertThat(list.out()).containsPattern("(?m)^org\\.sysplug\\.policy\\.node +factory +sysplug hot-plug policy of one node$")
                .containsPattern("(?m)^org\\.sysplug\\.policy\\.node~node1 +yes +sysplug hot-plug policy of one node$")
                .contains("org.sysplug.policy.node~node2");

        JarRuns.Run get = JarRuns.runIn(cwd, "--ephemeral", "--deploy", "deploy", "config:get", "org.sysplug.policy.node~node1");
        assertThat(get.exit()).as(get.out() + get.err()).isZero();
        assertThat(get.out()).contains("A configuration of the factory PID org.sysplug.policy.node")
                .contains("org.sysplug.policy.node-node1.cfg")
                .containsPattern("(?m)^node +1 +yes +int")
                .containsPattern("(?m)^memory\\.action +offline +yes +String")
                .doesNotContain("Not as its description allows");

        // a file is not checked when it is read: config:get says what its factory's description refuses
        JarRuns.Run bad = JarRuns.runIn(cwd, "--ephemeral", "--deploy", "deploy", "config:get", "org.sysplug.policy.node~node2");
        assertThat(bad.exit()).as(bad.out() + bad.err()).isZero();
        assertThat(bad.out()).contains("Not as its description allows")
                .contains("org.sysplug.policy.node~node2 cpu.action=sideways is not one of its options: give one of online, offline");
    }
}
