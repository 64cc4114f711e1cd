package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sysplug.remote.metrics.PrometheusParser.value;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.remote.metrics.PrometheusParser;
import org.sysplug.remote.metrics.PrometheusParser.Sample;

/**
 * The packaged {@code sysplug.jar} with {@code --http}: requests made at its prompt (one that
 * succeeds, one that fails on an injected EBUSY, a dry run, a firmware hot-add of \_SB.NOD1)
 * show up at GET /metrics, read with java.net.http and Prometheus's own parser, with the machine's
 * devices as they are after the hot-add; a caller from beyond loopback needs the token.
 */
class MetricsIT {

    private static final Pattern SERVING = Pattern.compile("serving the HTTP API at http://[^:/\\s]+:(\\d+)");
    private static final String TOKEN = "metrics-it-token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void requestsFailuresAndDevicesAreScrapedFromTheRunningPlatform(@TempDir Path dir) throws Exception {
        assumeTrue(PrometheusParser.unavailable().isEmpty(), () -> PrometheusParser.unavailable().get());
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));

        Process p = new ProcessBuilder(JarRuns.command("--ephemeral", "--http", "0.0.0.0:0", "--http-token-file",
                token.toString())).directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        try (OutputStream prompt = p.getOutputStream()) {
            int port = awaitPort(p, dir);
            String local = "http://127.0.0.1:" + port + "/metrics";

            HttpResponse<String> empty = get(local, Optional.empty(), Optional.empty());
            assertThat(empty.statusCode()).isEqualTo(200);
            assertThat(empty.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            List<Sample> before = PrometheusParser.text(empty.body());
            assertThat(value(before, "sysplug_devices", device("node", "offline", "none", 1))).isEqualTo(1);
            assertThat(before).noneMatch(s -> s.name().equals("sysplug_requests_total"));

            type(prompt, "sysplug:offline cpu 2-3");
            type(prompt, "sim:fault --errno EBUSY --times 1 cpu.offline cpu5");
            type(prompt, "sysplug:offline cpu 4-5");
            type(prompt, "sysplug:submit offline cpu6 --dry-run");
            type(prompt, "sim:insert '\\_SB.NOD1'");

            List<Sample> s = awaitRequests(local, 4, p, dir);
            Map<String, String> shell = Map.of("origin", "shell", "dry_run", "false", "operation", "OFFLINE");
            assertThat(value(s, "sysplug_requests_total", with(shell, "status", "SUCCEEDED"))).isEqualTo(1);
            assertThat(value(s, "sysplug_requests_total", with(shell, "status", "FAILED_ROLLED_BACK"))).isEqualTo(1);
            assertThat(value(s, "sysplug_requests_total", Map.of("origin", "shell", "dry_run", "true", "operation",
                    "OFFLINE", "status", "SUCCEEDED"))).isEqualTo(1);
            assertThat(value(s, "sysplug_requests_total", Map.of("origin", "firmware", "dry_run", "false",
                    "operation", "HOT_ADD", "status", "SUCCEEDED"))).isEqualTo(1);
            assertThat(value(s, "sysplug_request_failures_total", Map.of("code", "EBUSY", "operation", "OFFLINE")))
                    .isEqualTo(1);
            assertThat(s).filteredOn(x -> x.name().equals("sysplug_request_failures_total")).hasSize(1);
            // the real modules' handlers, timed: cpu.remove ran in both offline requests
            assertThat(value(s, "sysplug_handler_duration_seconds_count",
                    Map.of("handler", "cpu.remove", "phase", "DELETE_EXECUTE", "action", "apply"))).isEqualTo(2);

            // the hot-added node: its CPUs and its 8 GiB online (movable, resource.memory's default policy)
            assertThat(value(s, "sysplug_devices", device("node", "online", "none", 1))).isEqualTo(1);
            assertThat(value(s, "sysplug_devices", device("cpu", "online", "none", 1))).isEqualTo(8);
            assertThat(value(s, "sysplug_devices", device("cpu", "offline", "none", 0))).isEqualTo(2);
            assertThat(value(s, "sysplug_devices", device("memory", "online", "movable", 1))).isEqualTo(64);
            assertThat(value(s, "sysplug_memory_bytes", Map.of("state", "online", "zone", "movable", "node", "1")))
                    .isEqualTo(8.0 * (1L << 30));
            assertThat(value(s, "sysplug_queue_waiting", Map.of())).isZero();
            assertThat(value(s, "sysplug_queue_running", Map.of())).isZero();

            // OpenMetrics for a scraper that asks for it, parsed by the strict OpenMetrics parser
            HttpResponse<String> open = get(local, Optional.of("application/openmetrics-text; version=1.0.0"),
                    Optional.empty());
            assertThat(open.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
            assertThat(PrometheusParser.openMetrics(open.body())).isNotEmpty();

            Optional<InetAddress> beyond = nonLoopbackAddress();
            if (beyond.isPresent()) {
                String remote = "http://" + beyond.get().getHostAddress() + ":" + port + "/metrics";
                assertThat(get(remote, Optional.empty(), Optional.empty()).statusCode()).isEqualTo(401);
                assertThat(get(remote, Optional.empty(), Optional.of("wrong")).statusCode()).isEqualTo(401);
                HttpResponse<String> withToken = get(remote, Optional.empty(), Optional.of(TOKEN));
                assertThat(withToken.statusCode()).isEqualTo(200);
                assertThat(PrometheusParser.text(withToken.body())).isNotEmpty();
            }
        }
        assertThat(p.waitFor(JarRuns.WAIT_SECONDS, TimeUnit.SECONDS)).as("sysplug ends when its input ends").isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(err).doesNotContain("Exception");
    }

    private static void type(OutputStream prompt, String line) throws IOException {
        prompt.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        prompt.flush();
    }

    private static int awaitPort(Process p, Path dir) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(JarRuns.WAIT_SECONDS);
        while (System.nanoTime() < end) {
            Matcher m = SERVING.matcher(Files.readString(dir.resolve("err.txt")));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!p.isAlive()) {
                throw new AssertionError("sysplug ended before serving: " + Files.readString(dir.resolve("err.txt")));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("sysplug never said where it serves: " + Files.readString(dir.resolve("err.txt")));
    }

    /** Scrapes until {@code n} requests have been counted (events reach the metrics asynchronously). */
    private List<Sample> awaitRequests(String url, int n, Process p, Path dir) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(JarRuns.WAIT_SECONDS);
        List<Sample> s = List.of();
        while (System.nanoTime() < end && p.isAlive()) {
            s = PrometheusParser.text(get(url, Optional.empty(), Optional.empty()).body());
            double counted = s.stream().filter(x -> x.name().equals("sysplug_requests_total"))
                    .mapToDouble(Sample::number).sum();
            if (counted >= n) {
                return s;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("never " + n + " requests counted; last scrape " + s + "; output "
                + Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt")));
    }

    private HttpResponse<String> get(String url, Optional<String> accept, Optional<String> token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        accept.ifPresent(a -> r.header("Accept", a));
        token.ifPresent(t -> r.header("Authorization", "Bearer " + t));
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An address of this host that is not loopback, if it has one: a caller from there is not local. */
    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> device(String cls, String state, String zone, int node) {
        return Map.of("class", cls, "state", state, "zone", zone, "node", Integer.toString(node));
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        var m = new java.util.HashMap<>(labels);
        m.put(key, value);
        return m;
    }
}
