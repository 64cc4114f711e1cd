package org.sysplug.it.support;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * The Pax Exam configuration of every integration test: the sysplug platform exactly as {@code cnf/runtime.bundles}
 * lists it (less the interactive shell), the harness bundles, JUnit, and quiet logs. Paths come from failsafe's
 * system properties (see it.tests/pom.xml).
 */
public final class SysplugOptions {

    /** The run descriptor. */
    public static final String RUNTIME_BUNDLES = "sysplug.it.runtime.bundles";
    /** Where Maven copied the platform bundles, as {@code <artifactId>.jar}. */
    public static final String BUNDLES = "sysplug.it.bundles";
    /** Where Maven copied the harness bundles (TinyBundles and what it imports). */
    public static final String TEST_BUNDLES = "sysplug.it.test.bundles";

    /** After the platform (levels 1..3), before the probe (Pax Exam's level 5). */
    private static final int HARNESS_START_LEVEL = 4;

    private SysplugOptions() {
    }

    /** The framework property naming the folder FileInstall watches (the launcher's {@code --deploy DIR}). */
    public static final String DEPLOY_DIR = "felix.fileinstall.dir";

    /** The framework without the handler modules: tests of the framework itself, with scripted handlers. */
    public static Option[] platformWithHarness() {
        return new Option[] { platform(false), deployFolder(), harness(), junitBundles(), quietLogs() };
    }

    /** Everything the launcher runs but the prompt: the modules' end-to-end scenarios. */
    public static Option[] platformWithModulesAndHarness() {
        return new Option[] { platform(true), deployFolder(), harness(), junitBundles(), quietLogs() };
    }

    /** As the launcher runs with {@code --http}: the modules and the HTTP server, on a free loopback port. */
    public static Option[] platformWithModulesHttpAndHarness() {
        return new Option[] { platform(true, true), deployFolder(), harness(), junitBundles(), quietLogs() };
    }

    /**
     * FileInstall as the launcher sets it up, on a fresh empty folder of this container below
     * {@code target/deploy/} (never a folder another container or a person uses), polled every
     * 100 ms so that a test waits little for a file it copied there.
     */
    public static Option deployFolder() {
        Path root = path(BUNDLES).getParent().resolve("deploy");
        Path folder;
        try {
            Files.createDirectories(root);
            folder = Files.createTempDirectory(root, "container-").resolve("deploy");
            Files.createDirectory(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a deploy folder below " + root, e);
        }
        return composite(
                frameworkProperty(DEPLOY_DIR).value(folder.toString()),
                frameworkProperty("felix.fileinstall.poll").value("100"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.start.level").value(Integer.toString(HARNESS_START_LEVEL)),
                frameworkProperty("felix.fileinstall.filter").value(".*\\.(jar|cfg|config)"),
                frameworkProperty("felix.fileinstall.tmpdir").value(folder.resolveSibling("tmp").toString()),
                frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
    }

    /** {@link #platform(boolean, boolean)} without the HTTP server. */
    public static Option platform(boolean withModules) {
        return platform(withModules, false);
    }

    /**
     * The non-interactive bundles of the run descriptor, at its start levels, from {@link #BUNDLES};
     * the handler modules only if {@code withModules}, the HTTP server (role http) only if {@code withHttp},
     * then on 127.0.0.1 and a free port, as the launcher's {@code --http 0}: never a fixed port that another
     * container or program may hold.
     */
    public static Option platform(boolean withModules, boolean withHttp) {
        Path descriptor = path(RUNTIME_BUNDLES);
        Path directory = path(BUNDLES);
        List<Option> options = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RunDescriptor.Entry entry : RunDescriptor.read(descriptor)) {
            if (entry.interactive() || (entry.module() && !withModules) || (entry.http() && !withHttp)) {
                continue;
            }
            Path jar = directory.resolve(entry.jarName());
            if (!Files.isRegularFile(jar)) {
                missing.add(entry.coordinates());
                continue;
            }
            options.add(bundle(jar.toUri().toString()).startLevel(entry.startLevel()));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(descriptor + " lists " + missing + ", which are not in " + directory
                    + ": declare them as runtime-scoped dependencies of it.tests");
        }
        if (withHttp) {
            options.add(frameworkProperty("org.osgi.service.http.port").value("0"));
            options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        }
        return composite(options.toArray(new Option[0]));
    }

    /** Every jar of {@link #TEST_BUNDLES}. */
    public static Option harness() {
        Path directory = path(TEST_BUNDLES);
        List<Option> options = new ArrayList<>();
        try (Stream<Path> jars = Files.list(directory)) {
            jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted()
                    .forEach(jar -> options.add(bundle(jar.toUri().toString()).startLevel(HARNESS_START_LEVEL)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the harness bundles in " + directory, e);
        }
        if (options.isEmpty()) {
            throw new IllegalStateException("no harness bundle in " + directory + ": run the tests through Maven");
        }
        return composite(options.toArray(new Option[0]));
    }

    /**
     * Quiet logs, or the test output drowns in them: pax-logging's fallback log at WARN, Felix's own log and EventAdmin's at ERROR (EventAdmin
     * warns on stdout when the framework stops under its delivery thread). What the platform logs through the
     * Log service stays in memory; a failing test prints it (PlatformTestSupport).
     */
    public static Option quietLogs() {
        return composite(
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                frameworkProperty("felix.log.level").value("1"),
                frameworkProperty("org.apache.felix.eventadmin.LogLevel").value("1"));
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property
                    + " is not set: run the integration tests through Maven (mvn verify), whose failsafe sets it");
        }
        Path p = Paths.get(value).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalStateException(property + "=" + p + " does not exist");
        }
        return p;
    }
}
