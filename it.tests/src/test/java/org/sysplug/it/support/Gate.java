package org.sysplug.it.support;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.sysplug.it.handlers.ScriptedHandler;

/**
 * Where a scripted handler waits (its spec says {@code waitingAt(name)}): the handler signals that it arrived and
 * holds the request's worker until the test opens the gate. A gate opens once.
 */
public final class Gate implements AutoCloseable {

    private final String name;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ServiceRegistration<?> enteredRegistration;
    private final ServiceRegistration<?> releaseRegistration;

    private Gate(BundleContext context, String name) {
        this.name = name;
        enteredRegistration = context.registerService(CountDownLatch.class.getName(), entered, new Hashtable<>(
                Map.of(ScriptedHandler.GATE, name, ScriptedHandler.LATCH, ScriptedHandler.ENTERED)));
        releaseRegistration = context.registerService(CountDownLatch.class.getName(), release, new Hashtable<>(
                Map.of(ScriptedHandler.GATE, name, ScriptedHandler.LATCH, ScriptedHandler.RELEASE)));
    }

    public static Gate register(BundleContext context, String name) {
        return new Gate(context, name);
    }

    /** Waits until a handler stands at the gate; fails the test if none comes within 10 s. */
    public void awaitArrival() throws InterruptedException {
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no handler reached gate " + name + " within 10 s");
        }
    }

    public void open() {
        release.countDown();
    }

    /** Opens the gate, so that no worker stays blocked, and withdraws it. */
    @Override
    public void close() {
        open();
        enteredRegistration.unregister();
        releaseRegistration.unregister();
    }
}
