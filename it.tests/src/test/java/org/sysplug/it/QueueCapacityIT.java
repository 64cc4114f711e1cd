package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.sysplug.framework.Phase.ADD_EXECUTE;
import static org.sysplug.it.handlers.HandlerSpec.handler;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.it.support.Calls;
import org.sysplug.it.support.Gate;
import org.sysplug.it.support.PlatformTestSupport;

/** The queue is bounded (ConfigAdmin PID org.sysplug.framework.queue, {@code capacity}); a full queue rejects. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QueueCapacityIT extends PlatformTestSupport {

    private static final String PID = "org.sysplug.framework.queue";

    @Test
    public void aFullQueueRejectsWithQueueFull() throws Exception {
        RequestQueue small = configureCapacity(2);
        Gate hold = gate("hold");
        try {
            handlers.install("org.sysplug.it.capacity", handler("hold.execute", ADD_EXECUTE, 10).waitingAt("hold"));
            Submission running = small.submit(request("cpu1"));
            hold.awaitArrival();
            Submission second = small.submit(request("cpu2"));
            Submission third = small.submit(request("cpu3"));

            Submission rejected = small.submit(request("cpu4"));

            assertTrue("a rejected request's outcome is complete at once",
                    rejected.outcome().toCompletableFuture().isDone());
            Outcome outcome = await(rejected);
            assertEquals(Calls.describe(outcome), Status.REJECTED, outcome.status());
            assertEquals(HotplugException.QUEUE_FULL, outcome.failure().orElseThrow().code());
            assertEquals(List.of(), outcome.trace());
            assertEquals(Optional.empty(), outcome.started());
            assertEquals(List.of(second.id(), third.id()), small.status().queued());

            hold.open();
            for (Submission s : List.of(running, second, third)) {
                Outcome o = await(s);
                assertEquals(Calls.describe(o), Status.SUCCEEDED, o.status());
            }
            assertEquals(List.of(), machine.journal(rejected.id()));
            Outcome afterwards = await(small.submit(request("cpu4")));
            assertEquals("once there is room the queue takes requests again", Status.SUCCEEDED, afterwards.status());
        } finally {
            hold.open(); // before the queue stops: its worker must not be blocked
            queueConfiguration().delete();
        }
    }

    /**
     * Settings are meant to be changed while sysplug runs (metatype, ConfigAdmin): changing one must not cancel
     * the running request, drop the queued ones, or hand out a request id a second time.
     */
    @Test
    public void reconfiguringTheQueueDisturbsNoRequest() throws Exception {
        handlers.install("org.sysplug.it.reconfigure", handler("hold.execute", ADD_EXECUTE, 10).waitingAt("hold"));
        Gate hold = gate("hold");
        RequestQueue before = currentQueue();
        Submission running = before.submit(request("cpu1"));
        hold.awaitArrival();
        Submission queued = before.submit(request("cpu2"));
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("history", 100);
            queueConfiguration().update(properties);
            Thread.sleep(500); // let ConfigAdmin and SCR deliver the change
            hold.open();

            Outcome first = await(running);
            Outcome second = await(queued);
            long next = currentQueue().submit(request("cpu3")).id();

            assertEquals(Calls.describe(first) + "\n" + Calls.describe(second),
                    "running: SUCCEEDED, queued: SUCCEEDED, next id is new: true",
                    "running: " + first.status() + ", queued: " + second.status() + ", next id is new: "
                            + (next > queued.id()));
        } finally {
            hold.open();
            queueConfiguration().delete();
        }
    }

    private static HotplugRequest request(String target) {
        return HotplugRequest.of(Operation.HOT_ADD, target).build();
    }

    private Configuration queueConfiguration() throws Exception {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        // location null: the configuration binds to the bundle of the component that uses it (framework.core)
        return context.getService(ref).getConfiguration(PID, null);
    }

    /** Sets the capacity and waits for the queue service that SCR re-activates with it. */
    private RequestQueue configureCapacity(int capacity) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("capacity", capacity);
        queueConfiguration().update(properties);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            ServiceReference<RequestQueue> ref = context.getServiceReference(RequestQueue.class);
            RequestQueue q = ref == null ? null : context.getService(ref);
            if (q != null && q.status().capacity() == capacity) {
                return q;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no RequestQueue with capacity " + capacity + " 10 s after configuring " + PID);
    }
}
