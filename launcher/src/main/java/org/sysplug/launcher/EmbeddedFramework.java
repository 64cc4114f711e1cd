package org.sysplug.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.felix.framework.Felix;
import org.apache.felix.framework.util.FelixConstants;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.url.URLConstants;
import org.osgi.service.url.URLStreamHandlerService;

/**
 * One Felix instance in this JVM with the bundles of the run descriptor, on a bundle cache in a
 * fresh temporary directory that is deleted when the framework is closed (or the JVM exits).
 *
 * <p>No resolver runs here: the descriptor is the resolution. Each bundle is installed from the
 * jar embedded in the launcher, given its start level and marked for start; the framework then
 * steps up to the highest level, so the levels order the start (Gogo's shell after the
 * commands it offers: otherwise a one-shot command can find Gogo before SCR registered it).
 */
final class EmbeddedFramework implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final Framework framework;
    private final Path workDir;
    private final PrintStream err;
    private boolean closed;
    private final Thread shutdownHook = new Thread(this::close, "sysplug shutdown");

    private EmbeddedFramework(Framework framework, Path workDir, PrintStream err) {
        this.framework = framework;
        this.workDir = workDir;
        this.err = err;
    }

    /**
     * Starts a framework with these bundles and waits until the highest start level is reached.
     *
     * @param workDir the run's fresh temporary directory, owned (and deleted) from now on
     * @param config the framework configuration, see {@link FrameworkConfig}
     */
    static EmbeddedFramework start(List<RunDescriptor.Entry> bundles, Path workDir, Map<String, String> config,
                                   PrintStream err, StartTimeline timeline) throws BundleException, IOException {
        Map<String, Object> felixConfig = new HashMap<>(config);
        felixConfig.put(FelixConstants.LOG_LOGGER_PROP, new QuietLogger(err));
        Felix felix;
        try {
            felix = new Felix(felixConfig);
        } catch (RuntimeException e) {
            deleteTree(workDir);
            throw e;
        }
        EmbeddedFramework running = new EmbeddedFramework(felix, workDir, err);
        // Registered first, so that even a failed start leaves no cache behind.
        Runtime.getRuntime().addShutdownHook(running.shutdownHook);
        try {
            running.launch(bundles, timeline);
        } catch (BundleException | IOException | RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    private void launch(List<RunDescriptor.Entry> bundles, StartTimeline timeline) throws BundleException, IOException {
        // No context class loader for the bundles: the threads Felix creates (and theirs) inherit
        // this one's. Left at the launcher's class loader, it makes JLine look there for its
        // terminal providers, find none, and fall back to a dumb terminal even on a real tty;
        // with none, JLine uses its own bundle's loader.
        Thread.currentThread().setContextClassLoader(null);
        framework.init();
        timeline.step("felix init");
        BundleContext context = framework.getBundleContext();
        EmbeddedBundles embedded = new EmbeddedBundles();
        Hashtable<String, Object> protocol = new Hashtable<>();
        protocol.put(URLConstants.URL_HANDLER_PROTOCOL, new String[] { EmbeddedBundles.PROTOCOL });
        context.registerService(URLStreamHandlerService.class, embedded, protocol);
        for (RunDescriptor.Entry entry : bundles) {
            install(context, embedded, entry);
        }
        timeline.step("install " + bundles.size());
        framework.start();
        // Felix would resolve them one by one as the levels start them; all at once is one resolver run,
        // and the timeline can tell resolving from starting.
        framework.adapt(FrameworkWiring.class).resolveBundles(null);
        timeline.step("resolve");

        CountDownLatch reached = new CountDownLatch(1);
        int level = RunDescriptor.highestStartLevel(bundles);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> reached.countDown());
        try {
            if (!reached.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new BundleException("start level " + level + " not reached in " + START_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("interrupted while starting");
        }
        timeline.step("start levels 1-" + level);
        // Felix has logged why (QuietLogger); this names every bundle left behind in one place.
        for (Bundle bundle : context.getBundles()) {
            if (!isFragment(bundle) && bundle.getState() != Bundle.ACTIVE) {
                err.println("sysplug: warning: " + bundle.getSymbolicName() + " is not active");
            }
        }
    }

    private static void install(BundleContext context, EmbeddedBundles embedded, RunDescriptor.Entry entry)
            throws BundleException, IOException {
        String location = embedded.location(entry);
        try (InputStream jar = EmbeddedFramework.class.getClassLoader().getResourceAsStream(entry.resourceName())) {
            if (jar == null) {
                throw new IOException("bundle " + entry.coordinates() + " is not embedded in the launcher ("
                        + entry.resourceName() + " missing: does the launcher pom depend on it?)");
            }
            Bundle bundle = context.installBundle(location, jar);
            bundle.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
            if (!isFragment(bundle)) {
                // Before the framework reaches the bundle's level this only marks it for start.
                bundle.start();
            }
        }
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    Framework framework() {
        return framework;
    }

    int bundleCount() {
        return context().getBundles().length - 1;
    }

    /** Blocks until the framework stops (e.g. the shell stopped it). */
    FrameworkEvent awaitStop() throws InterruptedException {
        return framework.waitForStop(0);
    }

    /**
     * Stops the framework if it still runs and deletes the run's directory; idempotent.
     * Synchronized so that the shutdown hook, when a signal arrives while main is closing,
     * waits for that close to finish instead of letting the JVM halt in the middle of it.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                framework.stop();
                if (framework.waitForStop(STOP_TIMEOUT_MILLIS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    err.println("sysplug: warning: the framework did not stop in " + STOP_TIMEOUT_MILLIS / 1000 + " s");
                }
            }
        } catch (BundleException e) {
            err.println("sysplug: stopping: " + ExitStatus.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(workDir);
            removeShutdownHook();
        }
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs and finds everything closed.
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("sysplug: warning: could not delete " + root + ": " + e.getMessage());
        }
    }
}
