package org.sysplug.it.handlers;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;

/**
 * A handler whose behaviour a test scripts ({@link HandlerSpec}). It keeps its own record of what it was asked to
 * do, independent of the framework's trace, and changes a shared machine so that a test sees real state:
 * <ul>
 * <li>every call first appends {@code "<request id> APPLY|ROLLBACK <name>"} to the journal;</li>
 * <li>an execute or commit apply sets the machine entry {@code <name>}; its rollback removes it, and fails if there
 * is nothing to remove (a rollback without an apply);</li>
 * <li>validate handlers change nothing, as the RFC demands;</li>
 * <li>every apply takes (claims) all the request's targets.</li>
 * </ul>
 *
 * <p>The machine, the journal and the gates are services the test registers under JDK types only
 * ({@link ConcurrentMap}, {@link List}, {@link CountDownLatch}), so that this bundle and the test probe share no
 * class but the framework API's.
 */
public final class ScriptedHandler implements HotplugHandler {

    /** The service property that tells the test's services apart. */
    public static final String ROLE = "sysplug.it.role";
    public static final String MACHINE = "machine";
    public static final String JOURNAL = "journal";
    /** The service property naming a gate latch, and the one saying which latch it is. */
    public static final String GATE = "sysplug.it.gate";
    public static final String LATCH = "sysplug.it.latch";
    public static final String ENTERED = "entered";
    public static final String RELEASE = "release";
    /** The code of a wait ended by an interrupt, as the kernel's. */
    public static final String EINTR = "EINTR";
    /** How long a handler waits at a closed gate before it gives up and fails. */
    public static final long GATE_TIMEOUT_SECONDS = 30;

    private final HandlerSpec spec;
    private final BundleContext bundle;

    public ScriptedHandler(HandlerSpec spec, BundleContext bundle) {
        this.spec = spec;
        this.bundle = bundle;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        // a scripted module acts on whatever the request names: it takes every target
        context.request().targets().forEach(context::claim);
        journal(context, "APPLY");
        if (!spec.gate().isEmpty()) {
            waitAtGate();
        }
        if (spec.fault().equals(HandlerSpec.FAIL_APPLY)) {
            throw new HotplugException(HotplugException.EBUSY, firstTarget(context),
                    spec.name() + " refuses the request (fault injected by the test)");
        }
        if (changesMachine()) {
            machine().put(spec.name(), "request " + context.id());
        }
    }

    @Override
    public void rollback(RequestContext context) throws HotplugException {
        journal(context, "ROLLBACK");
        if (spec.fault().equals(HandlerSpec.FAIL_ROLLBACK)) {
            throw new HotplugException(HotplugException.EIO, firstTarget(context),
                    spec.name() + " cannot undo its change (fault injected by the test)");
        }
        if (changesMachine() && machine().remove(spec.name()) == null) {
            throw new HotplugException(HotplugException.EINVAL, null,
                    spec.name() + " was rolled back but had not applied");
        }
    }

    private boolean changesMachine() {
        return spec.phase().step() != Phase.Step.VALIDATE;
    }

    private void journal(RequestContext context, String action) throws HotplugException {
        List<String> journal = service(List.class, "(" + ROLE + "=" + JOURNAL + ")");
        journal.add(context.id() + " " + action + " " + spec.name());
    }

    private ConcurrentMap<String, String> machine() throws HotplugException {
        return service(ConcurrentMap.class, "(" + ROLE + "=" + MACHINE + ")");
    }

    private void waitAtGate() throws HotplugException {
        CountDownLatch entered = service(CountDownLatch.class, "(&(" + GATE + "=" + spec.gate() + ")(" + LATCH + "=" + ENTERED + "))");
        CountDownLatch release = service(CountDownLatch.class, "(&(" + GATE + "=" + spec.gate() + ")(" + LATCH + "=" + RELEASE + "))");
        entered.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GATE_TIMEOUT_SECONDS);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (release.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                    throw new HotplugException(HotplugException.EAGAIN, null,
                            spec.name() + ": gate " + spec.gate() + " stayed closed for " + GATE_TIMEOUT_SECONDS + " s");
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (spec.obeysInterrupts()) {
                        throw new HotplugException(EINTR, null,
                                spec.name() + " was interrupted while it waited at gate " + spec.gate());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private <T> T service(Class type, String filter) throws HotplugException {
        try {
            Collection<ServiceReference<T>> refs = bundle.getServiceReferences(type, filter);
            for (ServiceReference<T> ref : refs) {
                T service = bundle.getService(ref);
                if (service != null) {
                    return service;
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
        throw new HotplugException(HotplugException.ENODEV, null,
                spec.name() + ": the test registered no service " + type.getName() + " " + filter);
    }

    private static String firstTarget(RequestContext context) {
        return context.request().targets().get(0).name();
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
