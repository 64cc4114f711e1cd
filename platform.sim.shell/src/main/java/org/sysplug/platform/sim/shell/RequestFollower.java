package org.sysplug.platform.sim.shell;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;

/**
 * Follows the request queue's own events, so that a command that raises a hardware event can
 * tell which request the firmware module submitted for it and when that request ended, without
 * polling the queue's history. A command opens a {@link Watch} on the device path before it
 * raises the event; the first QUEUED event after that whose targets name the path is the request,
 * and its SUCCEEDED, FAILED or CANCELLED event its end.
 *
 * <p>Registered only while EventAdmin runs (the reference below): without it no request event
 * is ever posted, and the commands say so instead of waiting for one.
 */
@Component(service = { EventHandler.class, RequestFollower.class },
        property = EventConstants.EVENT_TOPIC + "=" + RequestQueue.TOPIC_PREFIX + "*")
public final class RequestFollower implements EventHandler {

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

    @Activate
    public RequestFollower(@Reference EventAdmin events) {
        // nothing to keep: the reference only makes this component exist while events can arrive
    }

    RequestFollower() {
    }

    /** Starts watching for the request on {@code target}; close it when done. */
    Watch watch(String target) {
        Watch w = new Watch(target);
        watches.add(w);
        return w;
    }

    @Override
    public void handleEvent(Event event) {
        for (Watch w : watches) {
            w.offer(event);
        }
    }

    /** One command's wait for the request on one target. */
    final class Watch implements AutoCloseable {
        private final String target;
        private final CompletableFuture<Long> queued = new CompletableFuture<>();
        private final CompletableFuture<String> ended = new CompletableFuture<>();
        /**
         * Requests that ended while this watch had not yet seen its own queued: events posted
         * by different threads (the submitter's QUEUED, the worker's end) may arrive in either
         * order. Guarded by this.
         */
        private final Map<Long, String> endedEarly = new HashMap<>();
        private long id = -1;

        private Watch(String target) {
            this.target = target;
        }

        /** Completes with the request's id once the queue announced it. */
        CompletableFuture<Long> queued() {
            return queued;
        }

        /** Completes with the request's final status (a {@link org.sysplug.framework.Status} name). */
        CompletableFuture<String> ended() {
            return ended;
        }

        private synchronized void offer(Event event) {
            if (!(event.getProperty(RequestQueue.EVENT_ID) instanceof Long eventId)) {
                return;
            }
            if (event.getTopic().equals(RequestQueue.TOPIC_QUEUED)) {
                if (id < 0 && names(event, target)) {
                    id = eventId;
                    queued.complete(id);
                    String status = endedEarly.get(id);
                    if (status != null) {
                        ended.complete(status);
                    }
                }
            } else if (isEnd(event.getTopic())) {
                String status = String.valueOf(event.getProperty(RequestQueue.EVENT_STATUS));
                if (id < 0 && Status.REJECTED.name().equals(status) && names(event, target)) {
                    // a full queue refuses at once: the request is never queued, only ends
                    id = eventId;
                    queued.complete(id);
                    ended.complete(status);
                } else if (eventId == id) {
                    ended.complete(status);
                } else if (id < 0) {
                    endedEarly.put(eventId, status);
                }
            }
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }

    private static boolean isEnd(String topic) {
        return topic.equals(RequestQueue.TOPIC_SUCCEEDED) || topic.equals(RequestQueue.TOPIC_FAILED)
                || topic.equals(RequestQueue.TOPIC_CANCELLED);
    }

    private static boolean names(Event event, String target) {
        if (event.getProperty(RequestQueue.EVENT_TARGETS) instanceof String[] targets) {
            for (String t : targets) {
                if (t.equalsIgnoreCase(target)) {
                    return true;
                }
            }
        }
        return false;
    }
}
