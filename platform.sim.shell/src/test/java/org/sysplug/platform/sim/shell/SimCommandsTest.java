package org.sysplug.platform.sim.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.TestSimulator;

/**
 * The {@code sim} commands on the real simulator, without a queue: a namespace path typed without
 * its backslash (the prompt ate it) is refused at once with the hint to quote it, and nothing
 * happens to the machine; the data commands print one JSON document with {@code --json}.
 */
class SimCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestSimulator sim = TestSimulator.boot("default");
    private final SimCommands commands = new SimCommands(sim.control(), null, null, null);
    private final VariablesSession shell = new VariablesSession();

    @Test
    void anInsertOfAPathWithoutItsBackslashIsRefusedAtOnceWithTheQuotingHint() {
        Topology before = sim.topology();

        Object out = commands.insert(shell.session(), false, "_SB.MEM2");

        assertThat(shell.exit()).isEqualTo(2);
        assertThat(out).hasToString("sim:insert: invalid device name '_SB.MEM2': a firmware path starts with a backslash,"
                + " which the shell removes unless quoted: type '\\_SB.MEM2'");
        assertThat(sim.topology()).isSameAs(before);
        assertThat(sim.control().hardwareLog()).isEmpty();
    }

    @Test
    void everyPathTakingCommandGivesTheSameHint() {
        assertThat(commands.ejectRequest(shell.session(), "_SB.NOD0", false)).asString()
                .startsWith("sim:eject-request: invalid device name '_SB.NOD0'").endsWith("type '\\_SB.NOD0'");
        assertThat(shell.exit()).isEqualTo(2);
        assertThat(commands.surpriseRemove(shell.session(), "_SB.NOD1"))
                .startsWith("sim:surprise-remove: invalid device name '_SB.NOD1'").endsWith("type '\\_SB.NOD1'");
        assertThat(shell.exit()).isEqualTo(2);
        assertThat(commands.fault(shell.session(), "EIO", 0, 0, false, "acpi.eject", "_SB.NOD1"))
                .startsWith("sim:fault: invalid device name '_SB.NOD1'").endsWith("type '\\_SB.NOD1'");
        assertThat(shell.exit()).isEqualTo(2);
        assertThat(sim.control().faults()).isEmpty();
        assertThat(sim.control().hardwareLog()).isEmpty();
    }

    @Test
    void aDeviceNameIsNoNamespacePath() {
        assertThat(commands.insert(shell.session(), false, "cpu5")).asString()
                .isEqualTo("sim:insert: 'cpu5' is not a namespace path: name the device or container by its path, quoted"
                        + " at the prompt as in '\\_SB.NOD1' ('sysplug:topology' lists them)");
        assertThat(shell.exit()).isEqualTo(2);
    }

    @Test
    void aQuotedPathInAnyCaseReachesTheMachineInItsCanonicalSpelling() {
        commands.insert(shell.session(), false, "\\_sb.mem2");
        assertThat(sim.control().hardwareLog()).singleElement().asString().startsWith("insert \\_SB.MEM2 ");

        assertThat(commands.fault(shell.session(), "EIO", 0, 0, false, "acpi.eject", "\\_sb.nod1")).contains("\\_SB.NOD1");
        assertThat(shell.exit()).isZero();
        assertThat(commands.fault(shell.session(), "EBUSY", 2, 0, false, "cpu.offline", "cpu3")).contains("cpu3");
        assertThat(commands.fault(shell.session(), "", 0, 5, false, "memory.online", "*")).contains("*");
        assertThat(sim.control().faults()).hasSize(3);
    }

    @Test
    void faultsAsJson() throws Exception {
        commands.fault(shell.session(), "EBUSY", 2, 0, false, "cpu.offline", "cpu3");
        commands.fault(shell.session(), "", 0, 5, true, "acpi.eject", "\\_SB.NOD1");

        JsonNode doc = JSON.readTree(commands.faults(shell.session(), true));

        assertThat(shell.exit()).isZero();
        JsonNode faults = doc.get("faults");
        assertThat(faults).hasSize(2);
        JsonNode first = faults.get(0);
        assertThat(first.get("id").asLong()).isPositive();
        assertThat(first.get("operation").asText()).isEqualTo("cpu.offline");
        assertThat(first.get("target").asText()).isEqualTo("cpu3");
        assertThat(first.get("errno").asText()).isEqualTo("EBUSY");
        assertThat(first.get("times").asInt()).isEqualTo(2);
        assertThat(first.get("fired").asInt()).isZero();
        assertThat(first.get("hang").asBoolean()).isFalse();
        assertThat(first.get("text").asText()).isEqualTo(sim.control().faults().get(0));
        JsonNode second = faults.get(1);
        assertThat(second.get("target").asText()).isEqualTo("\\_SB.NOD1");
        assertThat(second.get("errno").isNull()).isTrue();
        assertThat(second.get("times").isNull()).isTrue(); // fires every time
        assertThat(second.get("delayMs").asLong()).isEqualTo(5);
        assertThat(second.get("hang").asBoolean()).isTrue();

        assertThat(JSON.readTree(new SimCommands(TestSimulator.boot("default").control(), null, null, null)
                .faults(shell.session(), true)).get("faults")).isEmpty();
    }

    @Test
    void logOstAndMachinesAsJson() throws Exception {
        assertThat(JSON.readTree(commands.log(shell.session(), true)).get("log")).isEmpty();
        commands.insert(shell.session(), false, "\\_SB.MEM2");
        JsonNode log = JSON.readTree(commands.log(shell.session(), true)).get("log");
        assertThat(log).hasSize(sim.control().hardwareLog().size());
        assertThat(log.get(0).asText()).isEqualTo(sim.control().hardwareLog().get(0));

        assertThat(JSON.readTree(commands.ost(shell.session(), true)).get("ost")).isEmpty();
        assertThat(shell.exit()).isZero();

        JsonNode machines = JSON.readTree(commands.machines(shell.session(), true));
        List<String> names = sim.control().builtInMachines();
        assertThat(machines.get("machines")).hasSize(names.size());
        assertThat(machines.get("machines").get(0).asText()).isEqualTo(names.get(0));
        assertThat(machines.get("running").asText()).isEqualTo(sim.control().source());
    }

    @Test
    void withoutJsonTheTextStays() {
        assertThat(commands.faults(shell.session(), false)).isEqualTo("no faults injected");
        assertThat(commands.log(shell.session(), false)).isEqualTo("no hardware events yet");
        assertThat(commands.ost(shell.session(), false)).isEqualTo("no _OST calls yet");
        assertThat(commands.machines(shell.session(), false)).endsWith("running: " + sim.control().source());
    }
}
