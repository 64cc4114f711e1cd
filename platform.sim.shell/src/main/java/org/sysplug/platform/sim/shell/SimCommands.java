package org.sysplug.platform.sim.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;
import org.sysplug.platform.Errno;
import org.sysplug.platform.PortException;
import org.sysplug.platform.SysfsTopology;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.sim.control.FaultSpec;
import org.sysplug.platform.sim.control.InjectedFault;
import org.sysplug.platform.sim.control.LoadedMachine;
import org.sysplug.platform.sim.control.OstRecord;
import org.sysplug.platform.sim.control.SimulatedMachine;
import org.sysplug.platform.sim.description.DescriptionException;
import org.sysplug.shell.Help;
import org.sysplug.shell.JsonText;
import org.sysplug.shell.Operand;
import org.sysplug.shell.RequestWaiter;
import org.sysplug.shell.ShellOptions;
import org.sysplug.shell.ShellStatus;

/**
 * The simulator's operator commands, scope {@code sim}: hardware events, faults, pinned pages,
 * machine files and machines built from sysfs trees. Like every sysplug command they set the session variable {@value ShellStatus#VARIABLE} to
 * their exit status (0 done, 1 refused, 2 usage error).
 */
@Component(service = SimCommands.class, property = {
        "osgi.command.scope=sim",
        "osgi.command.function=insert",
        "osgi.command.function=fault",
        "osgi.command.function=faults",
        "osgi.command.function=unfault",
        "osgi.command.function=pin",
        "osgi.command.function=unpin",
        "osgi.command.function=autoonline",
        "osgi.command.function=load",
        "osgi.command.function=machines",
        "osgi.command.function=ost",
        "osgi.command.function=log" })
public final class SimCommands {

    /** How long a hardware event waits for the request the firmware module submits for it. */
    private static final Duration REQUEST_WAIT = Duration.ofSeconds(5);

    /** The simulator's control; registered only while the simulator is the backend, so the commands go with it. */
    private final SimulatedMachine sim;
    private final RequestQueue queue;
    /** Reads sysfs trees for {@code sim:load --sysroot}; provided by platform.linux, absent without it. */
    private final SysfsTopology sysfs;
    /** The queue's request events, to follow the request a hardware event leads to; absent without EventAdmin. */
    private final RequestFollower follower;

    @Activate
    public SimCommands(@Reference SimulatedMachine sim,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) RequestQueue queue,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) SysfsTopology sysfs,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) RequestFollower follower) {
        this.sim = sim;
        this.queue = queue;
        this.sysfs = sysfs;
        this.follower = follower;
    }

    @Help(operands = "PATH", complete = Operand.FIRMWARE_PATH, examples = "sim:insert '\\_SB.NOD1'")
    @Descriptor("insert a device or container into its slot: it becomes present, the firmware raises device check "
            + "(bus check for a container), and the command waits for the hot-add request that follows and prints its outcome")
    public Object insert(CommandSession session,
            @Descriptor(ShellOptions.ASYNC_HELP) @Parameter(names = { ShellOptions.ASYNC_SHORT, ShellOptions.ASYNC }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean async,
            @Descriptor("the namespace path, e.g. '\\_SB.NOD1'") String typed) {
        String path;
        try {
            path = FirmwarePathArgument.require(typed);
        } catch (IllegalArgumentException e) {
            return done(session, 2, "sim:insert: " + e.getMessage());
        }
        try (Following f = follow(path)) {
            Notification raised = sim.insert(path);
            return f.request(session, async, "inserted " + path + ": the firmware raised " + raised);
        } catch (PortException e) {
            return done(session, 1, "sim:insert: " + e.describe());
        }
    }

    /** {@code sim:eject-request} (a hyphenated name, see {@link HyphenatedSimCommands}). */
    Object ejectRequest(CommandSession session, String typed, boolean async) {
        String path;
        try {
            path = FirmwarePathArgument.require(typed);
        } catch (IllegalArgumentException e) {
            return done(session, 2, "sim:eject-request: " + e.getMessage());
        }
        try (Following f = follow(path)) {
            sim.ejectRequest(path);
            return f.request(session, async, "eject button pressed on " + path + ": the firmware raised EJECT_REQUEST");
        } catch (PortException e) {
            return done(session, 1, "sim:eject-request: " + e.describe());
        }
    }

    /** Starts following the request a hardware event on {@code path} leads to: before the event is raised. */
    private Following follow(String path) {
        RequestFollower f = queue == null ? null : follower;
        return new Following(f == null ? null : f.watch(path));
    }

    /**
     * The wait for the request the firmware module submits for a hardware event, then for its
     * outcome, so that scripts are deterministic. Without a firmware module the event is all there is.
     */
    private final class Following implements AutoCloseable {
        private final RequestFollower.Watch watch;

        Following(RequestFollower.Watch watch) {
            this.watch = watch;
        }

        Object request(CommandSession session, boolean async, String event) {
            if (queue == null) {
                // the event happened, but no request can follow it: not a success to report
                return done(session, 1, event + "; no request queue runs (is framework.core started? 'lb' lists the"
                        + " bundles), so nothing acts on it");
            }
            if (!sim.notificationsHeard()) {
                return done(session, 0, event + "; nothing acts on firmware notifications "
                        + "(install firmware.acpi to hot-plug what the firmware announces)");
            }
            if (watch == null) {
                return done(session, 0, event + "; the request that follows cannot be followed without EventAdmin, which"
                        + " posts the queue's events: 'sysplug:requests' shows it");
            }
            long id;
            try {
                id = watch.queued().get(REQUEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return done(session, 1, event + "; no request followed within " + REQUEST_WAIT.toSeconds()
                        + " s: is firmware.acpi installed? ('sysplug:handlers' lists the handlers)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done(session, 1, event + "; stopped waiting for the request that follows ('sysplug:requests' shows it)");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (async) {
                return done(session, 0, event + "; request " + id + " submitted");
            }
            // the shared wait: a progress line on a terminal, Ctrl-C cancels the request
            Submission submission = new Submission(id, watch.ended().thenApply(status -> queue.find(id)
                    .orElseThrow(() -> new IllegalStateException("request " + id + " ended but the queue no longer knows it"))));
            Optional<Outcome> outcome;
            try {
                outcome = RequestWaiter.of(session, queue).await(submission);
            } catch (IllegalStateException e) {
                return done(session, 1, event + "; request " + id + " ended but the queue no longer knows it");
            }
            if (outcome.isEmpty()) {
                return done(session, 1, event + "; " + RequestWaiter.stoppedWaiting(id));
            }
            return done(session, outcome.get().succeeded() ? 0 : 1, outcome.get());
        }

        @Override
        public void close() {
            if (watch != null) {
                watch.close();
            }
        }
    }

    /** {@code sim:surprise-remove}. */
    String surpriseRemove(CommandSession session, String typed) {
        String path;
        try {
            path = FirmwarePathArgument.require(typed);
        } catch (IllegalArgumentException e) {
            return done(session, 2, "sim:surprise-remove: " + e.getMessage());
        }
        try {
            sim.surpriseRemove(path);
            return done(session, 0, path + " was pulled out without asking the OS; 'sim:log' shows what the OS lost");
        } catch (PortException e) {
            return done(session, 1, "sim:surprise-remove: " + e.describe());
        }
    }

    @Help(operands = "OPERATION TARGET", complete = { Operand.FAULT_OPERATION, Operand.FAULT_TARGET }, examples = {
            "sim:fault --errno EBUSY memory.offline memory40", "sim:fault --times 1 --errno EIO cpu.online all" })
    @Descriptor("inject a fault: make an operation on a target fail, wait, or hang until the request is cancelled")
    public String fault(CommandSession session,
            @Descriptor("fail with this errno (EBUSY, EINVAL, EPERM, ENODEV, EAGAIN, EIO)") @Parameter(names = { "-e", "--errno" }, absentValue = "") String errno,
            @Descriptor("fire this many times, then stop (default: always)") @Parameter(names = { "-t", "--times" }, absentValue = "0") int times,
            @Descriptor("delay the operation by this many milliseconds") @Parameter(names = { "-d", "--delay" }, absentValue = "0") long delayMs,
            @Descriptor("block the operation until the request is cancelled or the fault removed") @Parameter(names = { "--hang" }, presentValue = "true", absentValue = "false") boolean hang,
            @Descriptor("the operation: cpu.online, cpu.offline, cpu.register, cpu.unregister, memory.add, memory.online, memory.offline, memory.remove, node.online, node.offline, acpi.ps3, acpi.lock, acpi.eject, acpi.ost") String operation,
            @Descriptor("the target: cpuN, memoryN, nodeN, a namespace path, or all (also *) for any") String... targets) {
        try {
            String target = faultTarget(targets);
            Errno fails = errno.isEmpty() ? null : parseErrno(errno);
            if (times < 0) {
                throw new IllegalArgumentException("--times must be 1 or more, got " + times);
            }
            // the machine checks the operation, the target and that the fault does something
            String added = sim.addFault(new FaultSpec(operation, FirmwarePathArgument.checkFaultTarget(target), fails, times,
                    delayMs > 0 ? Duration.ofMillis(delayMs) : Duration.ZERO, hang));
            return done(session, 0, "fault " + added);
        } catch (IllegalArgumentException e) {
            return done(session, 2, "sim:fault: " + e.getMessage());
        }
    }

    /**
     * The one target of {@code sim:fault}, {@code all} read as {@code *}. An operator's shell
     * expands an unquoted {@code *} into the working directory's file names, and Gogo's prompt
     * does the same: several words, or the name of a file here, are such an expansion, said so.
     */
    static String faultTarget(String... targets) {
        if (targets.length != 1 || (!targets[0].startsWith("\\") && Files.exists(Path.of(targets[0])))) {
            throw new IllegalArgumentException((targets.length == 0 ? "name the target"
                    : "the target " + String.join(" ", List.of(targets).subList(0, Math.min(3, targets.length)))
                            + (targets.length > 3 ? " ..." : "") + " looks like file names: the shell expanded *")
                    + "; write all for any target (or quote '*'), e.g. sim:fault --errno EBUSY cpu.offline all");
        }
        return targets[0].equalsIgnoreCase("all") ? "*" : targets[0];
    }

    @Help(examples = "sim:faults")
    @Descriptor("list the injected faults with how often each fired")
    public String faults(CommandSession session, @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json) {
        if (json) {
            return done(session, 0, JsonText.of(Map.of("faults", sim.injectedFaults().stream().map(SimCommands::json).toList())));
        }
        List<String> faults = sim.faults();
        return done(session, 0, faults.isEmpty() ? "no faults injected" : String.join("\n", faults));
    }

    private static Map<String, Object> json(InjectedFault f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("operation", f.operation());
        m.put("target", f.target());
        m.put("errno", f.errno().map(Errno::name).orElse(null));
        m.put("delayMs", f.delay().toMillis());
        m.put("hang", f.hang());
        m.put("times", f.times().orElse(null)); // null: fires every time
        m.put("fired", f.fired());
        m.put("text", f.line());
        return m;
    }

    @Help(operands = "ID|all", complete = Operand.FAULT_ID, examples = { "sim:unfault 1", "sim:unfault all" })
    @Descriptor("remove an injected fault by id, or all of them with 'all' (a hung operation then goes on)")
    public String unfault(CommandSession session, @Descriptor("a fault id, or all") String id) {
        if (id.equalsIgnoreCase("all")) {
            sim.clearFaults();
            return done(session, 0, "all faults removed");
        }
        try {
            if (sim.removeFault(Long.parseLong(id))) {
                return done(session, 0, "fault " + id + " removed");
            }
            return done(session, 1, "no fault " + id + ": 'sim:faults' lists them");
        } catch (NumberFormatException e) {
            return done(session, 2, "sim:unfault: '" + id + "' is not a fault id; 'sim:faults' lists them");
        }
    }

    @Help(operands = "BLOCK", complete = Operand.MEMORY_BLOCK, examples = "sim:pin memory40")
    @Descriptor("pin pages in a memory block: it holds unmovable pages and cannot be offlined (EBUSY)")
    public String pin(CommandSession session, @Descriptor("the block: memoryN or N") String block) {
        return pinned(session, block, true);
    }

    @Help(operands = "BLOCK", complete = Operand.MEMORY_BLOCK, examples = "sim:unpin memory40")
    @Descriptor("unpin a memory block's pages")
    public String unpin(CommandSession session, @Descriptor("the block: memoryN or N") String block) {
        return pinned(session, block, false);
    }

    private String pinned(CommandSession session, String block, boolean pinned) {
        String name = block.startsWith("memory") ? block.substring("memory".length()) : block;
        try {
            int id = Integer.parseInt(name);
            sim.pin(id, pinned);
            return done(session, 0, "memory" + id + (pinned ? " now holds unmovable pages" : " holds no unmovable pages"));
        } catch (NumberFormatException e) {
            return done(session, 2, "'" + block + "' is not a memory block: name it memoryN or N");
        } catch (PortException e) {
            return done(session, 1, e.describe());
        }
    }

    @Help(operands = "[VALUE]", examples = { "sim:autoonline", "sim:autoonline online_movable" })
    @Descriptor("show or set the simulated kernel's auto_online_blocks (offline, online, online_kernel, online_movable): "
            + "what a policy reads to know whether the kernel onlines hot-added memory by itself")
    public String autoonline(CommandSession session,
            @Descriptor("the new value; none to show the current one") String... value) {
        if (value.length > 1) {
            return done(session, 2, "usage: sim:autoonline [offline|online|online_kernel|online_movable]");
        }
        try {
            if (value.length == 1) {
                sim.setAutoOnlineBlocks(value[0]);
            }
            return done(session, 0, "auto_online_blocks " + sim.autoOnlineBlocks());
        } catch (PortException e) {
            return done(session, 1, e.describe());
        }
    }

    @Help(operands = "NAME|FILE", complete = Operand.MACHINE, examples = { "sim:load server-4node", "sim:load --sysroot /tmp/dump" })
    @Descriptor("replace the machine with a built-in one (default, server-4node, scale-1024), a YAML machine file, "
            + "or the machine a sysfs tree describes (--sysroot DIR: its CPUs, nodes and memory blocks, no firmware slots); "
            + "refused while a request runs or waits")
    public String load(CommandSession session,
            @Descriptor("build the machine from the sysfs tree below DIR (the directory that holds sys/, as util-linux's "
                    + "--sysroot); needs platform.linux") @Parameter(names = { "-s", "--sysroot" }, absentValue = "") String sysroot,
            @Descriptor("a built-in name or a file path") String... machine) {
        List<String> names = List.of(machine);
        if (sysroot.isEmpty() && names.size() == 1 && names.get(0).startsWith("--sysroot=")) {
            sysroot = names.get(0).substring("--sysroot=".length());
            names = List.of();
        }
        if (!sysroot.isEmpty()) {
            if (!names.isEmpty()) {
                return done(session, 2, "sim:load: give either a machine (" + String.join(" ", names) + ") or --sysroot "
                        + sysroot + ", not both");
            }
            Optional<String> busy = requestsInTheWay();
            if (busy.isPresent()) {
                return done(session, 1, busy.get());
            }
            return loadTree(session, sysroot);
        }
        if (names.size() != 1) {
            return done(session, 2, "sim:load: give one machine: a built-in name (" + String.join(", ", sim.builtInMachines())
                    + "), a YAML file, or --sysroot DIR for a sysfs tree");
        }
        Optional<String> busy = requestsInTheWay();
        if (busy.isPresent()) {
            return done(session, 1, busy.get());
        }
        try {
            LoadedMachine loaded = sim.load(names.get(0));
            return done(session, 0, "machine " + loaded.name() + " loaded from " + names.get(0));
        } catch (DescriptionException e) {
            return done(session, 1, "sim:load: " + e.getMessage());
        }
    }

    /**
     * Why the machine may not be replaced now: a request runs or waits. Replaced under a running
     * request, the machine would have it go on, or roll back what it did, against a machine it
     * never saw; a queued request would start on a machine nobody submitted it for. The operator
     * waits for them or cancels them, then loads.
     */
    private Optional<String> requestsInTheWay() {
        if (queue == null) {
            return Optional.empty();
        }
        QueueStatus status = queue.status();
        if (status.running().isEmpty() && status.queued().isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        long first = -1;
        if (status.running().isPresent()) {
            Outcome running = status.running().get();
            HotplugRequest request = running.request();
            first = running.id();
            parts.add("request " + first + " (" + request.operation() + " " + request.targetNames() + ") is running");
        }
        if (!status.queued().isEmpty()) {
            if (first < 0) {
                first = status.queued().get(0);
            }
            List<String> ids = status.queued().stream().map(String::valueOf).toList();
            parts.add((ids.size() == 1 ? "request " : "requests ") + String.join(", ", ids)
                    + (ids.size() == 1 ? " is" : " are") + " queued");
        }
        return Optional.of("sim:load: " + String.join(" and ", parts) + ": a machine replaced now would have them run, "
                + "or roll back, against a machine they were not submitted for; the machine stays as it is. Wait for them"
                + " to end ('sysplug:requests' lists them) or cancel them ('sysplug:cancel " + first + "'), then load again");
    }

    private String loadTree(CommandSession session, String dir) {
        if (sysfs == null) {
            return done(session, 1, "sim:load: --sysroot needs the Linux backend's tree reader (" + SysfsTopology.class.getName()
                    + "): install and start platform.linux");
        }
        Path tree = Path.of(dir);
        Topology machine;
        try {
            machine = sysfs.read(tree);
        } catch (IOException | RuntimeException e) {
            // a broken tree: one line, the machine stays as it was
            return done(session, 1, "sim:load: cannot build a machine from " + dir + ": " + e.getMessage());
        }
        try {
            LoadedMachine loaded = sim.loadTree(tree, machine);
            return done(session, 0, "machine " + loaded.name() + " loaded from sysfs tree " + dir + ": " + loaded.summary());
        } catch (DescriptionException e) {
            return done(session, 1, "sim:load: " + e.getMessage());
        }
    }

    @Help(examples = "sim:machines")
    @Descriptor("list the built-in machines")
    public String machines(CommandSession session, @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("machines", sim.builtInMachines());
            doc.put("running", sim.source());
            return done(session, 0, JsonText.of(doc));
        }
        return done(session, 0, String.join("\n", sim.builtInMachines()) + "\nrunning: " + sim.source());
    }

    @Help(examples = "sim:ost")
    @Descriptor("show the _OST calls the firmware received, oldest first")
    public String ost(CommandSession session, @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json) {
        List<OstRecord> log = sim.ostLog();
        if (json) {
            return done(session, 0, JsonText.of(Map.of("ost", log.stream().map(SimCommands::json).toList())));
        }
        return done(session, 0, log.isEmpty() ? "no _OST calls yet"
                : log.stream().map(r -> String.format(Locale.ROOT, "%d %s %s %s (0x%x)", r.sequence(), r.path(),
                        r.event(), r.status(), r.status().code())).collect(Collectors.joining("\n")));
    }

    @Help(examples = "sim:log")
    @Descriptor("show the hardware log: insertions, ejections, and what the OS lost to them")
    public String log(CommandSession session, @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json) {
        List<String> log = sim.hardwareLog();
        if (json) {
            return done(session, 0, JsonText.of(Map.of("log", log)));
        }
        return done(session, 0, log.isEmpty() ? "no hardware events yet" : String.join("\n", log));
    }

    private static Map<String, Object> json(OstRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", r.sequence());
        m.put("path", r.path());
        m.put("event", r.event().name());
        m.put("status", r.status().name());
        m.put("code", r.status().code());
        return m;
    }

    private static Errno parseErrno(String text) {
        try {
            return Errno.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown errno '" + text + "': use one of "
                    + java.util.Arrays.toString(Errno.values()));
        }
    }

    static <T> T done(CommandSession session, int status, T result) {
        return ShellStatus.done(session, status, result);
    }
}
