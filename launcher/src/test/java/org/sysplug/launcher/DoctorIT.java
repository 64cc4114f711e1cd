package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code sysplug:doctor} on the packaged jar and the default simulated machine: its findings and exit
 * status, its JSON, "can I eject \_SB.NOD1?" with one of its blocks pinned and without, and that it
 * and {@code sysplug:submit --dry-run} give one answer, since the same validate handlers answer both
 * through the queue.
 */
class DoctorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = "sim:insert '\\_SB.NOD1'\n";

    @Test
    void theDefaultMachineHasFindingsAndNoError() throws Exception {
        JarRuns.Run run = JarRuns.run("--ephemeral", "sysplug:doctor");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("INFO movable-normal-ratio node0: MOVABLE:NORMAL is 0% (0B movable, 8G in kernel zones)",
                "INFO memmap-cost \\_SB.NOD1: hot-adding \\_SB.NOD1 (8G of memory) needs 128M for its memmap",
                "INFO unmovable-blocks memory0-7: ");
        assertThat(run.out().strip()).endsWith("nothing to fix").contains("0 errors, 0 warnings,");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonIsOneDocumentWithTheFindings() throws Exception {
        JarRuns.Run run = JarRuns.run("--ephemeral", "sysplug:doctor", "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.get("worst").asText()).isEqualTo("INFO");
        assertThat(doc.get("errors").asInt()).isZero();
        List<String> checks = new ArrayList<>();
        doc.get("checks").forEach(c -> checks.add(c.asText()));
        assertThat(checks).contains("hotplug-profiles", "zone-normal-blocks-unplug", "movable-normal-ratio",
                "unmovable-blocks", "memmap-cost");
        assertThat(doc.get("findings")).hasSizeGreaterThanOrEqualTo(4).allSatisfy(f -> {
            assertThat(f.get("severity").asText()).isIn("INFO", "WARNING", "ERROR");
            assertThat(f.get("check").asText()).isIn(checks);
            assertThat(f.get("subject").asText()).isNotEmpty();
            assertThat(f.get("problem").asText()).isNotEmpty();
            assertThat(f.has("fix")).isTrue();
        });
    }

    @Test
    void ejectingANodeWithAPinnedBlockIsAnErrorNamingTheBlockAndWithoutThePinItPasses() throws Exception {
        JarRuns.Run pinned = JarRuns.run("--ephemeral", "-f", script(INSERT + "sim:pin 80\nsysplug:doctor eject '\\_SB.NOD1'\n"));
        assertThat(pinned.exit()).as(pinned.out() + pinned.err()).isEqualTo(1);
        assertThat(pinned.out()).contains("ERROR   dry-run memory80: hot-remove \\_SB.NOD1 would be refused (dry run, request 2): "
                + "memory80: \\_SB.NOD1.MEM0: memory80 of [0x240000000, 0x440000000) (8GiB) hold unmovable pages")
                .contains("[memory.validate, DELETE_VALIDATE 110]")
                .contains("WARNING unmovable-blocks memory80: memory80 holds unmovable pages (removable 0)")
                .contains("1 error, ");

        JarRuns.Run free = JarRuns.run("--ephemeral", "-f", script(INSERT + "sysplug:doctor eject '\\_SB.NOD1'\n"));
        assertThat(free.exit()).as(free.out() + free.err()).isZero();
        assertThat(free.out()).contains("INFO    dry-run \\_SB.NOD1: hot-remove \\_SB.NOD1 would pass validation")
                .contains("0 errors, ");
    }

    @Test
    void canIUnplugNode1IsAnsweredAsAnEjectWouldBeAndPointsToItsContainer() throws Exception {
        JarRuns.Run run = JarRuns.run("--ephemeral", "-f", script(INSERT + "sysplug:doctor hot-remove node1\n"));
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR   dry-run node1: hot-remove node1 would be refused (dry run, request 2): node1: "
                + "eject takes a firmware namespace path")
                .contains("fix: a node comes and goes with the firmware device that holds it: ask about that, "
                        + "sysplug:doctor hot-remove '\\_SB.NOD1'");
    }

    @Test
    void theDoctorAndSubmitDryRunGiveOneAnswer() throws Exception {
        // at the prompt (a script would stop at the first refusal): each question asked of submit, then of the
        // doctor, then the doctor's own dry run read back from the history
        String input = INSERT
                + "sysplug:submit --dry-run --json eject '\\_SB.NOD1'\n"
                + "sysplug:doctor --json eject '\\_SB.NOD1'\n"
                + "sysplug:request --json 3\n"
                + "sim:pin 100\n"
                + "sysplug:submit --dry-run --json eject '\\_SB.NOD1'\n"
                + "sysplug:doctor --json eject '\\_SB.NOD1'\n"
                + "sysplug:request --json 5\n"
                + "sysplug:submit --dry-run --json hot-remove '\\_SB.NOD0'\n"
                + "sysplug:doctor --json hot-remove '\\_SB.NOD0'\n"
                + "sysplug:request --json 7\n";
        JarRuns.Run run = JarRuns.runWithInput(input, "--ephemeral");
        List<JsonNode> docs = documents(run.out());
        assertThat(docs).as(run.out() + run.err()).hasSize(9);

        // allowed by both: the ejectable node with nothing pinned
        assertSame(docs.get(0), docs.get(1), docs.get(2), "SUCCEEDED");
        // refused by both, for the pinned block, by the memory module's validate handler
        assertSame(docs.get(3), docs.get(4), docs.get(5), "FAILED_ROLLED_BACK");
        assertThat(docs.get(3).get("failure").get("device").asText()).isEqualTo("memory100");
        assertThat(docs.get(3).get("failure").get("handler").asText()).isEqualTo("memory.validate");
        // refused by both: node0's container has no _EJ0
        assertSame(docs.get(6), docs.get(7), docs.get(8), "FAILED_ROLLED_BACK");
        assertThat(docs.get(6).get("failure").get("code").asText()).isEqualTo("EPERM");
    }

    /** The submit's outcome, the doctor's report and the doctor's dry run as the history keeps it agree. */
    private static void assertSame(JsonNode submitted, JsonNode report, JsonNode doctors, String status) {
        assertThat(submitted.get("status").asText()).isEqualTo(status);
        assertThat(submitted.get("origin").asText()).isEqualTo("shell");
        assertThat(doctors.get("status").asText()).isEqualTo(status);
        assertThat(doctors.get("origin").asText()).isEqualTo("doctor");
        assertThat(doctors.get("dryRun").asBoolean()).isTrue();
        assertThat(doctors.get("targets")).isEqualTo(submitted.get("targets"));
        assertThat(doctors.get("failure")).isEqualTo(submitted.get("failure"));
        JsonNode dryRun = null;
        for (JsonNode f : report.get("findings")) {
            if (f.get("check").asText().equals("dry-run")) {
                dryRun = f;
            }
        }
        assertThat(dryRun).as(report.toString()).isNotNull();
        if (status.equals("SUCCEEDED")) {
            assertThat(dryRun.get("severity").asText()).isEqualTo("INFO");
            assertThat(dryRun.get("problem").asText()).contains("would pass validation");
        } else {
            JsonNode failure = submitted.get("failure");
            assertThat(dryRun.get("severity").asText()).isEqualTo("ERROR");
            assertThat(dryRun.get("subject").asText()).isEqualTo(failure.get("device").asText());
            assertThat(dryRun.get("problem").asText()).contains(failure.get("message").asText(),
                    "(" + failure.get("code").asText() + ")", "[" + failure.get("handler").asText() + ", ");
        }
    }

    @Test
    void anUnknownOptionIsAUsageErrorAndWithJsonEveryErrorIsJson() throws Exception {
        JarRuns.Run typo = JarRuns.run("--ephemeral", "sysplug:doctor", "--jsn");
        assertThat(typo.exit()).as(typo.out() + typo.err()).isEqualTo(2);
        assertThat((typo.out() + typo.err()).strip()).isEqualTo("doctor: unknown option '--jsn': the options are --json (-j)");

        JarRuns.Run bad = JarRuns.run("--ephemeral", "sysplug:doctor", "--json", "BADOP", "X");
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(2);
        // a usage error is the operator's message, on stderr as every one-shot usage error is: here a JSON one
        assertThat(bad.out()).isEmpty();
        JsonNode doc = JSON.readTree(bad.err());
        assertThat(doc.get("error").asText()).startsWith("unknown operation 'BADOP'");
    }

    /** The JSON documents the commands printed at the prompt, one per line, in order. */
    private static List<JsonNode> documents(String out) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        for (String line : out.split("\n")) {
            int brace = line.indexOf('{');
            if (brace >= 0 && line.strip().endsWith("}") && line.substring(0, brace).replace("g!", "").isBlank()) {
                docs.add(JSON.readTree(line.substring(brace)));
            }
        }
        return docs;
    }

    private static String script(String text) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("doctor-it", ".txt");
        file.toFile().deleteOnExit();
        java.nio.file.Files.writeString(file, text);
        return file.toString();
    }

    /** A sysfs tree of memory0-7, all online and movable but memory0, and two CPUs. */
    private static Path tree(Path root) throws IOException {
        Path cpu = Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        for (String f : List.of("possible", "present", "online")) {
            Files.writeString(cpu.resolve(f), "0-1\n");
        }
        Files.createDirectories(cpu.resolve("cpu0"));
        Files.writeString(Files.createDirectories(cpu.resolve("cpu1")).resolve("online"), "1\n");
        Path memory = Files.createDirectories(root.resolve("sys/devices/system/memory"));
        Files.writeString(memory.resolve("block_size_bytes"), "8000000\n");
        for (int block = 0; block < 8; block++) {
            Path d = Files.createDirectories(memory.resolve("memory" + block));
            Files.writeString(d.resolve("state"), "online\n");
            Files.writeString(d.resolve("online"), "1\n");
            Files.writeString(d.resolve("phys_index"), String.format("%08x%n", block));
            Files.writeString(d.resolve("removable"), "1\n");
            Files.writeString(d.resolve("valid_zones"), block == 0 ? "Normal\n" : "Movable\n");
        }
        return root;
    }

    /**
     * A read-only agent (a sysroot without --writable: the fleet's DaemonSet) refuses every change with
     * EPERM; the doctor and a dry run say so at validate, as the request would, rather than "would pass".
     */
    @Test
    void aReadOnlyAgentAnswersAChangeAsTheRequestWouldWithTheFix(@TempDir Path dir) throws Exception {
        Path root = tree(dir.resolve("tree"));

        JarRuns.Run doctor = JarRuns.run("--ephemeral", "--sysroot", root.toString(), "sysplug:doctor", "offline", "memory5");
        assertThat(doctor.exit()).as(doctor.out() + doctor.err()).isEqualTo(1);
        assertThat(doctor.out()).contains("ERROR   dry-run memory5: offline memory5 would be refused")
                .contains("read-only sysroot").contains("(EPERM)").contains("--writable").contains("--live");

        JarRuns.Run dryRun = JarRuns.run("--ephemeral", "--sysroot", root.toString(), "sysplug:offline", "--dry-run",
                "memory", "5");
        JarRuns.Run real = JarRuns.run("--ephemeral", "--sysroot", root.toString(), "sysplug:offline", "memory", "5");
        assertThat(dryRun.out()).contains("FAILED_ROLLED_BACK").contains("(EPERM)");
        assertThat(real.out()).contains("FAILED_ROLLED_BACK").contains("(EPERM)");
        assertThat(Files.readString(root.resolve("sys/devices/system/memory/memory5/state"))).isEqualTo("online\n");

        // the same question of a writable agent passes: the refusal was the read-only tree's, not the block's
        JarRuns.Run writable = JarRuns.run("--ephemeral", "--sysroot", root.toString(), "--writable", "sysplug:doctor",
                "offline", "memory5");
        assertThat(writable.exit()).as(writable.out() + writable.err()).isZero();
        assertThat(writable.out()).contains("offline memory5 would pass validation");
    }

    /**
     * Bad values in a deployed .cfg of the queue: the log names each (PID, key, value, rule, the value
     * in force), config:get marks them REFUSED, the queue runs with the defaults, the doctor has an ERROR each.
     */
    @Test
    void aBadQueueSettingFromACfgFileIsRefusedLoggedShownAndAnError(@TempDir Path dir) throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Files.writeString(deploy.resolve("org.sysplug.framework.queue.cfg"), "capacity = 0\nhistory = -1\nstuck.after.ms = abc\n");

        JarRuns.Run run = JarRuns.runWithInput("config:get org.sysplug.framework.queue\nsysplug:status\nsysplug:doctor\n"
                + "log 40 ERROR\n", "--ephemeral", "--deploy", deploy.toString());

        assertThat(run.out()).as(run.out() + run.err())
                .containsPattern("capacity\\s+0\\s+REFUSED")
                .containsPattern("stuck.after.ms\\s+abc\\s+REFUSED")
                .contains("0 waiting of 64")
                .contains("ERROR settings org.sysplug.framework.queue capacity: a stored setting is not in force")
                .contains("ERROR settings org.sysplug.framework.queue stuck.after.ms")
                .contains("org.sysplug.framework.queue: capacity = '0' refused, 1 or more: how many requests may wait; "
                        + "capacity 64 stays in force")
                .contains("org.sysplug.framework.queue: history = '-1' refused")
                .contains("org.sysplug.framework.queue: stuck.after.ms = 'abc' refused, not a whole number")
                .doesNotContain("modified method has thrown");
    }
}
