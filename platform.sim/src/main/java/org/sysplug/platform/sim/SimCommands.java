package org.sysplug.platform.sim;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.platform.Errno;
import org.sysplug.platform.PortException;
import org.sysplug.platform.acpi.Notification;

/**
 * The simulator's operator commands, scope {@code sim}: hardware events, faults, pinned pages,
 * machine files. Like every sysplug command they set the session variable {@value #EXIT} to
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
        "osgi.command.function=load",
        "osgi.command.function=machines",
        "osgi.command.function=ost",
        "osgi.command.function=log" })
public final class SimCommands {

    static final String EXIT = "sysplug.exit";

    private final SimulatedMachineComponent sim;

    @Activate
    public SimCommands(@Reference SimulatedMachineComponent sim) {
        this.sim = sim;
    }

    @Descriptor("insert a device or container into its slot: it becomes present and the firmware raises device check (bus check for a container)")
    public String insert(CommandSession session, @Descriptor("the namespace path, e.g. \\_SB.NOD1") String path) {
        try {
            Notification raised = sim.machine().insert(path);
            return done(session, 0, "inserted " + path + ": the firmware raised " + raised);
        } catch (PortException e) {
            return done(session, 1, "sim:insert: " + e.describe());
        }
    }

    /** {@code sim:eject-request} (a hyphenated name, see {@link HyphenatedSimCommands}). */
    String ejectRequest(CommandSession session, String path) {
        try {
            sim.machine().ejectRequest(path);
            return done(session, 0, "eject button pressed on " + path + ": the firmware raised EJECT_REQUEST");
        } catch (PortException e) {
            return done(session, 1, "sim:eject-request: " + e.describe());
        }
    }

    /** {@code sim:surprise-remove}. */
    String surpriseRemove(CommandSession session, String path) {
        try {
            sim.machine().surpriseRemove(path);
            return done(session, 0, path + " was pulled out without asking the OS; 'sim:log' shows what the OS lost");
        } catch (PortException e) {
            return done(session, 1, "sim:surprise-remove: " + e.describe());
        }
    }

    @Descriptor("inject a fault: make an operation on a target fail, wait, or hang until the request is cancelled")
    public String fault(CommandSession session,
            @Descriptor("fail with this errno (EBUSY, EINVAL, EPERM, ENODEV, EAGAIN, EIO)") @Parameter(names = { "-e", "--errno" }, absentValue = "") String errno,
            @Descriptor("fire this many times, then stop (default: always)") @Parameter(names = { "-t", "--times" }, absentValue = "0") int times,
            @Descriptor("delay the operation by this many milliseconds") @Parameter(names = { "-d", "--delay" }, absentValue = "0") long delayMs,
            @Descriptor("block the operation until the request is cancelled or the fault removed") @Parameter(names = { "--hang" }, presentValue = "true", absentValue = "false") boolean hang,
            @Descriptor("the operation: cpu.online, cpu.offline, cpu.register, cpu.unregister, memory.add, memory.online, memory.offline, memory.remove, node.online, node.offline, acpi.ps3, acpi.lock, acpi.eject, acpi.ost") String operation,
            @Descriptor("the target: cpuN, memoryN, nodeN, a namespace path, or * for any") String target) {
        try {
            FaultRule rule = FaultRule.on(MachineOperation.parse(operation), target);
            if (!errno.isEmpty()) {
                rule = rule.failWith(parseErrno(errno));
            }
            if (times < 0) {
                throw new IllegalArgumentException("--times must be 1 or more, got " + times);
            }
            if (times > 0) {
                rule = rule.times(times);
            }
            if (delayMs > 0) {
                rule = rule.delay(Duration.ofMillis(delayMs));
            }
            if (hang) {
                rule = rule.hang();
            }
            FaultRule added = sim.machine().faults().add(rule);
            return done(session, 0, "fault " + added);
        } catch (IllegalArgumentException e) {
            return done(session, 2, "sim:fault: " + e.getMessage());
        }
    }

    @Descriptor("list the injected faults with how often each fired")
    public String faults(CommandSession session) {
        List<FaultRule> rules = sim.machine().faults().rules();
        return done(session, 0, rules.isEmpty() ? "no faults injected"
                : rules.stream().map(FaultRule::toString).collect(Collectors.joining("\n")));
    }

    @Descriptor("remove an injected fault by id, or all of them with 'all' (a hung operation then goes on)")
    public String unfault(CommandSession session, @Descriptor("a fault id, or all") String id) {
        if (id.equalsIgnoreCase("all")) {
            sim.machine().faults().clear();
            return done(session, 0, "all faults removed");
        }
        try {
            if (sim.machine().faults().remove(Long.parseLong(id))) {
                return done(session, 0, "fault " + id + " removed");
            }
            return done(session, 1, "no fault " + id + ": 'sim:faults' lists them");
        } catch (NumberFormatException e) {
            return done(session, 2, "sim:unfault: '" + id + "' is not a fault id; 'sim:faults' lists them");
        }
    }

    @Descriptor("pin pages in a memory block: it holds unmovable pages and cannot be offlined (EBUSY)")
    public String pin(CommandSession session, @Descriptor("the block: memoryN or N") String block) {
        return pinned(session, block, true);
    }

    @Descriptor("unpin a memory block's pages")
    public String unpin(CommandSession session, @Descriptor("the block: memoryN or N") String block) {
        return pinned(session, block, false);
    }

    private String pinned(CommandSession session, String block, boolean pinned) {
        String name = block.startsWith("memory") ? block.substring("memory".length()) : block;
        try {
            int id = Integer.parseInt(name);
            sim.machine().pin(id, pinned);
            return done(session, 0, "memory" + id + (pinned ? " now holds unmovable pages" : " holds no unmovable pages"));
        } catch (NumberFormatException e) {
            return done(session, 2, "'" + block + "' is not a memory block: name it memoryN or N");
        } catch (PortException e) {
            return done(session, 1, e.describe());
        }
    }

    @Descriptor("replace the machine with a built-in one (default, server-4node, scale-1024) or a YAML machine file")
    public String load(CommandSession session, @Descriptor("a built-in name or a file path") String machine) {
        try {
            SimMachine loaded = sim.load(machine);
            return done(session, 0, "machine " + loaded.name() + " loaded from " + machine);
        } catch (DescriptionException e) {
            return done(session, 1, "sim:load: " + e.getMessage());
        }
    }

    @Descriptor("list the built-in machines")
    public String machines(CommandSession session) {
        return done(session, 0, String.join("\n", MachineSource.BUILT_IN) + "\nrunning: " + sim.source());
    }

    @Descriptor("show the _OST calls the firmware received, oldest first")
    public String ost(CommandSession session) {
        List<OstRecord> log = sim.machine().ostLog();
        return done(session, 0, log.isEmpty() ? "no _OST calls yet"
                : log.stream().map(r -> String.format(Locale.ROOT, "%d %s %s %s (0x%x)", r.sequence(), r.path(),
                        r.event(), r.status(), r.status().code())).collect(Collectors.joining("\n")));
    }

    @Descriptor("show the hardware log: insertions, ejections, and what the OS lost to them")
    public String log(CommandSession session) {
        List<String> log = sim.machine().hardwareLog();
        return done(session, 0, log.isEmpty() ? "no hardware events yet" : String.join("\n", log));
    }

    private static Errno parseErrno(String text) {
        try {
            return Errno.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown errno '" + text + "': use one of "
                    + java.util.Arrays.toString(Errno.values()));
        }
    }

    static String done(CommandSession session, int status, String text) {
        if (session != null) {
            session.put(EXIT, status);
        }
        return text;
    }
}
