package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The fleet files (fleet/ at the repository root) say what the README says of them: the default
 * DaemonSet is read-only (the host's /sys mounted read-only, non-root, no privilege, never
 * --live), only the live one is privileged and runs only on nodes labelled for it, the metrics
 * port and path agree between the launcher's arguments, the pod, its annotations and the
 * PodMonitor, and the token comes from one Secret. The arguments are the launcher's own: they
 * parse with its option parser.
 */
class FleetManifestsTest {

    private static final Path FLEET = Path.of("..", "fleet");
    private static final String LIVE_LABEL = "sysplug.io/mode";

    @Test
    void theDefaultDaemonSetIsReadOnlyAndUnprivileged() throws Exception {
        Map<String, Object> ds = load("daemonset.yaml");
        assertThat(ds).containsEntry("kind", "DaemonSet").containsEntry("apiVersion", "apps/v1");
        Map<String, Object> pod = map(ds, "spec", "template", "spec");
        Map<String, Object> c = sysplugContainer(pod);
        List<String> args = strings(c.get("args"));

        assertThat(args).doesNotContain("--live", "--writable").containsSequence("--sysroot", "/host");
        Options options = Options.parse(args.toArray(String[]::new));
        assertThat(options.properties()).containsEntry("sysplug.sysroot", "/host")
                .doesNotContainEntry("sysplug.access", "live").doesNotContainEntry("sysplug.access", "writable");
        // a command that runs until the pod stops (the prompt would end at once on a closed stdin)
        assertThat(options.mode()).isEqualTo(Options.Mode.COMMAND);
        assertThat(options.command()).containsExactly("sysplug:events");

        // /sys of the host, read-only, exactly where --sysroot looks for it
        Map<String, Object> hostSys = volume(pod, "/sys").orElseThrow();
        Map<String, Object> mount = mountOf(c, (String) hostSys.get("name"));
        assertThat(mount).containsEntry("mountPath", "/host/sys").containsEntry("readOnly", true);
        // and no other host path is writable
        for (Map<String, Object> m : list(c.get("volumeMounts"))) {
            Map<String, Object> v = volumeNamed(pod, (String) m.get("name"));
            if (v.containsKey("hostPath")) {
                assertThat(m).as("host path mount %s", m).containsEntry("readOnly", true);
            }
        }

        Map<String, Object> podSecurity = map(pod, "securityContext");
        assertThat(podSecurity).containsEntry("runAsNonRoot", true);
        assertThat((Integer) podSecurity.get("runAsUser")).isPositive();
        for (Map<String, Object> container : containers(pod)) {
            Map<String, Object> sc = map(container, "securityContext");
            assertThat(sc).as(container.get("name").toString()).containsEntry("allowPrivilegeEscalation", false)
                    .containsEntry("readOnlyRootFilesystem", true);
            assertThat(sc.getOrDefault("privileged", false)).isEqualTo(false);
            assertThat(strings(map(sc, "capabilities").get("drop"))).containsExactly("ALL");
        }

        // never on a node that runs the live agent
        List<Map<String, Object>> terms = list(map(pod, "affinity", "nodeAffinity",
                "requiredDuringSchedulingIgnoredDuringExecution").get("nodeSelectorTerms"));
        assertThat(terms).hasSize(1);
        assertThat(list(terms.get(0).get("matchExpressions"))).anySatisfy(e -> assertThat(e)
                .containsEntry("key", LIVE_LABEL).containsEntry("operator", "NotIn")
                .containsEntry("values", List.of("live")));
        assertMetricsAndToken(ds, c, args);
    }

    @Test
    void onlyTheLiveDaemonSetIsPrivilegedAndOnlyOnNodesLabelledLive() throws Exception {
        Map<String, Object> ds = load("daemonset-live.yaml");
        Map<String, Object> pod = map(ds, "spec", "template", "spec");
        Map<String, Object> c = sysplugContainer(pod);
        List<String> args = strings(c.get("args"));

        assertThat(args).contains("--live").doesNotContain("--sysroot");
        assertThat(Options.parse(args.toArray(String[]::new)).properties()).containsEntry("sysplug.access", "live");
        assertThat(map(c, "securityContext")).containsEntry("privileged", true);
        assertThat(map(pod, "nodeSelector")).containsEntry(LIVE_LABEL, "live");
        // the two DaemonSets never select each other's pods
        assertThat(map(ds, "spec", "selector", "matchLabels")).containsEntry(LIVE_LABEL, "live");
        assertThat(map(load("daemonset.yaml"), "spec", "selector", "matchLabels")).containsEntry(LIVE_LABEL,
                "read-only");
        assertThat(Files.readString(FLEET.resolve("daemonset-live.yaml"))).contains("PRIVILEGED");
        assertMetricsAndToken(ds, c, args);
    }

    @Test
    void theImageBuildsTheLaunchersJarAndRunsItReadOnlyAsNonRoot() throws Exception {
        List<String> lines = Files.readAllLines(FLEET.resolve("Containerfile")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).contains("maven").contains("17").endsWith(" AS build");
        assertThat(froms.get(1)).contains("17-jre");
        assertThat(String.join("\n", lines)).contains("package -pl launcher -am")
                .contains("launcher/target/sysplug.jar");
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(Integer.parseInt(user.substring(5).split(":")[0])).isPositive();
        String cmd = lines.stream().filter(l -> l.startsWith("CMD ")).findFirst().orElseThrow();
        List<String> args = strings(new Yaml().load(cmd.substring(4)));
        assertThat(args).containsSequence("--sysroot", "/host").doesNotContain("--live");
        Options.parse(args.toArray(String[]::new));
        // the launcher's module really is where the image builds it from
        assertThat(Path.of("pom.xml")).exists();
        assertThat(Path.of("").toAbsolutePath().getFileName()).hasToString("launcher");
    }

    @Test
    void thePodMonitorScrapesBothDaemonSetsWithTheToken() throws Exception {
        Map<String, Object> pm = load("podmonitor.yaml");
        assertThat(pm).containsEntry("kind", "PodMonitor");
        Map<String, Object> selector = map(pm, "spec", "selector", "matchLabels");
        for (String file : List.of("daemonset.yaml", "daemonset-live.yaml")) {
            Map<String, Object> labels = map(load(file), "spec", "template", "metadata", "labels");
            assertThat(labels).containsAllEntriesOf(selector);
        }
        Map<String, Object> endpoint = list(map(pm, "spec").get("podMetricsEndpoints")).get(0);
        assertThat(endpoint).containsEntry("path", "/metrics").containsEntry("port", "metrics");
        assertThat(map(endpoint, "authorization", "credentials")).containsEntry("name", "sysplug-token");
    }

    /** The port of --http, the pod's port named metrics, the annotations and the token file agree. */
    private static void assertMetricsAndToken(Map<String, Object> ds, Map<String, Object> c, List<String> args) {
        String http = args.get(args.indexOf("--http") + 1);
        assertThat(http).startsWith("0.0.0.0:");
        int port = Integer.parseInt(http.substring(http.indexOf(':') + 1));
        assertThat(list(c.get("ports"))).anySatisfy(p -> assertThat(p).containsEntry("name", "metrics")
                .containsEntry("containerPort", port));
        assertThat(map(ds, "spec", "template", "metadata", "annotations")).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", Integer.toString(port)).containsEntry("prometheus.io/path", "/metrics");

        String tokenFile = args.get(args.indexOf("--http-token-file") + 1);
        Map<String, Object> pod = map(ds, "spec", "template", "spec");
        Map<String, Object> tokenMount = list(c.get("volumeMounts")).stream()
                .filter(m -> tokenFile.startsWith(m.get("mountPath") + "/")).findFirst().orElseThrow();
        assertThat(tokenMount).containsEntry("readOnly", true);
        // the token is the Secret's, read directly or copied by an init container
        List<String> secrets = new ArrayList<>();
        for (Map<String, Object> v : list(pod.get("volumes"))) {
            if (v.get("secret") instanceof Map<?, ?> s) {
                secrets.add((String) s.get("secretName"));
            }
        }
        assertThat(secrets).containsExactly("sysplug-token");
    }

    private static Map<String, Object> sysplugContainer(Map<String, Object> pod) {
        return list(pod.get("containers")).stream().filter(c -> "sysplug".equals(c.get("name"))).findFirst()
                .orElseThrow();
    }

    private static List<Map<String, Object>> containers(Map<String, Object> pod) {
        List<Map<String, Object>> all = new ArrayList<>(list(pod.get("containers")));
        if (pod.containsKey("initContainers")) {
            all.addAll(list(pod.get("initContainers")));
        }
        return all;
    }

    private static Optional<Map<String, Object>> volume(Map<String, Object> pod, String hostPath) {
        return list(pod.get("volumes")).stream()
                .filter(v -> v.get("hostPath") instanceof Map<?, ?> h && hostPath.equals(h.get("path"))).findFirst();
    }

    private static Map<String, Object> volumeNamed(Map<String, Object> pod, String name) {
        return list(pod.get("volumes")).stream().filter(v -> name.equals(v.get("name"))).findFirst().orElseThrow();
    }

    private static Map<String, Object> mountOf(Map<String, Object> container, String volume) {
        return list(container.get("volumeMounts")).stream().filter(m -> volume.equals(m.get("name"))).findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> load(String file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(FLEET.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> from, String... path) {
        Map<String, Object> m = from;
        for (String key : path) {
            assertThat(m).as("a YAML mapping with key %s", key).containsKey(key);
            m = (Map<String, Object>) m.get(key);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return ((List<Object>) value).stream().map(String::valueOf).toList();
    }
}
