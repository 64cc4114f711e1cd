package org.sysplug.it.support;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.RequestQueue;
import org.sysplug.it.handlers.HandlerActivator;
import org.sysplug.it.handlers.HandlerSpec;
import org.sysplug.it.handlers.ScriptedHandler;

/**
 * Builds handler bundles with TinyBundles, the way a third party would ship a module: a bundle that imports the
 * framework API and registers {@code HotplugHandler} services. Remembers what it installed so that a test ends
 * with the platform it started with.
 */
public final class HandlerBundles implements AutoCloseable {

    private final BundleContext context;
    private final Supplier<RequestQueue> queue;
    private final List<Bundle> installed = new ArrayList<>();

    public HandlerBundles(BundleContext context, Supplier<RequestQueue> queue) {
        this.context = context;
        this.queue = queue;
    }

    /**
     * A jar built with TinyBundles inside the container. TinyBundles finds its factory through the context class
     * loader, which is the test JVM's: the copy of TinyBundles there (Pax Exam builds its probe with it) is not
     * the bundle's, so the look-up runs with the bundle's class loader.
     */
    public static InputStream jar(UnaryOperator<TinyBundle> content) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TinyBundles.class.getClassLoader());
        try {
            return content.apply(TinyBundles.bundle()
                    .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                    .setHeader(Constants.BUNDLE_VERSION, "1.0.0"))
                    .build(TinyBundles.rawBuilder());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The jar of a handler bundle. */
    public static InputStream build(String symbolicName, List<HandlerSpec> specs) {
        return jar(bundle -> bundle
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, symbolicName)
                .setHeader(Constants.IMPORT_PACKAGE,
                        "org.osgi.framework;version=\"[1.8,2)\",org.sysplug.framework;version=\"[1.0,2)\"")
                .setHeader(HandlerSpec.HEADER, HandlerSpec.header(specs))
                .activator(HandlerActivator.class)
                .addClass(ScriptedHandler.class)
                .addClass(HandlerSpec.class));
    }

    /** Installs a handler bundle without starting it. */
    public Bundle installOnly(String symbolicName, HandlerSpec... specs) throws BundleException {
        Bundle bundle = context.installBundle("tinybundle:" + symbolicName, build(symbolicName, Arrays.asList(specs)));
        installed.add(bundle);
        return bundle;
    }

    /** Installs and starts a handler bundle, and waits until the queue tracks every handler in it. */
    public Bundle install(String symbolicName, HandlerSpec... specs) throws BundleException, InterruptedException {
        Bundle bundle = installOnly(symbolicName, specs);
        start(bundle);
        return bundle;
    }

    /** Starts an installed handler bundle and waits until the queue tracks its handlers. */
    public void start(Bundle bundle) throws BundleException, InterruptedException {
        bundle.start();
        Set<String> expected = new TreeSet<>();
        HandlerSpec.parseHeader(bundle.getHeaders().get(HandlerSpec.HEADER)).forEach(s -> expected.add(s.name()));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!tracked(bundle).equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the queue tracks " + tracked(bundle) + " of " + bundle.getSymbolicName()
                        + " 5 s after it started, not " + expected);
            }
            Thread.sleep(10);
        }
    }

    /** The names of the handlers of {@code bundle} that the queue tracks. */
    public Set<String> tracked(Bundle bundle) {
        Set<String> names = new TreeSet<>();
        for (HandlerInfo h : queue.get().handlers()) {
            if (h.bundleId() == bundle.getBundleId()) {
                names.add(h.name());
            }
        }
        return names;
    }

    /** Uninstalls every bundle installed here that is still there. */
    @Override
    public void close() throws BundleException {
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
        installed.clear();
    }
}
