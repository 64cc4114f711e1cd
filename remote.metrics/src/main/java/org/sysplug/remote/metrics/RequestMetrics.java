package org.sysplug.remote.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.TraceEntry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * What ended requests add up to: counts by operation, status and origin, failures by code, and
 * the time of every handler call and of every request. Fed by the queue's terminal events
 * (SUCCEEDED, FAILED, CANCELLED), each posted once per request, so each request counts once; the
 * numbers come from the request's outcome, looked up by id.
 */
@Component(service = { EventHandler.class, RequestMetrics.class }, property = {
        EventConstants.EVENT_TOPIC + "=" + RequestQueue.TOPIC_SUCCEEDED,
        EventConstants.EVENT_TOPIC + "=" + RequestQueue.TOPIC_FAILED,
        EventConstants.EVENT_TOPIC + "=" + RequestQueue.TOPIC_CANCELLED })
public final class RequestMetrics implements EventHandler {

    // a handler call takes from microseconds (a simulated port) to tens of seconds (memory
    // offline migrating pages): a decade per two buckets
    private static final double[] HANDLER_SECONDS = { 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5,
            10, 30, 60 };
    private static final double[] REQUEST_SECONDS = { 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300 };

    private final RequestQueue queue;
    private final OriginLabel origins = new OriginLabel();
    private final Counter requests;
    private final Counter failures;
    private final Histogram handlerDuration;
    private final Histogram requestDuration;

    @Activate
    public RequestMetrics(@Reference RequestQueue queue) {
        this.queue = queue;
        requests = Counter.builder().name("sysplug_requests_total")
                .help("Requests that ended, by operation, final status and origin (the origin's first word). "
                        + "Dry runs count too, with dry_run=\"true\": they change nothing.")
                .labelNames("operation", "status", "origin", "dry_run").withoutExemplars().build();
        failures = Counter.builder().name("sysplug_request_failures_total")
                .help("Requests that did not succeed, by the failure's code (an errno such as EBUSY, or "
                        + "CANCELLED, DEADLINE, QUEUE_FULL, ...) and operation. Dry runs are not counted: a refused dry run "
                        + "answers the question it asked.")
                .labelNames("code", "operation").withoutExemplars().build();
        handlerDuration = Histogram.builder().name("sysplug_handler_duration_seconds").unit(Unit.SECONDS)
                .help("Time of each handler call of an ended request (dry runs included), by handler, phase "
                        + "and action (apply or rollback).")
                .labelNames("handler", "phase", "action").classicOnly().classicUpperBounds(HANDLER_SECONDS)
                .withoutExemplars().build();
        requestDuration = Histogram.builder().name("sysplug_request_duration_seconds").unit(Unit.SECONDS)
                .help("Run time of each request that started (from start to end, queue wait excluded), by "
                        + "operation and status.")
                .labelNames("operation", "status").classicOnly().classicUpperBounds(REQUEST_SECONDS)
                .withoutExemplars().build();
    }

    /** The metrics this object keeps, for a registry. */
    List<Collector> collectors() {
        return List.of(requests, failures, handlerDuration, requestDuration);
    }

    @Override
    public void handleEvent(Event event) {
        if (!(event.getProperty(RequestQueue.EVENT_ID) instanceof Long id)) {
            return;
        }
        Optional<Outcome> outcome = queue.find(id).filter(o -> o.status().isTerminal());
        if (outcome.isPresent()) {
            count(outcome.get());
        } else {
            // forgotten already (a long burst past the history's size): count what the event says
            requests.labelValues(text(event, RequestQueue.EVENT_OPERATION), text(event, RequestQueue.EVENT_STATUS),
                    OriginLabel.UNKNOWN, "unknown").inc();
        }
    }

    /** Adds one ended request. */
    void count(Outcome outcome) {
        String operation = outcome.request().operation().name();
        String status = outcome.status().name();
        boolean dryRun = outcome.request().dryRun();
        requests.labelValues(operation, status, origins.of(outcome.request().origin()), Boolean.toString(dryRun))
                .inc();
        if (outcome.status().isFailure() && !dryRun) {
            String code = outcome.failure().map(f -> f.code()).filter(c -> !c.isBlank()).orElse(status);
            failures.labelValues(code, operation).inc();
        }
        for (TraceEntry call : outcome.trace()) {
            if (call.result() != TraceEntry.Result.SKIPPED) {
                handlerDuration.labelValues(call.handler(), call.phase().name(),
                        call.action().name().toLowerCase(Locale.ROOT)).observe(seconds(call.duration()));
            }
        }
        if (outcome.started().isPresent()) {
            requestDuration.labelValues(operation, status).observe(seconds(outcome.runTime()));
        }
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String text(Event event, String property) {
        Object value = event.getProperty(property);
        return value == null ? "unknown" : value.toString();
    }
}
