package org.sysplug.framework.shell;

import static org.sysplug.framework.shell.CommandSupport.FAILED;
import static org.sysplug.framework.shell.CommandSupport.OK;
import static org.sysplug.framework.shell.CommandSupport.done;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.Target;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.shell.DeviceNames;
import org.sysplug.shell.Help;
import org.sysplug.shell.Operand;
import org.sysplug.shell.ShellOptions;

/**
 * {@code sysplug:reconcile ID [retry|rollback]}: a request that did not end cleanly (cut short by
 * the end of sysplug, {@link Status#INTERRUPTED}, or {@link Status#FAILED_INCONSISTENT}) shown
 * device by device against the machine as the ports read it now, and mended on the operator's
 * word: {@code retry} submits the same request again for the devices not yet as it intended (an
 * online or offline; a hot-add or eject whole), {@code rollback} the inverse one (offline
 * for online, eject for hot-add, and back). Each is one request through the queue, with its
 * own outcome and trace.
 */
@Component(service = ReconcileCommands.class, property = {
        "osgi.command.scope=sysplug",
        "osgi.command.function=reconcile" })
public final class ReconcileCommands {

    private final RequestQueue queue;
    private final MachineView machine;
    private final AcpiPort firmware;

    @Activate
    public ReconcileCommands(@Reference RequestQueue queue, @Reference MachineView machine,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) AcpiPort firmware) {
        this.queue = queue;
        this.machine = machine;
        this.firmware = firmware;
    }

    @Help(operands = "ID [retry|rollback]", complete = { Operand.REQUEST_ID, Operand.RECONCILE_ACTION }, examples = {
            "sysplug:reconcile 12", "sysplug:reconcile 12 retry" })
    @Descriptor("show an INTERRUPTED or FAILED_INCONSISTENT request's devices against the machine now; "
            + "'retry' submits it again, 'rollback' submits its inverse")
    public Object reconcile(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("the request id") long id,
            @Descriptor("retry or rollback; nothing to only look") String... action) {
        Optional<Outcome> found = queue.find(id);
        if (found.isEmpty()) {
            return done(session, FAILED, new Views.Message("reconcile: no request " + id
                    + " in the history: 'sysplug:requests' lists the known ones"));
        }
        Outcome o = found.get();
        if (o.status() != Status.INTERRUPTED && o.status() != Status.FAILED_INCONSISTENT) {
            return done(session, FAILED, new Views.Message("reconcile: request " + id + " is " + o.status()
                    + ": only an INTERRUPTED or FAILED_INCONSISTENT request may have left devices half-done"));
        }
        if (action.length > 1 || (action.length == 1 && !List.of("retry", "rollback").contains(action[0]))) {
            return done(session, CommandSupport.USAGE, new Views.Message("reconcile: say 'retry' (submit request "
                    + id + " again) or 'rollback' (submit its inverse), or nothing to see its devices; got '"
                    + String.join(" ", action) + "'"));
        }
        if (action.length == 0) {
            List<Row> rows = rows(o);
            return done(session, OK, json ? Json.of(json(o, rows)) : new Views.Message(text(o, rows)));
        }
        boolean retry = action[0].equals("retry");
        Operation op = retry ? o.request().operation() : inverse(o.request().operation());
        Topology now = machine.topology();
        Split split = split(op, o.request().targets(), name -> stateNow(now, name));
        String state = intended(op, o.request().targets().get(0).name());
        if (split.rest().isEmpty()) {
            return done(session, OK, json
                    ? Json.of(Map.of("id", id, "submitted", false, "done", names(split.done())))
                    : new Views.Message("reconcile: every device of request " + id + " is already " + state + " ("
                            + DeviceNames.compressAll(split.done()) + "): nothing to submit"));
        }
        if (!split.done().isEmpty() && !json) {
            PrintStream console = session != null && session.getConsole() != null ? session.getConsole() : System.out;
            console.println("reconcile: " + DeviceNames.compressAll(split.done()) + " already " + state + "; "
                    + (retry ? "request " + id + " again" : "its inverse, " + op + ",") + " for "
                    + DeviceNames.compressAll(split.rest()));
        }
        List<Target> targets = split.rest();
        HotplugRequest.Builder b = HotplugRequest.of(op).targets(targets)
                .origin("reconcile " + id + " " + action[0]);
        if (retry) {
            o.request().parameters().forEach(b::parameter);
        }
        return CommandSupport.submit(session, queue, b.build(), false, json);
    }

    /** A retry's targets: those already as the request intended, and the rest, each in the request's order. */
    record Split(List<Target> done, List<Target> rest) {
    }

    /**
     * Splits the targets of a retry (or a rollback: {@code op} is then the inverse) by the state
     * each device has now. Only ONLINE and OFFLINE are split: a device already in the state
     * {@code op} asks for is done, and asking for it again is refused (offlining an offline block
     * is EINVAL, as the kernel says). A hot-add's firmware device is present before
     * its memory and CPUs are all online, so HOT_ADD and HOT_REMOVE are submitted whole.
     */
    static Split split(Operation op, List<Target> targets, Function<String, String> stateNow) {
        if (op != Operation.ONLINE && op != Operation.OFFLINE) {
            return new Split(List.of(), targets);
        }
        List<Target> done = new ArrayList<>();
        List<Target> rest = new ArrayList<>();
        for (Target target : targets) {
            (stateNow.apply(target.name()).equals(intended(op, target.name())) ? done : rest).add(target);
        }
        return new Split(List.copyOf(done), List.copyOf(rest));
    }

    private static List<String> names(List<Target> targets) {
        return targets.stream().map(Target::name).toList();
    }

    static Operation inverse(Operation op) {
        return switch (op) {
            case ONLINE -> Operation.OFFLINE;
            case OFFLINE -> Operation.ONLINE;
            case HOT_ADD -> Operation.HOT_REMOVE;
            case HOT_REMOVE -> Operation.HOT_ADD;
        };
    }

    /** One device: what the request meant for it, and what the machine says now. */
    record Row(String device, String intended, String now, boolean done) {
    }

    List<Row> rows(Outcome o) {
        List<String> names = new ArrayList<>(o.inconsistent());
        if (names.isEmpty()) {
            o.request().targets().forEach(t -> names.add(t.name()));
        }
        Topology t = machine.topology();
        Operation op = o.request().operation();
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            String now = stateNow(t, name);
            String intended = intended(op, name);
            rows.add(new Row(name, intended, now, now.equals(intended)));
        }
        return rows;
    }

    private static String intended(Operation op, String device) {
        boolean firmwarePath = device.startsWith("\\");
        return switch (op) {
            case ONLINE -> "online";
            case OFFLINE -> "offline";
            case HOT_ADD -> firmwarePath ? "present" : "online";
            case HOT_REMOVE -> "absent";
        };
    }

    private String stateNow(Topology t, String name) {
        Target target;
        try {
            target = Target.of(name);
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
        if (target.isFirmwarePath()) {
            if (firmware == null) {
                return "unknown (no firmware port)";
            }
            return firmware.device(target.name()).map(AcpiDevice::present).map(p -> p ? "present" : "absent")
                    .orElse("absent");
        }
        int id = target.index();
        return switch (target.deviceClass()) {
            case "cpu" -> t.cpu(id).map(c -> !c.present() ? "absent" : c.online() ? "online" : "offline").orElse("absent");
            case "memory" -> t.memory().stream().filter(b -> b.id() == id).findFirst()
                    .map(b -> b.state() == BlockState.ONLINE ? "online"
                            : b.state() == BlockState.OFFLINE ? "offline" : b.state().name().toLowerCase(Locale.ROOT))
                    .orElse("absent");
            case "node" -> t.node(id).map(n -> n.online() ? "online" : "offline").orElse("absent");
            default -> "unknown";
        };
    }

    private static String text(Outcome o, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("request ").append(o.id()).append(": ").append(o.request().operation()).append(' ')
                .append(Render.targets(o)).append(" is ").append(o.status()).append('\n');
        o.failure().ifPresent(f -> sb.append(f.describe()).append('\n'));
        int width = Math.max(6, rows.stream().mapToInt(r -> r.device().length()).max().orElse(6));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-8s  %s%n", "DEVICE", "INTENDED", "NOW"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-8s  %-8s  %s%n", r.device(), r.intended(), r.now(),
                    r.done() ? "done" : "NOT DONE"));
        }
        long notDone = rows.stream().filter(r -> !r.done()).count();
        sb.append(notDone == 0
                ? "every device is as the request intended; 'sysplug:reconcile " + o.id()
                        + " rollback' undoes it if it should not have happened"
                : notDone + " device(s) not as intended: 'sysplug:reconcile " + o.id() + " retry' submits it again, '"
                        + "sysplug:reconcile " + o.id() + " rollback' submits its inverse");
        return sb.toString();
    }

    private static Map<String, Object> json(Outcome o, List<Row> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("operation", o.request().operation().name());
        m.put("status", o.status().name());
        m.put("failure", o.failure().map(f -> f.describe()).orElse(null));
        List<Object> devices = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("device", r.device());
            d.put("intended", r.intended());
            d.put("now", r.now());
            d.put("done", r.done());
            devices.add(d);
        }
        m.put("devices", devices);
        return m;
    }
}
