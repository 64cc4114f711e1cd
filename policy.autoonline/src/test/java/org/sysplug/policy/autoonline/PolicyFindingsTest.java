package org.sysplug.policy.autoonline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.sim.TestMachine;

/** The doctor check's findings, on the real simulated machine. */
class PolicyFindingsTest {

    private final TestMachine machine = TestMachine.boot("default");

    private static Policy.Reading reading(Map<String, ?> defaults) {
        return Policy.read(defaults, List.of());
    }

    private List<Finding> findings(Map<String, ?> defaults, Conflicts conflicts) {
        return PolicyFindings.of(reading(defaults), conflicts, machine.topology());
    }

    @Test
    void theDefaultMachineWithoutConfigurationIsClean() {
        assertThat(findings(Map.of(), Conflicts.NONE)).isEmpty();
    }

    @Test
    void offlineDevicesAreAFindingOnlyWhereThePolicyIsConfiguredForTheirClass() throws Exception {
        machine.memory().offline(40);
        machine.memory().offline(41);
        machine.cpus().offline(3);
        assertThat(findings(Map.of(), Conflicts.NONE)).as("an operator's offline devices are no concern of an unconfigured policy")
                .isEmpty();

        List<Finding> found = findings(Map.of("memory.action", "online"), Conflicts.NONE);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo("memory40-41");
            assertThat(f.fix()).isEqualTo("sysplug:online memory 40-41, or set memory.action offline for node0");
        });
        assertThat(findings(Map.of("cpu.action", "online"), Conflicts.NONE)).singleElement()
                .satisfies(f -> assertThat(f.subject()).isEqualTo("cpu3"));
        assertThat(findings(Map.of("memory.action", "offline"), Conflicts.NONE)).isEmpty();
    }

    @Test
    void aNodePastItsRatioIsAWarning() throws Exception {
        for (int b = 40; b < 48; b++) {
            machine.memory().offline(b);
            machine.memory().online(b, OnlineType.ONLINE_MOVABLE);
        }
        // node0: 56 normal, 8 movable
        assertThat(findings(Map.of("memory.action", "online_movable", "memory.movable.ratio", "1:7"), Conflicts.NONE)).isEmpty();
        assertThat(findings(Map.of("memory.action", "online_movable", "memory.movable.ratio", "1:8"), Conflicts.NONE))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.subject()).isEqualTo("node0");
                    assertThat(f.problem()).contains("8 movable block(s) per 56 normal, past the ratio 1:8");
                });
    }

    @Test
    void conflictsAreWarningsWithTheirFixAndStandingDownIsSaidForAConfiguredClassOnly() {
        Conflicts rule = new Conflicts(List.of(new Conflicts.Conflict(Conflicts.Scope.CPU, "etc/udev/rules.d/99-cpu.rules:1",
                "a udev rule onlines CPUs", "remove or rename etc/udev/rules.d/99-cpu.rules")));

        // unconfigured for CPUs: the rule does its work and nothing conflicts; no fix to turn it off
        assertThat(findings(Map.of(), rule)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.problem()).contains("not configured for these devices");
            assertThat(f.fix()).isEmpty();
        });
        assertThat(findings(Map.of("memory.action", "online_movable"), rule)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(findings(Map.of("cpu.keep.offline", "4"), rule)).hasSize(2)
                .anySatisfy(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.fix()).isEqualTo("remove or rename etc/udev/rules.d/99-cpu.rules");
                })
                .anySatisfy(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.INFO);
                    assertThat(f.subject()).isEqualTo("cpu");
                    assertThat(f.problem()).contains("stands down for CPUs");
                });
    }

    @Test
    void anUnreadableConfigurationIsAnErrorSayingWhatItAccepts() {
        List<Finding> found = findings(Map.of("memory.movable.ratio", "three to one"), Conflicts.NONE);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.subject()).isEqualTo("org.sysplug.policy memory.movable.ratio");
            assertThat(f.problem()).contains("'three to one'").contains("applies nothing").contains("MOVABLE:NORMAL")
                    .contains("3:1");
            assertThat(f.fix()).as("one command config.shell takes as printed").isEqualTo("config:unset org.sysplug.policy memory.movable.ratio");
        });
    }

    private List<Finding> withOverrides(Map<String, ?> defaults, List<Map<String, ?>> overrides) {
        return PolicyFindings.of(Policy.read(defaults, overrides), Conflicts.NONE, machine.topology());
    }

    @Test
    void aBadOverrideIsAnErrorWhoseFixNamesTheOverrideByItsPid() {
        List<Finding> found = withOverrides(Map.of(), List.of(Map.of("service.pid", "org.sysplug.policy.node~node1",
                "node", 1, "memory.action", "sideways")));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.subject()).isEqualTo("org.sysplug.policy.node~node1 memory.action");
            assertThat(f.problem()).contains("'sideways'").contains("online_movable");
            assertThat(f.fix()).isEqualTo("config:unset org.sysplug.policy.node~node1 memory.action");
        });
    }

    @Test
    void twoOverridesOfOneNodeAreADuplicateNamingBothWithTheDeleteThatMendsIt() {
        List<Finding> found = withOverrides(Map.of(), List.of(
                Map.of("service.pid", "org.sysplug.policy.node~second", "node", 0, "cpu.action", "offline"),
                Map.of("service.pid", "org.sysplug.policy.node~first", "node", "0", "memory.action", "offline")));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.problem()).contains("duplicate").contains("org.sysplug.policy.node~first")
                    .contains("org.sysplug.policy.node~second").doesNotContain("cannot read");
            assertThat(f.fix()).isEqualTo("config:delete org.sysplug.policy.node~second");
        });
    }

    @Test
    void anOverrideOfANodeTheMachineDoesNotHaveIsAWarningThatItStaysInForce() {
        List<Finding> found = withOverrides(Map.of(), List.of(
                Map.of("service.pid", "org.sysplug.policy.node~node5", "node", 5, "memory.action", "offline"),
                // node1 is the default machine's empty slot: offline, but the machine has it
                Map.of("service.pid", "org.sysplug.policy.node~node1", "node", 1, "memory.action", "offline"),
                Map.of("service.pid", "org.sysplug.policy.node~node0", "node", 0, "memory.action", "offline")));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo("org.sysplug.policy.node~node5");
            assertThat(f.problem()).contains("node5").contains("does not have").contains("stays in force")
                    .contains("hot-added later");
            assertThat(f.fix()).isEqualTo("config:delete org.sysplug.policy.node~node5");
        });
    }

    @Test
    void theBootCpuInTheListToKeepOfflineIsAWarningThatItCannotBeWithTheListWithoutIt() {
        // cpu0 is the default machine's boot CPU, not hot-pluggable
        assertThat(findings(Map.of("cpu.keep.offline", "0,4-5"), Conflicts.NONE)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo("cpu0");
            assertThat(f.problem()).contains("cannot be kept offline").contains("boot CPU");
            assertThat(f.fix()).isEqualTo("config:set org.sysplug.policy cpu.keep.offline 4-5");
        });
        assertThat(findings(Map.of("cpu.keep.offline", "0"), Conflicts.NONE)).singleElement()
                .satisfies(f -> assertThat(f.fix()).isEqualTo("config:unset org.sysplug.policy cpu.keep.offline"));
        assertThat(findings(Map.of("cpu.keep.offline", "4-5,200"), Conflicts.NONE)).as("hot-pluggable or absent CPUs may be kept")
                .isEmpty();
    }
}
