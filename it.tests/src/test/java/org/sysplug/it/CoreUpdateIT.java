package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.framework.namespace.PackageNamespace;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.SysplugOptions;
import org.sysplug.platform.MachineView;

/**
 * framework.core is replaceable while the platform runs: it exports nothing, every bundle takes the API
 * ({@code org.sysplug.framework}) from framework.api, so updating or restarting the core rewires no other
 * bundle and stops none. The modules, the platform bundles, the shell and this test's own probe keep the very
 * wiring they had, the simulated machine is not restarted, the modules' handler services are the same ones, and
 * the new queue runs requests against them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreUpdateIT extends PlatformTestSupport {

    private static final String CORE = "org.sysplug.framework.core";
    private static final String API = "org.sysplug.framework.api";
    private static final String API_PACKAGE = "org.sysplug.framework";
    /** The bundles that must not notice the core going away and coming back. */
    private static final Set<String> MODULES_AND_PLATFORM = Set.of("org.sysplug.firmware.acpi",
            "org.sysplug.resource.node", "org.sysplug.resource.memory", "org.sysplug.resource.cpu",
            "org.sysplug.platform.api", "org.sysplug.platform.sim", "org.sysplug.platform.linux",
            "org.sysplug.framework.shell", API);
    private static final long WAIT_MILLIS = 10_000;

    @Inject
    private MachineView view;

    /** The platform as it ships, modules included. */
    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return SysplugOptions.platformWithModulesAndHarness();
    }

    private Bundle core;
    private FrameworkWiring frameworkWiring;
    /** Every bundle but the core, as it was wired before the test touched the core. */
    private final Map<Bundle, BundleWiring> wiringBefore = new LinkedHashMap<>();
    private final Map<Bundle, Integer> stateBefore = new LinkedHashMap<>();
    /** What happened to any bundle but the core while the test ran (synchronous listener: nothing is missed). */
    private final List<String> otherBundleEvents = Collections.synchronizedList(new ArrayList<>());
    private final SynchronousBundleListener listener = event -> {
        if (event.getBundle() != core) {
            otherBundleEvents.add(event.getBundle().getSymbolicName() + " " + eventName(event.getType()));
        }
    };

    @Before
    public void recordTheOtherBundles() {
        core = bundle(CORE);
        frameworkWiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        for (Bundle b : context.getBundles()) {
            if (b != core) {
                wiringBefore.put(b, b.adapt(BundleWiring.class));
                stateBefore.put(b, b.getState());
            }
        }
        Set<String> names = new TreeSet<>();
        wiringBefore.keySet().forEach(b -> names.add(b.getSymbolicName()));
        assertTrue("the platform runs with its modules: " + names, names.containsAll(MODULES_AND_PLATFORM));
        context.addBundleListener(listener);
    }

    @After
    public void coreActiveAgain() throws Exception {
        context.removeBundleListener(listener);
        if (core.getState() != Bundle.ACTIVE) {
            core.start();
        }
    }

    @Test
    public void updatingTheCoreRefreshesNoOtherBundleAndTheQueueServesTheSameHandlersAgain() throws Exception {
        assertEquals("nothing depends on the core: refreshing it refreshes it alone", Set.of(core),
                new HashSet<>(frameworkWiring.getDependencyClosure(List.of(core))));
        BundleWiring coreWiringBefore = core.adapt(BundleWiring.class);
        ServiceReference<RequestQueue> queueBefore = queueReference();
        Set<Long> handlerServicesBefore = handlerServices(context.getService(queueBefore));
        long viewService = serviceId(context.getServiceReference(MachineView.class));

        core.update();
        refresh(core);

        assertEquals(Bundle.ACTIVE, core.getState());
        assertNotSame("the core runs its new revision", coreWiringBefore, core.adapt(BundleWiring.class));
        assertEquals("no old revision is left pending", List.of(), new ArrayList<>(frameworkWiring.getRemovalPendingBundles()));
        assertTheOtherBundlesWereNotTouched();
        assertEquals("the simulated machine was not restarted", viewService,
                serviceId(context.getServiceReference(MachineView.class)));

        RequestQueue queue = awaitNewQueue(queueBefore);
        assertTrue("the new queue tracks the modules' handlers: " + queue.handlers(),
                eventually(() -> handlerServices(queue).equals(handlerServicesBefore)));
        assertTheQueueRunsRequests(queue);
    }

    @Test
    public void stoppingTheCoreLeavesTheOtherBundlesAloneAndStartingItBringsTheQueueBack() throws Exception {
        ServiceReference<RequestQueue> queueBefore = queueReference();
        Set<Long> handlerServicesBefore = handlerServices(context.getService(queueBefore));

        core.stop();

        assertNull("no queue while the core is stopped", context.getServiceReference(RequestQueue.class));
        assertTheOtherBundlesWereNotTouched();

        core.start();

        RequestQueue queue = awaitNewQueue(queueBefore);
        assertTrue("the new queue tracks the modules' handlers: " + queue.handlers(),
                eventually(() -> handlerServices(queue).equals(handlerServicesBefore)));
        assertTheOtherBundlesWereNotTouched();
        assertTheQueueRunsRequests(queue);
    }

    // --- helpers -----------------------------------------------------------------------------

    /**
     * Every bundle but the core kept the same wiring object, still current, and its state; none of them saw a
     * bundle event (stopped, unresolved, resolved again); each sysplug bundle and this probe import the API from
     * framework.api.
     */
    private void assertTheOtherBundlesWereNotTouched() {
        assertEquals("bundle events of bundles other than the core", List.of(), new ArrayList<>(otherBundleEvents));
        List<String> changed = new ArrayList<>();
        for (Map.Entry<Bundle, BundleWiring> e : wiringBefore.entrySet()) {
            Bundle b = e.getKey();
            BundleWiring now = b.adapt(BundleWiring.class);
            if (now != e.getValue() || (now != null && !now.isCurrent()) || b.getState() != stateBefore.get(b)) {
                changed.add(b.getSymbolicName() + " (state " + stateBefore.get(b) + " -> " + b.getState() + ")");
            }
        }
        assertEquals("bundles rewired or restarted", List.of(), changed);

        List<String> apiFrom = new ArrayList<>();
        for (Bundle b : wiringBefore.keySet()) {
            String name = b.getSymbolicName();
            if (name != null && (MODULES_AND_PLATFORM.contains(name) || b == context.getBundle()) && !API.equals(name)) {
                apiFrom.add(name + " <- " + providerOf(b, API_PACKAGE));
            }
        }
        assertFalse(apiFrom.isEmpty());
        assertTrue("the API comes from framework.api: " + apiFrom,
                apiFrom.stream().allMatch(s -> s.endsWith(" <- " + API) || s.endsWith(" <- none")));
        assertTrue("the modules import the API: " + apiFrom, apiFrom.contains("org.sysplug.resource.cpu <- " + API));
    }

    /** Offline and online again through the new queue, the modules' handlers doing the work. */
    private void assertTheQueueRunsRequests(RequestQueue queue) throws Exception {
        Outcome offline = await(queue.submit(HotplugRequest.of(Operation.OFFLINE, "cpu5").build()));
        assertEquals(offline.toString(), Status.SUCCEEDED, offline.status());
        assertTrue(offline.trace().toString(), appliedBy(offline).contains("org.sysplug.resource.cpu"));
        assertFalse(view.topology().cpu(5).orElseThrow().online());

        Outcome online = await(queue.submit(HotplugRequest.of(Operation.ONLINE, "cpu5").build()));
        assertEquals(online.toString(), Status.SUCCEEDED, online.status());
        assertTrue(view.topology().cpu(5).orElseThrow().online());
    }

    private static Set<String> appliedBy(Outcome o) {
        Set<String> bundles = new TreeSet<>();
        o.trace().stream().filter(t -> t.action() == TraceEntry.Action.APPLY).forEach(t -> bundles.add(t.bundle()));
        return bundles;
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        frameworkWiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("the refresh finished", refreshed.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    }

    private ServiceReference<RequestQueue> queueReference() {
        ServiceReference<RequestQueue> ref = context.getServiceReference(RequestQueue.class);
        assertNotNull("the core offers the queue", ref);
        return ref;
    }

    /** The queue the restarted core registers: another service than {@code before}. */
    private RequestQueue awaitNewQueue(ServiceReference<RequestQueue> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            ServiceReference<RequestQueue> ref = context.getServiceReference(RequestQueue.class);
            if (ref != null && serviceId(ref) != serviceId(before)) {
                assertEquals(core, ref.getBundle());
                RequestQueue queue = context.getService(ref);
                assertNotNull(queue);
                assertNotEquals(serviceId(before), serviceId(ref));
                return queue;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("no new RequestQueue service after the core came back");
    }

    private static Set<Long> handlerServices(RequestQueue queue) {
        Set<Long> ids = new TreeSet<>();
        for (HandlerInfo h : queue.handlers()) {
            if (h.bundle().startsWith("org.sysplug.")) {
                ids.add(h.serviceId());
            }
        }
        return ids;
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** The symbolic name of the bundle that {@code b} imports {@code packageName} from, or "none". */
    private static String providerOf(Bundle b, String packageName) {
        BundleWiring wiring = b.adapt(BundleWiring.class);
        if (wiring == null) {
            return "none";
        }
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (packageName.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                return wire.getProvider().getBundle().getSymbolicName();
            }
        }
        return "none";
    }

    private static long serviceId(ServiceReference<?> ref) {
        assertNotNull(ref);
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static String eventName(int type) {
        switch (type) {
            case BundleEvent.INSTALLED: return "INSTALLED";
            case BundleEvent.RESOLVED: return "RESOLVED";
            case BundleEvent.STARTING: return "STARTING";
            case BundleEvent.STARTED: return "STARTED";
            case BundleEvent.STOPPING: return "STOPPING";
            case BundleEvent.STOPPED: return "STOPPED";
            case BundleEvent.UNRESOLVED: return "UNRESOLVED";
            case BundleEvent.UPDATED: return "UPDATED";
            case BundleEvent.UNINSTALLED: return "UNINSTALLED";
            case BundleEvent.LAZY_ACTIVATION: return "LAZY_ACTIVATION";
            default: return "event " + type;
        }
    }
}
