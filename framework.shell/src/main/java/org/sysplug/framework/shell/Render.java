package org.sysplug.framework.shell;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.sysplug.framework.CpuResource;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Progress;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.Resource;
import org.sysplug.framework.TraceEntry;
import org.sysplug.shell.DeviceNames;
import org.sysplug.shell.JsonDocuments;
import org.sysplug.shell.Table;

/**
 * Renders the commands' data: {@code text(...)} for people, {@code json(...)} as maps and lists
 * for {@link Json}. JSON durations are in milliseconds with microsecond precision; instants are
 * ISO-8601 UTC.
 */
final class Render {

    /** Times of day as the commands print them: {@code 00:01:02.345}, local time. */
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Render() {
    }

    // --- handlers -------------------------------------------------------------------------------

    static String text(Views.HandlerTable view) {
        StringBuilder sb = new StringBuilder();
        if (view.handlers().isEmpty()) {
            sb.append("no handlers: install a module bundle (firmware.acpi, resource.node, resource.memory, resource.cpu)\n");
        } else {
            Table table = new Table("PHASE", "RANK>", "KINDS", "HANDLER", "BUNDLE");
            for (HandlerInfo h : view.handlers()) {
                table.row(h.phase(), h.rank(), kinds(h), h.name(), OrderCheck.shortName(h.bundle()));
            }
            table.appendTo(sb, "");
        }
        view.refused().forEach(r -> sb.append("refused: ").append(refusal(r.name(), r.bundle(), r.reason())).append('\n'));
        view.warnings().forEach(w -> sb.append("warning: ").append(w).append('\n'));
        return sb.toString();
    }

    /** One refused handler, as the handler list and the console ({@link RefusalConsole}) say it. */
    static String refusal(String handler, String bundle, String reason) {
        return "handler " + handler + " of bundle " + bundle + " refused: " + reason;
    }

    static Object json(Views.HandlerTable view) {
        return JsonDocuments.handlers(view.handlers(), view.refused(), view.warnings());
    }

    private static String kinds(HandlerInfo h) {
        return h.kinds().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(","));
    }

    // --- requests -------------------------------------------------------------------------------

    static String text(Views.RequestTable view) {
        if (view.requests().isEmpty()) {
            return "no requests yet\n";
        }
        Table table = new Table("ID>", "OPERATION", "STATUS", "SUBMITTED", "RAN>", "TARGETS");
        for (Outcome o : view.requests()) {
            table.row(o.id(), o.request().operation() + (o.request().dryRun() ? " (dry run)" : ""), o.status(),
                    CLOCK.format(o.submitted()), millis(o.runTime()), targets(o));
        }
        StringBuilder sb = new StringBuilder();
        table.appendTo(sb, "");
        return sb.toString();
    }

    static Object json(Views.RequestTable view) {
        return JsonDocuments.requests(view.requests());
    }

    // --- one request ----------------------------------------------------------------------------

    static String text(Views.RequestDetail view) {
        Outcome o = view.outcome();
        StringBuilder sb = new StringBuilder();
        sb.append("request ").append(o.id()).append(": ").append(o.request().operation()).append(' ')
                .append(targets(o));
        if (o.request().dryRun()) {
            sb.append(" (dry run)");
        }
        sb.append('\n');
        sb.append("status:  ").append(o.status()).append('\n');
        o.failure().ifPresent(f -> sb.append("failure: ").append(f.describe()).append('\n'));
        if (!o.inconsistent().isEmpty()) {
            sb.append("may be in an intermediate state: ").append(DeviceNames.compress(o.inconsistent())).append('\n');
        }
        sb.append("origin:  ").append(o.request().origin()).append("; queued ").append(millis(o.queueTime()))
                .append(", ran ").append(millis(o.runTime())).append('\n');
        if (!o.request().parameters().isEmpty()) {
            // who asked from where (a remote caller's address is a parameter) and the modules' options
            sb.append("params:  ").append(new TreeMap<>(o.request().parameters()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))).append('\n');
        }
        if (!o.trace().isEmpty()) {
            sb.append("trace:\n");
            Table table = new Table("#>", "PHASE", "RANK>", "ACTION", "RESULT", "TIME>", "HANDLER", "BUNDLE");
            int i = 1;
            for (TraceEntry t : o.trace()) {
                table.row(i++, t.phase(), t.rank(), t.action().name().toLowerCase(Locale.ROOT),
                        t.result().name().toLowerCase(Locale.ROOT), millis(t.duration()), t.handler(),
                        OrderCheck.shortName(t.bundle()));
            }
            table.appendTo(sb, "  ");
            i = 1;
            for (TraceEntry t : o.trace()) {
                for (String note : t.notes()) {
                    sb.append("  #").append(i).append(" note: ").append(note).append('\n');
                }
                if (!t.message().isEmpty()) {
                    sb.append("  #").append(i).append(' ').append(t.result().name().toLowerCase(Locale.ROOT))
                            .append(": ").append(t.message()).append('\n');
                }
                i++;
            }
        }
        if (!o.devices().isEmpty()) {
            sb.append("devices: ").append(o.devices().stream().map(d -> d.name() + " (" + d.type() + ")")
                    .collect(Collectors.joining(", "))).append('\n');
        }
        if (!o.resources().isEmpty()) {
            sb.append("resources:\n");
            o.resources().forEach(r -> sb.append("  ").append(describe(r)).append('\n'));
        }
        return sb.toString();
    }

    static Object json(Views.RequestDetail view) {
        return JsonDocuments.request(view.outcome());
    }

    static String describe(Resource r) {
        if (r instanceof CpuResource c) {
            return "cpu " + (c.isAssigned() ? "cpu" + c.cpu() : "(unassigned)") + " apic " + c.apicId() + " node "
                    + c.node() + " [" + c.device() + "]";
        }
        if (r instanceof MemoryResource m) {
            return String.format("memory 0x%x-0x%x (%d MiB) node %d zone %s [%s]", m.start(), m.end() - 1,
                    m.size() >> 20, m.node(), m.zone().sysfsName(), m.device());
        }
        if (r instanceof NodeResource n) {
            return "node " + n.node() + " [" + n.device() + "]";
        }
        return r.toString();
    }

    // --- the queue ------------------------------------------------------------------------------

    static String text(Views.QueueView view) {
        QueueStatus s = view.status();
        StringBuilder sb = new StringBuilder();
        sb.append("queue:    ").append(s.queued().size()).append(" waiting of ").append(s.capacity());
        if (!s.queued().isEmpty()) {
            sb.append(" (").append(s.queued().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(')');
        }
        sb.append('\n');
        sb.append("running:  ").append(s.running().map(o -> "request " + o.id() + " " + o.request().operation() + " "
                + targets(o) + " for " + millis(o.runTime())).orElse("nothing")).append('\n');
        s.activeCall().ifPresent(call -> sb.append("calling:  ").append(call).append('\n'));
        s.progress().filter(Progress::counted).ifPresent(p -> sb.append("progress: ")
                .append(String.format(Locale.ROOT, "%,d/%,d devices", p.done(), p.total())).append(" (")
                .append(p.phase()).append(' ').append(p.handler()).append(")\n"));
        sb.append("handlers: ").append(s.handlers()).append('\n');
        return sb.toString();
    }

    static Object json(Views.QueueView view) {
        return JsonDocuments.queue(view.status());
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** The request's targets as a person reads many of them: {@code memory1000-20999}; JSON keeps the full list. */
    static String targets(Outcome o) {
        return DeviceNames.compressAll(o.request().targets());
    }

    static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        return String.format(Locale.ROOT, ms >= 10 ? "%.1f ms" : "%.3f ms", ms);
    }

}
