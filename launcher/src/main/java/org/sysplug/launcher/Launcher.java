package org.sysplug.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * {@code java -jar sysplug.jar}: an embedded Felix with the bundles of {@code runtime.bundles},
 * then an interactive Gogo prompt, one command, or a script of commands (see {@link Options}).
 * The JVM's exit status is the command's (see {@link ExitStatus}); a normal stop is 0.
 */
public final class Launcher {

    /**
     * How long a command may take to appear after the platform started (SCR registers commands
     * asynchronously); the wait ends sooner once no component can still offer one.
     */
    private static final long COMMAND_WAIT_MILLIS = 10_000;

    private final PrintStream out;
    private final PrintStream err;
    private final long mainNanos;
    private StartTimeline timeline;

    private Launcher(PrintStream out, PrintStream err, long mainNanos) {
        this.out = out;
        this.err = err;
        this.mainNanos = mainNanos;
    }

    public static void main(String[] args) {
        long mainNanos = System.nanoTime();
        int status;
        try {
            status = new Launcher(System.out, System.err, mainNanos).run(args);
        } catch (InterruptedException e) {
            status = ExitStatus.FAILURE;
        } catch (RuntimeException e) {
            // A bug in the launcher: still one line for the user, but say where.
            System.err.println("sysplug: internal error: " + e);
            status = ExitStatus.FAILURE;
        }
        System.out.flush();
        // Explicit: a bundle's stray non-daemon thread must not keep the JVM alive.
        System.exit(status);
    }

    int run(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            err.println("sysplug: " + e.getMessage());
            err.println("sysplug: try 'java -jar sysplug.jar --help'");
            return ExitStatus.USAGE;
        }
        timeline = new StartTimeline(Boolean.getBoolean("sysplug.timing")
                || "true".equals(options.properties().get("sysplug.timing")), mainNanos);
        if (options.mode() == Options.Mode.HELP) {
            out.println(Options.USAGE);
            return ExitStatus.OK;
        }
        String problem = backendProblem(options);
        if (problem == null) {
            problem = DeployFolder.problem(deployFolder(options));
        }
        if (problem == null) {
            problem = HttpServing.problem(options);
        }
        if (problem != null) {
            err.println("sysplug: " + problem);
            return ExitStatus.USAGE;
        }
        warnIfLive(options, err);
        List<String> script = null;
        if (options.mode() == Options.Mode.FILE) {
            try {
                script = ScriptFile.read(options.file());
            } catch (ScriptFile.Unreadable e) {
                err.println("sysplug: " + e.getMessage());
                return ExitStatus.USAGE;
            }
        }

        DataDirectory data;
        try {
            data = lockData(options);
        } catch (DataDirectory.Unusable e) {
            err.println("sysplug: " + e.getMessage());
            return ExitStatus.FAILURE;
        }
        boolean interactive = options.mode() == Options.Mode.INTERACTIVE;
        timeline.step("options and data directory");
        try (DataDirectory held = data; EmbeddedFramework running = start(options, interactive, held)) {
            timeline.print(err, running.bundleCount());
            if (options.http() && !announceHttp(running.context(), options)) {
                return ExitStatus.FAILURE;
            }
            if (interactive) {
                return Interactive.run(running, err);
            }
            return runCommands(running.context(), options, script);
        } catch (BundleException | IOException e) {
            err.println("sysplug: cannot start the platform: " + ExitStatus.message(e));
            return ExitStatus.FAILURE;
        } finally {
            // A one-shot run's command has its own step; the prompt's whole session is charged here.
            timeline.step(interactive ? "prompt and stop" : "stop");
            timeline.printRest(err);
        }
    }

    /**
     * A framework property as the platform will see it: the command line's ({@code --sysroot},
     * {@code -Dkey=value}) over the JVM's ({@code java -Dkey=value -jar}), as {@link FrameworkConfig}
     * merges them.
     */
    static String effective(Options options, String key) {
        String value = options.properties().get(key);
        return value != null ? value : System.getProperty(key);
    }

    /** The deploy folder of this run (see {@link DeployFolder}). */
    static Path deployFolder(Options options) {
        return DeployFolder.folder(effective(options, DeployFolder.DIR), Path.of("").toAbsolutePath());
    }

    /** Says loudly, before anything starts, that this run changes the running kernel. */
    static void warnIfLive(Options options, PrintStream err) {
        if ("live".equals(effective(options, "sysplug.access"))) {
            err.println("sysplug: *** LIVE: running on this machine's kernel. Requests write to /sys: CPUs and memory");
            err.println("sysplug: *** go offline and online for real. Without --live nothing is ever written. ***");
        }
    }

    /** What is wrong with the chosen sysfs tree, in one line, or null (the backend checks again). */
    static String backendProblem(Options options) {
        String backend = effective(options, "sysplug.backend");
        if (backend != null && !backend.isBlank() && !backend.trim().equalsIgnoreCase("sim")
                && !backend.trim().equalsIgnoreCase("linux")) {
            return "sysplug.backend=" + backend + " names no backend: use sim (the default) or linux "
                    + "(or the flags --sysroot DIR / --live)";
        }
        String root = effective(options, "sysplug.sysroot");
        if (root == null || "live".equals(effective(options, "sysplug.access"))) {
            return null;
        }
        Path dir = Path.of(root);
        if (!Files.isDirectory(dir)) {
            return "--sysroot " + root + ": no such directory";
        }
        String link = linkOnTheSpine(dir, root);
        if (link != null) {
            return link;
        }
        if (!Files.isDirectory(dir.resolve("sys/devices/system"))) {
            return "--sysroot " + root + " holds no sys/devices/system: give the directory that contains sys/ "
                    + "(an unpacked dump or a copied tree)";
        }
        if ("writable".equals(effective(options, "sysplug.access"))) {
            try {
                if (dir.toRealPath().getParent() == null) {
                    return "--writable --sysroot /: that is this machine; use --live to change it on purpose";
                }
            } catch (IOException e) {
                return "--sysroot " + root + ": " + ExitStatus.message(e);
            }
            return mountOnTheSpine(dir, root);
        }
        return null;
    }

    /** Where a writable tree's devices are found: a mount on one of them could be the real /sys. */
    private static final List<String> WRITTEN_SPINE = List.of("sys/devices", "sys/devices/system",
            "sys/devices/system/cpu", "sys/devices/system/memory", "sys/devices/system/node", "sys/bus",
            "sys/bus/acpi", "sys/bus/acpi/devices", "sys/firmware", "sys/firmware/acpi", "sys/firmware/acpi/hotplug");

    /**
     * For {@code --writable}: the tree's {@code sys} if it is a mounted sysfs, or the first
     * directory on the way to its devices that is on another file system than {@code sys} (a mount:
     * not a link, so the walk would enter it, and a bind of the real {@code /sys/devices} would
     * take writes to the running kernel), said in one line; else null. The backend refuses such a
     * directory at every step of every walk too (a mount can come later, or deeper).
     */
    static String mountOnTheSpine(Path dir, String root) {
        Path sys = dir.resolve("sys");
        try {
            String type = Files.getFileStore(sys).type();
            if (type.equals("sysfs")) {
                return "--writable --sysroot " + root + ": its sys is a mounted sysfs (this machine's kernel), not a copy;"
                        + " copy the tree (cp -a), or use --live to change this machine on purpose";
            }
            Object device = Files.getAttribute(sys, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            for (String step : WRITTEN_SPINE) {
                Path path = dir.resolve(step);
                if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (!device.equals(Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                    return "--writable --sysroot " + root + ": " + step + " is a mount point ("
                            + Files.getFileStore(path).type() + ", another file system than sys) and a writable tree is"
                            + " written only as one copied tree, never through a mount (it could be the running"
                            + " kernel's sysfs); unmount it, or copy the tree (cp -a) instead of mounting it";
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // the backend checks again, each directory as it opens it
        }
        return null;
    }

    /** The directories every device is found below; the backend reaches them without following a link. */
    private static final List<String> SPINE = List.of("sys", "sys/devices", "sys/devices/system",
            "sys/devices/system/cpu", "sys/devices/system/memory", "sys/devices/system/node");

    /**
     * The first directory of the tree's spine that is a symbolic link, said in one line, or null.
     * The Linux backend follows no link inside its sysroot (that is what keeps a swapped link from
     * taking a write outside), so a tree whose {@code sys} is a link to the real one would show no
     * device at all, and only the log would say why. The sysroot itself may be a link: the
     * operator chose it, and it is resolved once.
     */
    static String linkOnTheSpine(Path dir, String root) {
        for (String step : SPINE) {
            Path path = dir.resolve(step);
            if (!Files.isSymbolicLink(path)) {
                continue;
            }
            String target;
            try {
                target = Files.readSymbolicLink(path).toString();
            } catch (IOException e) {
                target = "?";
            }
            String fix = "copy the tree so that it holds directories, not links";
            if (step.equals("sys")) {
                try {
                    fix = "give --sysroot " + path.toRealPath().getParent() + ", the directory that holds the real sys/";
                } catch (IOException dangling) {
                    fix = "the link leads nowhere (" + ExitStatus.message(dangling) + "): give the directory that holds sys/";
                }
            }
            return "--sysroot " + root + ": " + step + " is a symbolic link (to " + target + ") and sysplug follows no link "
                    + "inside a sysroot, so it would find no device: " + fix;
        }
        return null;
    }

    /** This run's data directory, locked, or null when it keeps nothing ({@code --ephemeral}). */
    static DataDirectory lockData(Options options) throws DataDirectory.Unusable {
        Optional<Path> dir = DataDirectory.choose(effective(options, DataDirectory.PROPERTY), Path.of(""));
        return dir.isPresent() ? DataDirectory.lock(dir.get()) : null;
    }

    private EmbeddedFramework start(Options options, boolean interactive, DataDirectory data)
            throws BundleException, IOException {
        RunDescriptor descriptor = RunDescriptor.load();
        WorkDirs.sweep(Path.of(System.getProperty("java.io.tmpdir")));
        Path workDir = WorkDirs.create();
        Path deploy = deployFolder(options);
        Map<String, String> defaults = new HashMap<>(DeployFolder.properties(deploy, workDir,
                descriptor.startLevel(DeployFolder.FILEINSTALL)));
        if (interactive) {
            boolean console = System.console() != null;
            Interactive.preferDumbTerminalWithoutConsole(console);
            try {
                defaults.putAll(Interactive.shellProperties(workDir));
                if (DeployFolder.create(deploy)) {
                    err.println("sysplug: created " + deploy + ": copy handler bundles and .cfg files there to deploy them");
                }
            } catch (IOException e) {
                EmbeddedFramework.deleteTree(workDir);
                throw e;
            }
        }
        Map<String, String> config = FrameworkConfig.build(
                workDir.resolve("felix-cache"), defaults, systemProperties(), options.properties());
        if (data != null) {
            config.putAll(data.properties(config.get(DataDirectory.CONFIG_PROPERTY)));
        }
        timeline.step("configuration");
        return EmbeddedFramework.start(descriptor.entries(interactive, options.http()), workDir, config, err, timeline);
    }

    /**
     * Waits for the HTTP server and says where it serves (the port matters with {@code --http 0}); false,
     * with one line, when it did not come up (the port taken since the check, say).
     */
    private boolean announceHttp(BundleContext context, Options options) throws InterruptedException {
        HttpServing.Address address;
        try {
            address = HttpServing.Address.parse(options.properties().get(HttpServing.PROPERTY));
        } catch (Options.UsageException e) {
            throw new IllegalStateException(e); // parsed once already
        }
        int port = HttpServing.awaitPort(context, COMMAND_WAIT_MILLIS);
        if (port < 0) {
            err.println("sysplug: --http " + address + ": the HTTP server did not start (most likely the port was taken since "
                    + "it was checked): choose another port, or --http 0 for any free one");
            return false;
        }
        String host = address.host().contains(":") ? "[" + address.host() + "]" : address.host();
        err.println("sysplug: serving the HTTP API at http://" + host + ":" + port + HttpServing.API_PATH);
        timeline.step("http");
        return true;
    }

    private int runCommands(BundleContext context, Options options, List<String> script) throws InterruptedException {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", LauncherCommands.SCOPE);
        properties.put("osgi.command.function", LauncherCommands.FUNCTIONS);
        context.registerService(Object.class, new LauncherCommands(), properties);

        // By name, and all services: the launcher cannot see the Gogo API classes (GogoSession).
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, GogoSession.PROCESSOR, null);
        tracker.open(true);
        try {
            Object processor = tracker.waitForService(COMMAND_WAIT_MILLIS);
            if (processor == null) {
                err.println("sysplug: the Gogo runtime did not start (no CommandProcessor service)");
                return ExitStatus.FAILURE;
            }
            timeline.step("gogo");
            try (GogoSession session = GogoSession.open(processor, System.in, out, err)) {
                CommandWaiter waiter = new CommandWaiter(session,
                        CommandWaiter.of(new ScrComponents(context)), COMMAND_WAIT_MILLIS);
                // sysplug's commands win over same-named ones ('help'; 'log' is sysplug:log, the OSGi log), as
                // at the interactive prompt
                session.put("SCOPE", "sysplug:*");
                OneShot oneShot = new OneShot(session, waiter, new ServiceExplainer(explainer(context), session), out, err);
                int status = script == null
                        ? oneShot.run(CommandLine.of(options.command()), null)
                        : oneShot.runScript(script, options.file().toString());
                timeline.step("command");
                return status;
            }
        } finally {
            tracker.close();
        }
    }

    /** The shell bundle's failure explainer service, or null when it is not there. */
    private static Object explainer(BundleContext context) {
        try {
            var refs = context.getServiceReferences((String) null, ServiceExplainer.FILTER);
            return refs == null || refs.length == 0 ? null : context.getService(refs[0]);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(key -> properties.put(key, System.getProperty(key)));
        return properties;
    }
}
