package org.sysplug.remote.metrics;

import java.util.ArrayList;
import java.util.List;

import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Every sysplug metric in one registry of its own (never the client library's static default
 * one), and the two text formats it is written in.
 */
final class MetricsRegistry {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

    MetricsRegistry(RequestMetrics requests, RequestQueue queue, MachineView machine) {
        List<Collector> all = new ArrayList<>();
        all.addAll(new DeviceGauges(machine::topology).collectors());
        all.addAll(new QueueGauges(queue).collectors());
        all.addAll(requests.collectors());
        all.forEach(registry::register);
    }

    /** What the metrics are now. */
    MetricSnapshots scrape() {
        return registry.scrape();
    }

    /** OpenMetrics when {@code accept} names it, else the Prometheus text format 0.0.4. */
    ExpositionFormatWriter writerFor(String accept) {
        return accept != null && openMetrics.accepts(accept) ? openMetrics : text;
    }

    /** The metrics now in the text format of {@link #writerFor}. */
    String write(String accept) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            writerFor(accept).write(out, scrape());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
