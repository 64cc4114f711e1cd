package org.sysplug.framework.shell;

import static org.sysplug.framework.shell.CommandSupport.FAILED;
import static org.sysplug.framework.shell.CommandSupport.OK;
import static org.sysplug.framework.shell.CommandSupport.detail;
import static org.sysplug.framework.shell.CommandSupport.done;
import static org.sysplug.framework.shell.CommandSupport.usage;

import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.shell.Help;
import org.sysplug.shell.Operand;
import org.sysplug.shell.ShellOptions;

/**
 * The operator's view of the request queue: scope {@code sysplug}. Commands return data that
 * {@link ShellConverter} renders, or {@link Json} with {@code --json}; they set the session
 * variable {@value org.sysplug.shell.ShellStatus#VARIABLE} to their exit status (0 success, 1 failure, 2 usage
 * error), which the one-shot launcher exits with. {@link DeviceCommands} starts requests by
 * device class and list.
 */
@Component(service = RequestCommands.class, property = {
        "osgi.command.scope=sysplug",
        "osgi.command.function=handlers",
        "osgi.command.function=requests",
        "osgi.command.function=request",
        "osgi.command.function=submit",
        "osgi.command.function=cancel",
        "osgi.command.function=status" })
public final class RequestCommands {

    private final RequestQueue queue;

    @Activate
    public RequestCommands(@Reference RequestQueue queue) {
        this.queue = queue;
    }

    @Help(examples = { "sysplug:handlers", "sysplug:handlers --json" })
    @Descriptor("list the handlers by phase and rank, the refused ones with the reason, and warn when modules' add and delete orders are not mirror images")
    public Object handlers(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json) {
        var handlers = queue.handlers();
        var view = new Views.HandlerTable(handlers, queue.refusedHandlers(), OrderCheck.warnings(handlers));
        return done(session, OK, json ? Json.of(Render.json(view)) : view);
    }

    @Help(examples = "sysplug:requests")
    @Descriptor("list recent requests, newest first: queued, running and ended")
    public Object requests(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json) {
        var view = new Views.RequestTable(queue.recent());
        return done(session, OK, json ? Json.of(Render.json(view)) : view);
    }

    @Help(operands = "ID", complete = Operand.REQUEST_ID, examples = "sysplug:request 1")
    @Descriptor("show one request: its status, failure, and the trace of every handler call with timings")
    public Object request(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("the request id") long id) {
        Optional<Outcome> outcome = queue.find(id);
        if (outcome.isEmpty()) {
            return done(session, FAILED, new Views.Message("no request " + id
                    + " in the recent history: 'sysplug:requests' lists the known ones"));
        }
        return done(session, OK, detail(outcome.get(), json));
    }

    @Help(operands = "OPERATION DEVICE...", complete = { Operand.OPERATION, Operand.DEVICE }, examples = {
            "sysplug:submit offline cpu6 cpu7", "sysplug:submit --dry-run hot-add '\\_SB.NOD1'" })
    @Descriptor("submit a request and wait for its outcome; exits 1 unless it succeeded")
    public Object submit(CommandSession session,
            @Descriptor(ShellOptions.DRY_RUN_HELP) @Parameter(names = { ShellOptions.DRY_RUN_SHORT, ShellOptions.DRY_RUN }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean dryRun,
            @Descriptor(ShellOptions.ASYNC_HELP) @Parameter(names = { ShellOptions.ASYNC_SHORT, ShellOptions.ASYNC }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean async,
            @Descriptor("cancel and roll back the request if it runs longer than this many seconds (0: no deadline)") @Parameter(names = { "-d", "--deadline" }, absentValue = "0") double deadlineSeconds,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("hot-add, hot-remove (eject), online or offline") String operation,
            @Descriptor("the devices: cpuN, memoryN, nodeN or a firmware path such as \\_SB.NOD1") String... targets) {
        HotplugRequest request;
        try {
            if (targets.length == 0) {
                throw new IllegalArgumentException("name at least one target device, e.g. submit online cpu5");
            }
            HotplugRequest.Builder builder = HotplugRequest.of(Operation.parse(operation), targets).dryRun(dryRun)
                    .origin("shell");
            request = CommandSupport.deadline(builder, deadlineSeconds).build();
        } catch (IllegalArgumentException e) {
            return usage(session, "submit", e);
        }
        return CommandSupport.submit(session, queue, request, async, json);
    }

    @Help(operands = "ID", complete = Operand.REQUEST_ID, examples = "sysplug:cancel 3")
    @Descriptor("cancel a queued request, or stop a running one between handler calls and roll it back")
    public Object cancel(CommandSession session, @Descriptor("the request id") long id) {
        if (queue.cancel(id)) {
            return done(session, OK, new Views.Message("request " + id + " cancelled"));
        }
        Optional<Outcome> now = queue.find(id);
        if (now.isPresent() && now.get().status() == org.sysplug.framework.Status.RUNNING) {
            return done(session, FAILED, new Views.Message("request " + id + " is in its commit phase, which can "
                    + "neither be stopped nor undone: it ends on its own; 'sysplug:status' shows the call (a call that "
                    + "never returns is reported stuck there, and new requests are refused until it does)"));
        }
        return done(session, FAILED, new Views.Message("request " + id
                + " is neither queued nor running: nothing to cancel ('sysplug:requests' lists requests)"));
    }

    @Help(examples = "sysplug:status")
    @Descriptor("show the queue: waiting requests, the running one and for how long")
    public Object status(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json) {
        var view = new Views.QueueView(queue.status());
        return done(session, OK, json ? Json.of(Render.json(view)) : view);
    }

    /** For tests: the handlers' order warnings. */
    static List<String> warnings(RequestQueue queue) {
        return OrderCheck.warnings(queue.handlers());
    }
}
