package org.sysplug.config.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Factory PIDs and their configurations as config:list and config:get show them, for the hot-plug
 * policy's real descriptions: its defaults (a plain PID) and its node overrides (factory PID
 * {@value #NODE}), with configurations as ConfigAdmin holds them.
 */
class FactoryLookupTest {

    private static final String POLICY = "org.sysplug.policy";
    private static final String NODE = "org.sysplug.policy.node";

    private static List<PidSettings> described() throws Exception {
        return List.of(Descriptors.describe(POLICY, PidSettings.Kind.PLAIN, "org.sysplug.policy.autoonline.PolicyConfig"),
                Descriptors.describe(NODE, PidSettings.Kind.FACTORY, "org.sysplug.policy.autoonline.NodePolicyConfig"));
    }

    private static ConfigStore.Stored override(String name, Map<String, Object> values) {
        return new ConfigStore.Stored(NODE + "~" + name, NODE, values);
    }

    private static PidSettings find(List<PidSettings> all, String pid) {
        return all.stream().filter(p -> p.pid().equals(pid)).findFirst().orElseThrow(() -> new AssertionError(pid + " in " + all));
    }

    @Test
    void aFactoryIsListedAsSuchFollowedByItsConfigurationsEachDescribedByTheFactory() throws Exception {
        List<PidSettings> all = ConfigStore.merge(described(), List.of(
                override("node2", Map.of("service.pid", NODE + "~node2", "service.factoryPid", NODE, "node", 2)),
                override("node1", Map.of("node", 1, "memory.action", "offline"))));

        assertThat(all).extracting(PidSettings::pid).containsExactly(POLICY, NODE, NODE + "~node1", NODE + "~node2");
        PidSettings factory = find(all, NODE);
        assertThat(factory.kind()).isEqualTo(PidSettings.Kind.FACTORY);
        assertThat(factory.configurations()).containsExactly(NODE + "~node1", NODE + "~node2");
        PidSettings node1 = find(all, NODE + "~node1");
        assertThat(node1.kind()).isEqualTo(PidSettings.Kind.FACTORY_CONFIGURATION);
        assertThat(node1.factoryPid()).isEqualTo(NODE);
        assertThat(node1.attribute("memory.action")).isPresent();
        assertThat(node1.value("memory.action")).isEqualTo("offline");
        assertThat(node1.mustBeGiven(node1.attribute("node").orElseThrow())).as("node is required, without a default").isTrue();
        assertThat(node1.mustBeGiven(node1.attribute("memory.action").orElseThrow())).isFalse();

        assertThat(SettingsText.list(all).lines().toList()).containsExactly(
                "PID                            SET      NAME",
                "org.sysplug.policy             no       sysplug hot-plug policy",
                "org.sysplug.policy.node        factory  sysplug hot-plug policy of one node",
                "org.sysplug.policy.node~node1  yes      sysplug hot-plug policy of one node",
                "org.sysplug.policy.node~node2  yes      sysplug hot-plug policy of one node");
        JsonNode json = new ObjectMapper().readTree(SettingsText.listJson(all));
        assertThat(json.get(1).get("factory").asBoolean()).isTrue();
        assertThat(json.get(1).get("configurations").get(0).asText()).isEqualTo(NODE + "~node1");
        assertThat(json.get(2).get("factory").asBoolean()).isFalse();
        assertThat(json.get(2).get("factoryPid").asText()).isEqualTo(NODE);
    }

    @Test
    void getOfTheFactoryExplainsItsKeysAndListsItsConfigurations() throws Exception {
        List<PidSettings> none = ConfigStore.merge(described(), List.of());
        String empty = SettingsText.get(find(none, NODE));
        assertThat(empty).contains("A factory PID").contains("memory.action: Memory action")
                .contains("No configuration yet (config:set org.sysplug.policy.node~NAME node VALUE [KEY VALUE]... creates one)");
        assertThat(empty.lines().filter(l -> l.startsWith("node ")).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains("int").endsWith("yes"));

        String two = SettingsText.get(find(ConfigStore.merge(described(), List.of(override("a", Map.of("node", 0)),
                override("b", Map.of("node", 1)))), NODE));
        assertThat(two).contains("Configurations: org.sysplug.policy.node~a, org.sysplug.policy.node~b");
    }

    @Test
    void getOfAConfigurationChecksItAgainstTheFactorysDescription() throws Exception {
        // as a .cfg file in deploy/ leaves it: FileInstall says which file, and checks nothing
        List<PidSettings> all = ConfigStore.merge(described(), List.of(override("node1", Map.of(
                "felix.fileinstall.filename", "file:/srv/deploy/org.sysplug.policy.node-node1.cfg",
                "memory.action", "sideways"))));
        PidSettings node1 = find(all, NODE + "~node1");
        String text = SettingsText.get(node1);
        assertThat(text).contains("A configuration of the factory PID org.sysplug.policy.node")
                .contains("From the file file:/srv/deploy/org.sysplug.policy.node-node1.cfg")
                .doesNotContain("felix.fileinstall.filename  ");
        assertThat(SettingsText.problems(node1)).containsExactlyInAnyOrder(
                "org.sysplug.policy.node~node1 memory.action=sideways is not one of its options: give one of online, "
                        + "online_movable, online_kernel, offline ('config:get org.sysplug.policy.node~node1' describes it)",
                "org.sysplug.policy.node~node1 node is required and not set: config:set org.sysplug.policy.node~node1 node VALUE");
        JsonNode json = new ObjectMapper().readTree(SettingsText.getJson(node1));
        assertThat(json.get("problems")).hasSize(2);
        assertThat(json.get("factoryPid").asText()).isEqualTo(NODE);
        assertThat(json.get("file").asText()).endsWith("node-node1.cfg");

        PidSettings good = find(ConfigStore.merge(described(), List.of(override("node1", Map.of("node", 1)))), NODE + "~node1");
        assertThat(SettingsText.problems(good)).isEmpty();
        assertThat(SettingsText.get(good)).doesNotContain("Not as its description allows");
    }

    @Test
    void aConfigurationOfAFactoryNobodyDescribesIsListedUnderAFactoryWithoutDescription() throws Exception {
        List<PidSettings> all = ConfigStore.merge(described(), List.of(
                new ConfigStore.Stored("org.example.gone~x", "org.example.gone", Map.of("k", "v")),
                new ConfigStore.Stored(POLICY, null, Map.of("memory.action", "offline"))));
        PidSettings factory = find(all, "org.example.gone");
        assertThat(factory.factory()).isTrue();
        assertThat(factory.described()).isFalse();
        assertThat(factory.configurations()).containsExactly("org.example.gone~x");
        assertThat(find(all, "org.example.gone~x").described()).isFalse();
        assertThat(find(all, POLICY).kind()).isEqualTo(PidSettings.Kind.PLAIN);
        assertThat(find(all, POLICY).set()).isTrue();
    }
}
