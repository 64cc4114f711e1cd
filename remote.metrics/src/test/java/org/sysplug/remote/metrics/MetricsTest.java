package org.sysplug.remote.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sysplug.remote.metrics.PrometheusParser.value;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.LocalQueue;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.remote.metrics.PrometheusParser.Sample;
import org.sysplug.resource.cpu.CpuAdd;
import org.sysplug.resource.cpu.CpuRemove;
import org.sysplug.resource.cpu.CpuValidate;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

/**
 * The default simulated machine, resource.cpu's handlers in the real queue, requests that succeed,
 * fail on a rule, fail on an injected errno and run dry: the exposition, read back by
 * Prometheus's parser, counts each of them once and shows the machine as it is.
 */
class MetricsTest {

    private static final String OPENMETRICS_ACCEPT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private TestMachine machine;
    private LocalQueue queue;
    private RequestMetrics requests;
    private MetricsRegistry metrics;

    @BeforeEach
    void platform() {
        machine = TestMachine.boot("default");
        queue = LocalQueue.of(
                LocalRunner.handler(new CpuValidate(machine.view()), Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_CPU),
                LocalRunner.handler(new CpuRemove(machine.cpus(), machine.view()), Phase.DELETE_EXECUTE,
                        Order.DELETE_EXECUTE_CPU),
                LocalRunner.handler(new CpuAdd(machine.cpus(), machine.view()), Phase.ADD_EXECUTE, Order.ADD_EXECUTE_CPU));
        requests = new RequestMetrics(queue);
        metrics = new MetricsRegistry(requests, queue, machine.view());
    }

    @AfterEach
    void stop() throws InterruptedException {
        queue.close();
    }

    /** Submits, waits, and delivers the queue's terminal event as EventAdmin would. */
    private Outcome run(HotplugRequest request) throws Exception {
        Outcome o = queue.submit(request).await(Duration.ofSeconds(30));
        String topic = switch (o.status()) {
            case SUCCEEDED -> RequestQueue.TOPIC_SUCCEEDED;
            case CANCELLED -> RequestQueue.TOPIC_CANCELLED;
            default -> RequestQueue.TOPIC_FAILED;
        };
        requests.handleEvent(new Event(topic, Map.of(RequestQueue.EVENT_ID, o.id(), RequestQueue.EVENT_OPERATION,
                o.request().operation().name(), RequestQueue.EVENT_STATUS, o.status().name())));
        return o;
    }

    private static HotplugRequest.Builder offline(String... cpus) {
        return HotplugRequest.of(Operation.OFFLINE, cpus).origin("shell");
    }

    @Test
    void requestsAreCountedOnceByOperationStatusOriginAndFailureCode() throws Exception {
        assumeTrue(PrometheusParser.unavailable().isEmpty(), () -> PrometheusParser.unavailable().get());
        assertThat(run(offline("cpu2", "cpu3").build()).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(run(offline("cpu0").build()).failure().orElseThrow().code()).isEqualTo("EPERM");
        machine.fail("cpu.offline", "cpu5", "EBUSY", 1);
        Outcome busy = run(offline("cpu4", "cpu5").origin("http 192.0.2.7").build());
        assertThat(busy.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(busy.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(run(offline("cpu6").dryRun(true).build()).status()).isEqualTo(Status.SUCCEEDED);
        // "could cpu0 go offline?" is answered no, which is no failure of the machine's
        assertThat(run(offline("cpu0").dryRun(true).build()).failure().orElseThrow().code()).isEqualTo("EPERM");
        machine.fail("cpu.online", "cpu3", "EIO", 1);
        assertThat(run(HotplugRequest.of(Operation.ONLINE, "cpu3").origin("firmware").build()).status())
                .isEqualTo(Status.FAILED_ROLLED_BACK);

        List<Sample> s = PrometheusParser.text(metrics.write(null));

        String requestsTotal = "sysplug_requests_total";
        assertThat(value(s, requestsTotal, Map.of("operation", "OFFLINE", "status", "SUCCEEDED", "origin", "shell",
                "dry_run", "false"))).isEqualTo(1);
        assertThat(value(s, requestsTotal, Map.of("operation", "OFFLINE", "status", "FAILED_ROLLED_BACK", "origin",
                "shell", "dry_run", "false"))).isEqualTo(1);
        // a caller's address is not a label: the origin's first word is
        assertThat(value(s, requestsTotal, Map.of("operation", "OFFLINE", "status", "FAILED_ROLLED_BACK", "origin",
                "http", "dry_run", "false"))).isEqualTo(1);
        assertThat(value(s, requestsTotal, Map.of("operation", "OFFLINE", "status", "SUCCEEDED", "origin", "shell",
                "dry_run", "true"))).isEqualTo(1);
        assertThat(value(s, requestsTotal, Map.of("operation", "ONLINE", "status", "FAILED_ROLLED_BACK", "origin",
                "firmware", "dry_run", "false"))).isEqualTo(1);
        assertThat(value(s, requestsTotal, Map.of("operation", "OFFLINE", "status", "FAILED_ROLLED_BACK", "origin",
                "shell", "dry_run", "true"))).isEqualTo(1);
        assertThat(s.stream().filter(x -> x.name().equals(requestsTotal)).mapToDouble(Sample::number).sum())
                .isEqualTo(6);

        String failures = "sysplug_request_failures_total";
        assertThat(value(s, failures, Map.of("code", "EPERM", "operation", "OFFLINE"))).isEqualTo(1);
        assertThat(value(s, failures, Map.of("code", "EBUSY", "operation", "OFFLINE"))).isEqualTo(1);
        assertThat(value(s, failures, Map.of("code", "EIO", "operation", "ONLINE"))).isEqualTo(1);
        assertThat(s.stream().filter(x -> x.name().equals(failures)).count()).isEqualTo(3);

        // CpuRemove ran in the two offline requests that passed validation (the dry run stops before
        // it; in the EBUSY one it failed and undid its own work), and CpuValidate was rolled back there
        Map<String, String> removeApply = Map.of("handler", "CpuRemove", "phase", "DELETE_EXECUTE", "action", "apply");
        assertThat(value(s, "sysplug_handler_duration_seconds_count", removeApply)).isEqualTo(2);
        assertThat(value(s, "sysplug_handler_duration_seconds_count",
                Map.of("handler", "CpuValidate", "phase", "DELETE_VALIDATE", "action", "rollback"))).isEqualTo(1);
        assertThat(value(s, "sysplug_handler_duration_seconds_count",
                Map.of("handler", "CpuValidate", "phase", "DELETE_VALIDATE", "action", "apply"))).isEqualTo(5);
        assertThat(value(s, "sysplug_handler_duration_seconds_bucket", with(removeApply, "le", "+Inf")))
                .isEqualTo(2);
        assertThat(value(s, "sysplug_handler_duration_seconds_sum", removeApply)).isPositive();
        assertThat(value(s, "sysplug_request_duration_seconds_count",
                Map.of("operation", "OFFLINE", "status", "SUCCEEDED"))).isEqualTo(2);
    }

    @Test
    void devicesAreCountedByClassStateZoneAndNodeFromTheMachineAsItIsNow() throws Exception {
        assumeTrue(PrometheusParser.unavailable().isEmpty(), () -> PrometheusParser.unavailable().get());
        List<Sample> before = PrometheusParser.text(metrics.write(null));
        assertThat(value(before, "sysplug_devices", device("cpu", "online", "none", 0))).isEqualTo(8);
        assertThat(value(before, "sysplug_devices", device("node", "online", "none", 0))).isEqualTo(1);
        assertThat(value(before, "sysplug_devices", device("node", "offline", "none", 1))).isEqualTo(1);
        double onlineNode0 = before.stream().filter(x -> x.name().equals("sysplug_devices")
                && x.labels().get("class").equals("memory") && x.labels().get("state").equals("online")
                && x.labels().get("node").equals("0")).mapToDouble(Sample::number).sum();
        assertThat(onlineNode0).isEqualTo(8 + 16 + 40);
        assertThat(before).noneMatch(x -> x.labels().containsKey("device") || x.labels().containsValue("cpu2"));

        run(offline("cpu2", "cpu3").build());
        machine.memory().offline(40);
        machine.memory().offline(71);
        machine.memory().online(71, OnlineType.ONLINE_MOVABLE);
        List<Sample> after = PrometheusParser.text(metrics.write(null));

        assertThat(value(after, "sysplug_devices", device("cpu", "online", "none", 0))).isEqualTo(6);
        assertThat(value(after, "sysplug_devices", device("cpu", "offline", "none", 0))).isEqualTo(2);
        assertThat(value(after, "sysplug_devices", device("memory", "offline", "none", 0))).isEqualTo(1);
        // the boot memory is all in the Normal zone; block 71 went back as movable
        assertThat(value(before, "sysplug_devices", device("memory", "online", "normal", 0))).isEqualTo(64);
        assertThat(value(after, "sysplug_devices", device("memory", "online", "normal", 0))).isEqualTo(62);
        assertThat(value(after, "sysplug_devices", device("memory", "online", "movable", 0))).isEqualTo(1);
        long blockSize = machine.topology().blockSize();
        assertThat(blockSize).isEqualTo(128L << 20);
        assertThat(value(after, "sysplug_memory_block_size_bytes", Map.of())).isEqualTo(blockSize);
        assertThat(value(after, "sysplug_memory_bytes", Map.of("state", "offline", "zone", "none", "node", "0")))
                .isEqualTo(blockSize);
    }

    @Test
    void queueDepthIsReadAtScrapeTime() throws Exception {
        assumeTrue(PrometheusParser.unavailable().isEmpty(), () -> PrometheusParser.unavailable().get());
        List<Sample> idle = PrometheusParser.text(metrics.write(null));
        assertThat(value(idle, "sysplug_queue_waiting", Map.of())).isZero();
        assertThat(value(idle, "sysplug_queue_running", Map.of())).isZero();
        assertThat(value(idle, "sysplug_queue_capacity", Map.of())).isEqualTo(16);
        assertThat(value(idle, "sysplug_handlers", Map.of())).isEqualTo(3);

        // a slow offline holds the worker; two more wait behind it
        machine.delay("cpu.offline", "cpu2", Duration.ofSeconds(2), 1);
        var slow = queue.submit(offline("cpu2").build());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queue.status().running().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        var second = queue.submit(offline("cpu4").build());
        var third = queue.submit(offline("cpu5").build());
        List<Sample> busy = PrometheusParser.text(metrics.write(null));
        assertThat(value(busy, "sysplug_queue_running", Map.of())).isEqualTo(1);
        assertThat(value(busy, "sysplug_queue_waiting", Map.of())).isEqualTo(2);
        for (var sub : List.of(slow, second, third)) {
            assertThat(sub.await(Duration.ofSeconds(30)).status()).isEqualTo(Status.SUCCEEDED);
        }
    }

    @Test
    void bothTextFormatsParseAndCarryTheirContentTypes() throws Exception {
        assumeTrue(PrometheusParser.unavailable().isEmpty(), () -> PrometheusParser.unavailable().get());
        run(offline("cpu2").build());
        machine.fail("cpu.offline", "cpu5", "EBUSY", 1);
        run(offline("cpu5").build());

        assertThat(metrics.writerFor(null).getContentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.writerFor("text/plain")).isInstanceOf(PrometheusTextFormatWriter.class);
        assertThat(metrics.writerFor(OPENMETRICS_ACCEPT)).isInstanceOf(OpenMetricsTextFormatWriter.class);

        List<Sample> text = PrometheusParser.text(metrics.write(null));
        List<Sample> open = PrometheusParser.openMetrics(metrics.write(OPENMETRICS_ACCEPT));
        // the same series in both, by name and labels
        assertThat(open.stream().map(x -> x.name() + x.labels()).sorted().toList())
                .isEqualTo(text.stream().map(x -> x.name() + x.labels()).sorted().toList());
        assertThat(open).filteredOn(x -> x.family().equals("sysplug_handler_duration_seconds"))
                .allMatch(x -> x.unit().equals("seconds") && x.type().equals("histogram"));
        assertThat(text).filteredOn(x -> x.name().equals("sysplug_requests_total"))
                .allMatch(x -> x.type().equals("counter") && x.help().contains("Dry runs count too"));
    }

    @Test
    void aMachineThatCannotBeReadFailsTheWholeScrapeNotHalfOfIt() {
        MachineView unreadable = new MachineView() {
            @Override
            public Topology topology() {
                throw new java.io.UncheckedIOException(new java.io.IOException("sys/devices/system/memory: gone"));
            }

            @Override
            public String describe() {
                return "a tree that went away";
            }
        };
        MetricsRegistry broken = new MetricsRegistry(requests, queue, unreadable);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> broken.expose(null))
                .hasMessageContaining("sys/devices/system/memory: gone");
        assertThat(metrics.expose(null).contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
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
