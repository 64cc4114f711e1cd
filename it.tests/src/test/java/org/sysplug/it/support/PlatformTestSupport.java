package org.sysplug.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;

/**
 * What every integration test has: the platform of {@code cnf/runtime.bundles} in a real Felix, the request queue,
 * a machine and a journal that scripted handlers change, handler bundles that are gone again after each test,
 * and gates that are open again after each test so that no worker stays blocked.
 */
public abstract class PlatformTestSupport {

    /** How long a test waits for an outcome. */
    protected static final Duration OUTCOME_WAIT = Duration.ofSeconds(10);

    @Inject
    protected BundleContext context;

    @Inject
    protected RequestQueue queue;

    protected MachineState machine;
    protected HandlerBundles handlers;
    private ServiceTracker<RequestQueue, RequestQueue> currentQueue;
    private final List<Gate> gates = new ArrayList<>();

    /** On failure, print what the platform logged at WARN and above (the log is quiet otherwise). */
    @Rule
    public final TestWatcher platformLogOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            System.err.println("--- platform log (WARN and above, oldest first) for " + description + ":");
            platformWarnings().forEach(line -> System.err.println("  " + line));
        }
    };

    @Configuration
    public Option[] configuration() {
        return SysplugOptions.platformWithHarness();
    }

    @Before
    public void registerMachine() {
        machine = MachineState.register(context);
        currentQueue = new ServiceTracker<>(context, RequestQueue.class, null);
        currentQueue.open();
        handlers = new HandlerBundles(context, this::currentQueue);
    }

    @After
    public void restorePlatform() throws Exception {
        gates.forEach(Gate::close);
        gates.clear();
        handlers.close();
        machine.close();
        currentQueue.close();
    }

    /** The queue service now: a test that reconfigures the queue gets a new one. */
    protected RequestQueue currentQueue() {
        RequestQueue q = currentQueue.getService();
        if (q == null) {
            throw new AssertionError("no RequestQueue service");
        }
        return q;
    }

    /** A gate that this test's handlers may wait at; opened and withdrawn after the test. */
    protected Gate gate(String name) {
        Gate gate = Gate.register(context, name);
        gates.add(gate);
        return gate;
    }

    /** Submits and waits for the outcome. */
    protected Outcome run(HotplugRequest request) throws InterruptedException, TimeoutException {
        return await(queue.submit(request));
    }

    protected static Outcome await(Submission submission) throws InterruptedException, TimeoutException {
        return submission.await(OUTCOME_WAIT);
    }

    private List<String> platformWarnings() {
        List<String> lines = new ArrayList<>();
        try {
            ServiceReference<LogReaderService> ref = context.getServiceReference(LogReaderService.class);
            if (ref == null) {
                lines.add("(no LogReaderService)");
                return lines;
            }
            Enumeration<LogEntry> entries = context.getService(ref).getLog();
            while (entries.hasMoreElements()) {
                LogEntry e = entries.nextElement();
                if (LogLevel.WARN.implies(e.getLogLevel())) {
                    lines.add(e.getLogLevel() + " " + e.getBundle().getSymbolicName() + ": " + e.getMessage()
                            + (e.getException() == null ? "" : " (" + e.getException() + ")"));
                }
            }
            context.ungetService(ref);
        } catch (RuntimeException | LinkageError e) {
            lines.add("(cannot read the platform log: " + e + ")");
        }
        Collections.reverse(lines);
        return lines;
    }
}
