package org.sysplug.policy.autoonline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The configuration read whole or not at all, and each value it cannot read named with what it accepts. */
class PolicyReadTest {

    private static Policy read(Map<String, ?> defaults, List<Map<String, ?>> nodes) {
        Policy.Reading r = Policy.read(defaults, nodes);
        assertThat(r.problems()).isEmpty();
        return r.policy().orElseThrow();
    }

    @Test
    void nothingConfiguredIsTodaysBehaviour() {
        Policy p = read(Map.of("component.name", "x"), List.of());
        assertThat(p).isEqualTo(Policy.DEFAULT);
        assertThat(p.memoryConfigured()).isFalse();
        assertThat(p.cpuConfigured()).isFalse();
    }

    @Test
    void everyKeyIsReadFromTextOrTypedValues() {
        Policy p = read(Map.of("memory.action", "online-movable", "memory.movable.ratio", "3:1", "cpu.action", "ONLINE",
                "cpu.keep.offline", new String[] { "1-3", "7" }, "retry.attempts", 2, "retry.delay.ms", "50",
                "retry.delay.max.ms", 400L), List.of(Map.of("node", "1", "memory.movable.ratio", "none"),
                        Map.of("node", 2, "cpu.action", "offline")));

        assertThat(p.defaults()).isEqualTo(new Policy.NodeRule(Policy.MemoryAction.ONLINE_MOVABLE,
                Optional.of(new Ratio(3, 1)), Policy.CpuAction.ONLINE));
        assertThat(p.rule(1)).isEqualTo(new Policy.NodeRule(Policy.MemoryAction.ONLINE_MOVABLE, Optional.empty(), Policy.CpuAction.ONLINE));
        assertThat(p.rule(2)).isEqualTo(new Policy.NodeRule(Policy.MemoryAction.ONLINE_MOVABLE, Optional.of(new Ratio(3, 1)),
                Policy.CpuAction.OFFLINE));
        assertThat(p.rule(7)).isEqualTo(p.defaults());
        assertThat(p.keepOffline()).containsExactlyInAnyOrder(1, 2, 3, 7);
        assertThat(p.retry()).isEqualTo(new Policy.Retry(2, Duration.ofMillis(50), Duration.ofMillis(400)));
        assertThat(p.memoryConfigured()).isTrue();
        assertThat(p.cpuConfigured()).isTrue();
    }

    @Test
    void theBackOffDoublesUpToTheLongestDelay() {
        Policy.Retry r = new Policy.Retry(6, Duration.ofMillis(100), Duration.ofMillis(500));
        assertThat(List.of(1, 2, 3, 4, 5).stream().map(r::delay).map(Duration::toMillis)).containsExactly(100L, 200L, 400L, 500L, 500L);
    }

    @Test
    void everyValueItCannotReadIsNamedAndNoPolicyIsGiven() {
        Policy.Reading r = Policy.read(Map.of("service.pid", "org.sysplug.policy", "memory.action", "online_moveable",
                "memory.movable.ratio", "3", "cpu.keep.offline", "4-2", "retry.attempts", "many", "cpu.action", "online"),
                List.of(Map.of("service.pid", "org.sysplug.policy.node~a", "memory.action", "offline"),
                        Map.of("service.pid", "org.sysplug.policy.node~b", "node", 1),
                        Map.of("service.pid", "org.sysplug.policy.node~c", "node", "1")));

        assertThat(r.policy()).isEmpty();
        assertThat(r.problems()).extracting(p -> p.pid() + " " + p.key() + "=" + p.value()).containsExactly(
                "org.sysplug.policy memory.action=online_moveable",
                "org.sysplug.policy memory.movable.ratio=3",
                "org.sysplug.policy cpu.keep.offline=4-2",
                "org.sysplug.policy retry.attempts=many",
                "org.sysplug.policy.node~a node=",
                "org.sysplug.policy.node~c node=1");
        assertThat(r.problems().get(0).accepted()).isEqualTo("use one of online, online_movable, online_kernel, offline");
        assertThat(r.problems().get(1).accepted()).contains("MOVABLE:NORMAL").contains("3:1");
        assertThat(r.problems().get(2).accepted()).contains("goes backwards");
        assertThat(r.problems().get(3).accepted()).isEqualTo("a whole number from 0 to 100");
        assertThat(r.problems().get(5).kind()).isEqualTo(Policy.Problem.Kind.DUPLICATE);
        assertThat(r.problems().get(5).describe()).contains("duplicate override of node1")
                .contains("org.sysplug.policy.node~b overrides it too");
        // each with one command that mends it, as config.shell takes it
        assertThat(r.problems()).extracting(Policy.Problem::fix).containsExactly(
                "config:unset org.sysplug.policy memory.action",
                "config:unset org.sysplug.policy memory.movable.ratio",
                "config:unset org.sysplug.policy cpu.keep.offline",
                "config:unset org.sysplug.policy retry.attempts",
                "config:delete org.sysplug.policy.node~a",
                "config:delete org.sysplug.policy.node~c");
    }

    @Test
    void anOverrideWithoutItsNodeIsToldTheNodeItsNameSays() {
        // deploy/org.sysplug.policy.node-node3.cfg without node = 3
        Policy.Reading r = Policy.read(Map.of(), List.of(Map.of("service.pid", "org.sysplug.policy.node~node3",
                "memory.action", "offline", "felix.fileinstall.filename", "file:/d/org.sysplug.policy.node-node3.cfg")));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Policy.Problem.Kind.MISSING);
            assertThat(p.fix()).isEqualTo("config:set org.sysplug.policy.node~node3 node 3");
        });
        Policy.Reading bad = Policy.read(Map.of(), List.of(Map.of("service.pid", "org.sysplug.policy.node~node3",
                "node", "three", "felix.fileinstall.filename", "file:/d/org.sysplug.policy.node-node3.cfg")));
        assertThat(bad.problems()).singleElement().satisfies(p -> {
            assertThat(p.fix()).isEqualTo("config:set org.sysplug.policy.node~node3 node 3");
            assertThat(p.describe()).endsWith("; it comes from file:/d/org.sysplug.policy.node-node3.cfg: change the file too");
        });
    }

    @Test
    void aDuplicateIsOneWhateverElseIsWrongWithTheFirst() {
        Policy.Reading r = Policy.read(Map.of(), List.of(
                Map.of("service.pid", "org.sysplug.policy.node~y", "node", 1),
                Map.of("service.pid", "org.sysplug.policy.node~x", "node", 1, "memory.action", "sideways")));
        assertThat(r.problems()).extracting(p -> p.kind() + " " + p.pid() + " " + p.fix()).containsExactly(
                "UNREADABLE org.sysplug.policy.node~x config:unset org.sysplug.policy.node~x memory.action",
                "DUPLICATE org.sysplug.policy.node~y config:delete org.sysplug.policy.node~y");
    }

    @Test
    void overridesRecordTheirPidByNode() {
        Policy p = read(Map.of(), List.of(Map.of("service.pid", "org.sysplug.policy.node~n1", "node", 1)));
        assertThat(p.overrides()).isEqualTo(Map.of(1, "org.sysplug.policy.node~n1"));
    }

    @Test
    void aRatioNeedsANormalPartAndTheLongestDelayCannotBeShorterThanTheFirst() {
        assertThat(Policy.read(Map.of("memory.movable.ratio", "1:0"), List.of()).problems()).singleElement()
                .satisfies(p -> assertThat(p.accepted()).contains("NORMAL from 1"));
        assertThat(Policy.read(Map.of("retry.delay.ms", 500, "retry.delay.max.ms", 100), List.of()).problems()).singleElement()
                .satisfies(p -> {
                    assertThat(p.key()).isEqualTo("retry.delay.max.ms");
                    assertThat(p.fix()).isEqualTo("config:set org.sysplug.policy retry.delay.max.ms 500");
                });
        assertThat(Policy.read(Map.of("retry.attempts", 101), List.of()).problems()).hasSize(1);
    }
}
