package org.sysplug.remote.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Every sysplug metric in one registry of its own (never the client library's static default
 * one), and the two text formats it is written in.
 */
final class MetricsRegistry {

    /** One scrape, written out: its content type and bytes. */
    record Exposition(String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

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

    /** OpenMetrics when {@code accept} names it, else the Prometheus text format 0.0.4. */
    ExpositionFormatWriter writerFor(String accept) {
        return accept != null && openMetrics.accepts(accept) ? openMetrics : text;
    }

    /** The metrics now, in the format {@link #writerFor} chooses for {@code accept}. */
    Exposition expose(String accept) {
        ExpositionFormatWriter writer = writerFor(accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Exposition(writer.getContentType(), out.toByteArray());
    }

    /** The metrics now as text, in the format chosen for {@code accept}. */
    String write(String accept) {
        return expose(accept).text();
    }
}
