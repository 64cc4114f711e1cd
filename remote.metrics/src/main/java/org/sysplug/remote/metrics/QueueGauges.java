package org.sysplug.remote.metrics;

import java.util.List;

import org.sysplug.framework.RequestQueue;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;

/** The queue's depth at scrape time. */
final class QueueGauges {

    private final RequestQueue queue;

    QueueGauges(RequestQueue queue) {
        this.queue = queue;
    }

    List<Collector> collectors() {
        return List.of(
                GaugeWithCallback.builder().name("sysplug_queue_waiting")
                        .help("Requests waiting in the queue behind the running one.")
                        .callback(cb -> cb.call(queue.status().queued().size())).build(),
                GaugeWithCallback.builder().name("sysplug_queue_running")
                        .help("1 while a request runs, else 0 (the queue runs one request at a time).")
                        .callback(cb -> cb.call(queue.status().running().isPresent() ? 1 : 0)).build(),
                GaugeWithCallback.builder().name("sysplug_queue_capacity")
                        .help("How many requests may wait; a request submitted to a full queue is rejected.")
                        .callback(cb -> cb.call(queue.status().capacity())).build(),
                GaugeWithCallback.builder().name("sysplug_handlers")
                        .help("Handlers the queue tracks now.")
                        .callback(cb -> cb.call(queue.status().handlers())).build());
    }
}
