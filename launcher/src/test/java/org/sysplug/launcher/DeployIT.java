package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy folder of the packaged jar, as the README walks an operator through it: the example
 * handler bundle (examples/reserved-cpus) copied into it is used by a one-shot command, and a
 * {@code .cfg} beside it changes its setting.
 */
class DeployIT {

    private static final String PID = "org.sysplug.examples.reservedcpus";

    private static Path withExample(Path deploy) throws Exception {
        Path example = Path.of(System.getProperty("sysplug.example.reserved-cpus"));
        Files.copy(example, deploy.resolve("reserved-cpus.jar"));
        return deploy;
    }

    @Test
    void theExampleInTheDeployFolderRefusesToOfflineAReservedCpuAndTheRequestChangesNothing(@TempDir Path deploy)
            throws Exception {
        withExample(deploy);

        JarRuns.Run r = JarRuns.run("--deploy", deploy.toString(), "sysplug:offline", "cpu", "1-2");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("cpu1 is reserved (" + PID + " cpus=0-1) and stays online: leave it out of the "
                + "request, or change cpus in " + PID + ".cfg");
        assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("java.");
    }

    @Test
    void aCfgFileBesideItSetsTheReservedCpus(@TempDir Path deploy) throws Exception {
        withExample(deploy);
        Files.writeString(deploy.resolve(PID + ".cfg"), "cpus = 2-3\n");

        JarRuns.Run refused = JarRuns.run("--deploy", deploy.toString(), "sysplug:offline", "cpu", "3");
        JarRuns.Run allowed = JarRuns.run("--deploy", deploy.toString(), "sysplug:offline", "cpu", "1");

        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.out()).contains("cpu3 is reserved (" + PID + " cpus=2-3)");
        assertThat(allowed.exit()).as(allowed.out() + allowed.err()).isZero();
    }

    @Test
    void theHandlerIsListedFromTheDeployFolderAndACommandCreatesNoFolder(@TempDir Path cwd) throws Exception {
        Path deploy = withExample(Files.createDirectory(cwd.resolve("handlers")));

        JarRuns.Run listed = JarRuns.runIn(cwd, "--deploy", "handlers", "sysplug:handlers");
        JarRuns.Run elsewhere = JarRuns.runIn(Files.createDirectory(cwd.resolve("elsewhere")), "sysplug:status");

        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).containsPattern("DELETE_VALIDATE +90 +hotplug,online +reserved-cpus.validate +examples.reserved-cpus");
        assertThat(elsewhere.exit()).as(elsewhere.err()).isZero();
        assertThat(cwd.resolve("elsewhere/deploy")).doesNotExist();
        assertThat(deploy.resolve("reserved-cpus.jar")).exists();
    }

    @Test
    void aHandlerWithATypoInItsPhaseIsRefusedOnTheConsoleAndInTheHandlerListAndNeverAsked(@TempDir Path deploy)
            throws Exception {
        withTypo(Path.of(System.getProperty("sysplug.example.reserved-cpus")), deploy.resolve("typo.jar"));

        JarRuns.Run listed = JarRuns.run("--deploy", deploy.toString(), "sysplug:handlers");
        JarRuns.Run offline = JarRuns.run("--deploy", deploy.toString(), "sysplug:offline", "cpu", "1");

        String refusal = "handler reserved-cpus.validate of bundle org.sysplug.examples.reserved-cpus refused: "
                + "it has sysplug.handler.phase=DELETE_VALIDATEE, which is not one of [";
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.err()).startsWith("sysplug: " + refusal);
        assertThat(listed.out()).contains("\nrefused: " + refusal).doesNotContain("DELETE_VALIDATE    90");
        assertThat(offline.exit()).as(offline.out() + offline.err()).isZero();
    }

    /** The example as a third party might have shipped it: the phase in its component description misspelt. */
    private static void withTypo(Path jar, Path typo) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(typo))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("OSGI-INF/reserved-cpus.validate.xml")) {
                    content = new String(content, StandardCharsets.UTF_8)
                            .replace("value=\"DELETE_VALIDATE\"", "value=\"DELETE_VALIDATEE\"").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
    }

    @Test
    void aFileWhereTheFolderShouldBeIsAUsageError(@TempDir Path cwd) throws Exception {
        Files.writeString(cwd.resolve("deploy"), "");

        JarRuns.Run r = JarRuns.runIn(cwd, "sysplug:status");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is a file, not a directory");
    }
}
