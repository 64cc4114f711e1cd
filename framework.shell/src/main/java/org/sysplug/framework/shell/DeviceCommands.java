package org.sysplug.framework.shell;

import static org.sysplug.framework.shell.CommandSupport.usage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Target;
import org.sysplug.platform.IdList;
import org.sysplug.shell.Help;
import org.sysplug.shell.Operand;
import org.sysplug.shell.ShellOptions;

/**
 * The operator's device commands, scope {@code sysplug}, as {@code chcpu} and {@code lsmem}
 * users expect them: {@code online cpu 0-3,8}, {@code offline memory 32-39},
 * {@code online memory 40-47 --zone movable}, {@code online node 1}, {@code add '\_SB.NOD1'},
 * {@code eject '\_SB.NOD1'}. LIST is in util-linux syntax ({@link IdList}).
 *
 * <p>Each command builds one request (ONLINE or OFFLINE of {@code cpuN}, {@code memoryN},
 * {@code nodeN} in the order the list names them; HOT_ADD or HOT_REMOVE of a firmware path),
 * submits it and, like {@code sysplug:submit}, waits for its outcome and prints it: succeeded,
 * or which handler refused what and why. Exit status in {@value org.sysplug.shell.ShellStatus#VARIABLE}: 0 success,
 * 1 failure, 2 usage error (nothing queued).
 */
@Component(service = DeviceCommands.class, property = {
        "osgi.command.scope=sysplug",
        "osgi.command.function=online",
        "osgi.command.function=offline",
        "osgi.command.function=add",
        "osgi.command.function=eject" })
public final class DeviceCommands {

    /** The request parameter naming the zone to online memory blocks into. */
    static final String ZONE = "zone";

    /** What the commands start. */
    enum Command {
        ONLINE("online", Operation.ONLINE, "bring online"),
        OFFLINE("offline", Operation.OFFLINE, "take offline"),
        ADD("add", Operation.HOT_ADD, "hot-add"),
        EJECT("eject", Operation.HOT_REMOVE, "hot-remove and eject");

        final String word;
        final Operation operation;
        final String verb;

        Command(String word, Operation operation, String verb) {
            this.word = word;
            this.operation = operation;
            this.verb = verb;
        }

        /** online and offline take a device class and a list; add and eject a firmware path. */
        boolean takesList() {
            return this == ONLINE || this == OFFLINE;
        }
    }

    /** The device classes a list names, as sysfs names them. */
    enum DeviceClass {
        CPU("cpu", "CPUs"),
        MEMORY("memory", "memory blocks"),
        NODE("node", "nodes");

        final String word;
        final String plural;

        DeviceClass(String word, String plural) {
            this.word = word;
            this.plural = plural;
        }

        static DeviceClass parse(Command command, String text) {
            for (DeviceClass c : values()) {
                if (c.word.equals(text.toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            Matcher m = DEVICE_NAME.matcher(text.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                throw new IllegalArgumentException("write the device class and the list apart: " + command.word + " "
                        + m.group(1) + " " + m.group(2));
            }
            throw new IllegalArgumentException("unknown device class '" + text + "': use cpu, memory or node, as in "
                    + command.word + " cpu 0-3,8");
        }
    }

    /** A device name typed where the class belongs: {@code online cpu5}. */
    private static final Pattern DEVICE_NAME = Pattern.compile("(cpu|memory|node)([0-9][0-9,:-]*)");
    /** An option Gogo did not take: {@code --zone} given to {@code offline}, or a misspelling. */
    private static final Pattern OPTION = Pattern.compile("--?[A-Za-z-].*");

    private final RequestQueue queue;

    @Activate
    public DeviceCommands(@Reference RequestQueue queue) {
        this.queue = queue;
    }

    @Help(operands = "cpu|memory|node LIST", complete = { Operand.DEVICE_CLASS, Operand.DEVICE_IDS }, examples = {
            "sysplug:online cpu 4-7", "sysplug:online memory 32-39 --zone movable" })
    @Descriptor("bring CPUs, memory blocks or nodes online: online cpu LIST, online memory LIST [--zone movable|kernel],"
            + " online node LIST, LIST as in 0-3,8,10-14:2; waits for the outcome and exits 1 unless it succeeded")
    public Object online(CommandSession session,
            @Descriptor(ShellOptions.DRY_RUN_HELP) @Parameter(names = { ShellOptions.DRY_RUN_SHORT, ShellOptions.DRY_RUN }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean dryRun,
            @Descriptor(ShellOptions.ASYNC_HELP) @Parameter(names = { ShellOptions.ASYNC_SHORT, ShellOptions.ASYNC }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean async,
            @Descriptor("cancel and roll back the request if it runs longer than this many seconds (0: no deadline)") @Parameter(names = { "-d", "--deadline" }, absentValue = "0") double deadlineSeconds,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("memory only: the zone to online the blocks into, movable or kernel (default: the memory module's policy)") @Parameter(names = { "-z", "--zone" }, absentValue = "") String zone,
            @Descriptor("the device class (cpu, memory or node) and the list of their ids, as in: cpu 0-3,8") String... args) {
        return run(session, Command.ONLINE, args, zone, dryRun, async, deadlineSeconds, json);
    }

    @Help(operands = "cpu|memory|node LIST", complete = { Operand.DEVICE_CLASS, Operand.DEVICE_IDS }, examples = {
            "sysplug:offline cpu 6,7", "sysplug:offline memory 60-63 --dry-run" })
    @Descriptor("take CPUs, memory blocks or nodes offline: offline cpu LIST, offline memory LIST, offline node LIST,"
            + " LIST as in 0-3,8,10-14:2; waits for the outcome and exits 1 unless it succeeded")
    public Object offline(CommandSession session,
            @Descriptor(ShellOptions.DRY_RUN_HELP) @Parameter(names = { ShellOptions.DRY_RUN_SHORT, ShellOptions.DRY_RUN }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean dryRun,
            @Descriptor(ShellOptions.ASYNC_HELP) @Parameter(names = { ShellOptions.ASYNC_SHORT, ShellOptions.ASYNC }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean async,
            @Descriptor("cancel and roll back the request if it runs longer than this many seconds (0: no deadline)") @Parameter(names = { "-d", "--deadline" }, absentValue = "0") double deadlineSeconds,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("the device class (cpu, memory or node) and the list of their ids, as in: cpu 0-3,8") String... args) {
        return run(session, Command.OFFLINE, args, "", dryRun, async, deadlineSeconds, json);
    }

    @Help(operands = "PATH", complete = Operand.FIRMWARE_PATH, examples = "sysplug:add '\\_SB.NOD1'")
    @Descriptor("hot-add a device or container present in its slot, by firmware path (quoted at the prompt:"
            + " add '\\_SB.NOD1'); waits for the outcome and exits 1 unless it succeeded")
    public Object add(CommandSession session,
            @Descriptor(ShellOptions.DRY_RUN_HELP) @Parameter(names = { ShellOptions.DRY_RUN_SHORT, ShellOptions.DRY_RUN }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean dryRun,
            @Descriptor(ShellOptions.ASYNC_HELP) @Parameter(names = { ShellOptions.ASYNC_SHORT, ShellOptions.ASYNC }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean async,
            @Descriptor("cancel and roll back the request if it runs longer than this many seconds (0: no deadline)") @Parameter(names = { "-d", "--deadline" }, absentValue = "0") double deadlineSeconds,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("the firmware path, e.g. '\\_SB.NOD1'") String... args) {
        return run(session, Command.ADD, args, "", dryRun, async, deadlineSeconds, json);
    }

    @Help(operands = "PATH", complete = Operand.FIRMWARE_PATH, examples = "sysplug:eject '\\_SB.NOD1'")
    @Descriptor("hot-remove a device or container and eject it (_EJ0), by firmware path (quoted at the prompt:"
            + " eject '\\_SB.NOD1'); waits for the outcome and exits 1 unless it succeeded")
    public Object eject(CommandSession session,
            @Descriptor(ShellOptions.DRY_RUN_HELP) @Parameter(names = { ShellOptions.DRY_RUN_SHORT, ShellOptions.DRY_RUN }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean dryRun,
            @Descriptor(ShellOptions.ASYNC_HELP) @Parameter(names = { ShellOptions.ASYNC_SHORT, ShellOptions.ASYNC }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean async,
            @Descriptor("cancel and roll back the request if it runs longer than this many seconds (0: no deadline)") @Parameter(names = { "-d", "--deadline" }, absentValue = "0") double deadlineSeconds,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("the firmware path, e.g. '\\_SB.NOD1'") String... args) {
        return run(session, Command.EJECT, args, "", dryRun, async, deadlineSeconds, json);
    }

    private Object run(CommandSession session, Command command, String[] args, String zone, boolean dryRun,
            boolean async, double deadlineSeconds, boolean json) {
        HotplugRequest request;
        try {
            request = requestFor(command, args == null ? List.of() : Arrays.asList(args), zone, dryRun,
                    deadlineSeconds);
        } catch (IllegalArgumentException e) {
            return usage(session, command.word, e);
        }
        return CommandSupport.submit(session, queue, request, async, json);
    }

    /**
     * The one request a command line asks for: the checks of every argument, without OSGi.
     *
     * @param args the positional arguments: a device class and a list, or a firmware path
     * @param zone {@code --zone}, empty when not given
     * @throws IllegalArgumentException with the usage message the command prints (exit 2)
     */
    static HotplugRequest requestFor(Command command, List<String> args, String zone, boolean dryRun,
            double deadlineSeconds) {
        try {
            return checked(command, args, zone, dryRun, deadlineSeconds);
        } catch (IllegalArgumentException e) {
            // what the operator typed is echoed: one line whatever it held
            throw new IllegalArgumentException(CommandSupport.oneLine(e.getMessage()), e);
        }
    }

    private static HotplugRequest checked(Command command, List<String> args, String zone, boolean dryRun,
            double deadlineSeconds) {
        for (String arg : args) {
            if (OPTION.matcher(arg).matches()) {
                throw new IllegalArgumentException("unknown option '" + arg + "': " + command.word + " takes "
                        + (command == Command.ONLINE ? "--zone movable|kernel, " : "")
                        + "--dry-run, --async, --deadline SECONDS and --json");
            }
        }
        HotplugRequest.Builder builder = HotplugRequest.of(command.operation).dryRun(dryRun).origin("shell");
        if (command.takesList()) {
            listTargets(command, args, zone, builder);
        } else {
            builder.target(firmwarePath(command, args));
        }
        return CommandSupport.deadline(builder, deadlineSeconds).build();
    }

    private static void listTargets(Command command, List<String> args, String zone, HotplugRequest.Builder builder) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("name a device class and a list: " + command.word + " cpu LIST, "
                    + command.word + " memory LIST" + (command == Command.ONLINE ? " [--zone movable|kernel]" : "")
                    + ", " + command.word + " node LIST, LIST as in 0-3,8,10-14:2");
        }
        DeviceClass deviceClass = DeviceClass.parse(command, args.get(0));
        if (args.size() == 1) {
            throw new IllegalArgumentException("name the " + deviceClass.plural + " to " + command.verb
                    + " as a list, as in " + command.word + " " + deviceClass.word + " 0-3,8,10-14:2");
        }
        if (args.size() > 2) {
            List<String> lists = args.subList(1, args.size());
            String joined = String.join(",", lists).replaceAll(",+", ",").replaceAll("^,|,$", "");
            throw new IllegalArgumentException("give the list as one word, without spaces: " + command.word + " "
                    + deviceClass.word + " " + joined);
        }
        if (!zone.isEmpty()) {
            if (deviceClass != DeviceClass.MEMORY) {
                throw new IllegalArgumentException("--zone applies to memory blocks only, not to "
                        + deviceClass.plural);
            }
            builder.parameter(ZONE, zone(zone));
        }
        for (int id : IdList.parse(args.get(1))) {
            builder.target(deviceClass.word + id);
        }
    }

    /** {@code movable} or {@code kernel}, as the kernel's {@code online_movable} and {@code online_kernel}. */
    private static String zone(String text) {
        String z = text.trim().toLowerCase(Locale.ROOT);
        if (z.equals("movable") || z.equals("kernel")) {
            return z;
        }
        throw new IllegalArgumentException("unknown zone '" + text + "': use --zone movable (ZONE_MOVABLE) or"
                + " --zone kernel (ZONE_NORMAL)");
    }

    private static String firmwarePath(Command command, List<String> args) {
        String example = command.word + " '\\_SB.NOD1'";
        if (args.isEmpty()) {
            throw new IllegalArgumentException("name the firmware path of the device or container to " + command.verb
                    + ", quoted at the prompt as in " + example);
        }
        if (args.size() > 1) {
            throw new IllegalArgumentException("one firmware path per request, got " + args.size() + ": "
                    + String.join(" ", args));
        }
        Target target = Target.of(args.get(0)); // hints at the backslash the prompt removes from \_SB.NOD1
        if (!target.isFirmwarePath()) {
            String hint = List.of("cpu", "memory", "node").contains(target.deviceClass())
                    ? "; to " + (command == Command.ADD ? "bring " + target + " online use 'online "
                            : "take " + target + " offline use 'offline ") + target.deviceClass() + " " + target.index()
                            + "'"
                    : "";
            throw new IllegalArgumentException("'" + target + "' is not a firmware path: " + command.word
                    + " takes a namespace path such as '\\_SB.NOD1'" + hint);
        }
        return target.name();
    }
}
