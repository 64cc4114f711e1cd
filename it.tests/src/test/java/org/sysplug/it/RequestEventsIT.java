package org.sysplug.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.sysplug.framework.Phase.ADD_EXECUTE;
import static org.sysplug.framework.Phase.DELETE_EXECUTE;
import static org.sysplug.it.handlers.HandlerSpec.handler;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.it.support.Gate;
import org.sysplug.it.support.PlatformTestSupport;

/** The queue posts each request's life to EventAdmin: QUEUED, STARTED, then SUCCEEDED, FAILED or CANCELLED. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RequestEventsIT extends PlatformTestSupport {

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> listener;

    @Before
    public void listen() {
        listener = context.registerService(EventHandler.class, events::add,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, RequestQueue.TOPIC_PREFIX + "*")));
    }

    @After
    public void stopListening() {
        listener.unregister();
    }

    @Test
    public void aSucceedingRequestIsQueuedStartedAndSucceeded() throws Exception {
        handlers.install("org.sysplug.it.events.ok", handler("cpu.execute", ADD_EXECUTE, 110));

        Outcome outcome = run(HotplugRequest.of(Operation.HOT_ADD, "cpu4", "cpu5").build());

        List<Event> mine = awaitEvents(outcome.id(), RequestQueue.TOPIC_SUCCEEDED);
        assertEquals(List.of(RequestQueue.TOPIC_QUEUED, RequestQueue.TOPIC_STARTED, RequestQueue.TOPIC_SUCCEEDED),
                sortedTopics(mine));
        Event ended = last(mine);
        assertEquals(Operation.HOT_ADD.name(), ended.getProperty(RequestQueue.EVENT_OPERATION));
        assertArrayEquals(new String[] { "cpu4", "cpu5" }, (String[]) ended.getProperty(RequestQueue.EVENT_TARGETS));
        assertEquals(Status.SUCCEEDED.name(), ended.getProperty(RequestQueue.EVENT_STATUS));
        assertTrue("STARTED comes before the ending (both come from the worker)",
                topics(mine).indexOf(RequestQueue.TOPIC_STARTED) < topics(mine).indexOf(RequestQueue.TOPIC_SUCCEEDED));
    }

    @Test
    public void aFailingRequestEndsWithFailedAndItsReason() throws Exception {
        handlers.install("org.sysplug.it.events.failing", handler("cpu.offline", DELETE_EXECUTE, 10).failingApply());

        Outcome outcome = run(HotplugRequest.of(Operation.HOT_REMOVE, "cpu4").build());

        List<Event> mine = awaitEvents(outcome.id(), RequestQueue.TOPIC_FAILED);
        assertEquals(List.of(RequestQueue.TOPIC_QUEUED, RequestQueue.TOPIC_STARTED, RequestQueue.TOPIC_FAILED),
                sortedTopics(mine));
        Event ended = last(mine);
        assertEquals(Status.FAILED_ROLLED_BACK.name(), ended.getProperty(RequestQueue.EVENT_STATUS));
        assertEquals(outcome.failure().orElseThrow().describe(), ended.getProperty(RequestQueue.EVENT_MESSAGE));
    }

    @Test
    public void aCancelledQueuedRequestIsQueuedThenCancelledAndNeverStarted() throws Exception {
        handlers.install("org.sysplug.it.events.hold", handler("hold.execute", ADD_EXECUTE, 10).waitingAt("hold"));
        Gate hold = gate("hold");
        Submission running = queue.submit(HotplugRequest.of(Operation.HOT_ADD, "cpu4").build());
        hold.awaitArrival();
        Submission queued = queue.submit(HotplugRequest.of(Operation.HOT_ADD, "cpu5").build());

        assertTrue(queue.cancel(queued.id()));
        await(queued);
        hold.open();
        await(running);

        List<Event> mine = awaitEvents(queued.id(), RequestQueue.TOPIC_CANCELLED);
        assertEquals(List.of(RequestQueue.TOPIC_QUEUED, RequestQueue.TOPIC_CANCELLED), sortedTopics(mine));
        assertEquals(Status.CANCELLED.name(), last(mine).getProperty(RequestQueue.EVENT_STATUS));
    }

    /** The events of request {@code id} once its ending {@code topic} has arrived (delivery is asynchronous). */
    private List<Event> awaitEvents(long id, String endTopic) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!topics(eventsOf(id)).contains(endTopic)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + endTopic + " event for request " + id + " within 5 s; got "
                        + topics(eventsOf(id)));
            }
            Thread.sleep(10);
        }
        Thread.sleep(100); // QUEUED comes from another thread than the ending: let a late one arrive
        return eventsOf(id);
    }

    private List<Event> eventsOf(long id) {
        List<Event> mine = new ArrayList<>();
        for (Event e : events) {
            if (Long.valueOf(id).equals(e.getProperty(RequestQueue.EVENT_ID))) {
                mine.add(e);
            }
        }
        return mine;
    }

    private static List<String> topics(List<Event> events) {
        List<String> topics = new ArrayList<>();
        events.forEach(e -> topics.add(e.getTopic()));
        return topics;
    }

    /**
     * The topics in life order. EventAdmin keeps the order of events posted by one thread only, and QUEUED is
     * posted by the submitting thread, the rest by the worker; so the set is checked, not the arrival order.
     */
    private static List<String> sortedTopics(List<Event> events) {
        List<String> order = List.of(RequestQueue.TOPIC_QUEUED, RequestQueue.TOPIC_STARTED,
                RequestQueue.TOPIC_SUCCEEDED, RequestQueue.TOPIC_FAILED, RequestQueue.TOPIC_CANCELLED);
        List<String> topics = topics(events);
        topics.sort((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
        return topics;
    }

    private static Event last(List<Event> events) {
        Event ending = null;
        for (Event e : events) {
            if (!e.getTopic().equals(RequestQueue.TOPIC_QUEUED) && !e.getTopic().equals(RequestQueue.TOPIC_STARTED)) {
                ending = e;
            }
        }
        if (ending == null) {
            throw new AssertionError("no ending event among " + topics(events));
        }
        return ending;
    }
}
