package org.sysplug.framework.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Device;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Progress;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.RefusedHandler;
import org.sysplug.framework.Resource;
import org.sysplug.framework.TraceEntry;
import org.sysplug.shell.DeviceNames;
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
        List<Object> handlers = new ArrayList<>();
        for (HandlerInfo h : view.handlers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("phase", h.phase().name());
            m.put("rank", h.rank());
            m.put("kinds", h.kinds().stream().map(Enum::name).sorted().collect(Collectors.toList()));
            m.put("handler", h.name());
            m.put("bundle", h.bundle());
            m.put("bundleId", h.bundleId());
            m.put("serviceId", h.serviceId());
            handlers.add(m);
        }
        List<Object> refused = new ArrayList<>();
        for (RefusedHandler r : view.refused()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("handler", r.name());
            m.put("bundle", r.bundle());
            m.put("bundleId", r.bundleId());
            m.put("serviceId", r.serviceId());
            m.put("reason", r.reason());
            refused.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("handlers", handlers);
        doc.put("refused", refused);
        doc.put("warnings", view.warnings());
        return doc;
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
        List<Object> list = new ArrayList<>();
        view.requests().forEach(o -> list.add(summary(o)));
        return Map.of("requests", list);
    }

    private static Map<String, Object> summary(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("operation", o.request().operation().name());
        m.put("targets", o.request().targets().stream().map(t -> t.name()).collect(Collectors.toList()));
        m.put("dryRun", o.request().dryRun());
        m.put("origin", o.request().origin());
        m.put("status", o.status().name());
        m.put("failure", o.failure().map(Render::failure).orElse(null));
        m.put("submitted", o.submitted().toString());
        m.put("started", o.started().map(Instant::toString).orElse(null));
        m.put("finished", o.finished().map(Instant::toString).orElse(null));
        m.put("queueMs", ms(o.queueTime()));
        m.put("runMs", ms(o.runTime()));
        return m;
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
        Outcome o = view.outcome();
        Map<String, Object> m = summary(o);
        m.put("inconsistent", o.inconsistent());
        m.put("parameters", new LinkedHashMap<>(o.request().parameters()));
        List<Object> trace = new ArrayList<>();
        for (TraceEntry t : o.trace()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("handler", t.handler());
            e.put("bundle", t.bundle());
            e.put("phase", t.phase().name());
            e.put("rank", t.rank());
            e.put("action", t.action().name());
            e.put("result", t.result().name());
            e.put("durationMs", ms(t.duration()));
            e.put("message", t.message());
            e.put("notes", t.notes());
            trace.add(e);
        }
        m.put("trace", trace);
        List<Object> devices = new ArrayList<>();
        for (Device d : o.devices()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", d.name());
            e.put("type", d.type());
            e.put("properties", new LinkedHashMap<>(d.properties()));
            devices.add(e);
        }
        m.put("devices", devices);
        List<Object> resources = new ArrayList<>();
        o.resources().forEach(r -> resources.add(resource(r)));
        m.put("resources", resources);
        return m;
    }

    private static Map<String, Object> failure(Failure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", f.code());
        m.put("device", f.device());
        m.put("message", f.message());
        m.put("handler", f.handler());
        m.put("bundle", f.bundle());
        m.put("phase", f.phase().map(Enum::name).orElse(null));
        m.put("rank", f.rank());
        return m;
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

    private static Map<String, Object> resource(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", r.device());
        if (r instanceof CpuResource c) {
            m.put("type", "cpu");
            m.put("cpu", c.cpu());
            m.put("apicId", c.apicId());
            m.put("node", c.node());
        } else if (r instanceof MemoryResource mem) {
            m.put("type", "memory");
            m.put("start", mem.start());
            m.put("size", mem.size());
            m.put("node", mem.node());
            m.put("zone", mem.zone().sysfsName());
        } else if (r instanceof NodeResource n) {
            m.put("type", "node");
            m.put("node", n.node());
        } else {
            m.put("type", r.getClass().getSimpleName());
            m.put("text", r.toString());
        }
        return m;
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
        QueueStatus s = view.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("capacity", s.capacity());
        m.put("queued", s.queued());
        m.put("running", s.running().map(Render::summary).orElse(null));
        m.put("activeCall", s.activeCall().orElse(null));
        m.put("progress", s.progress().map(p -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("phase", p.phase().name());
            e.put("handler", p.handler());
            e.put("done", p.done());
            e.put("total", p.total());
            return e;
        }).orElse(null));
        m.put("handlers", s.handlers());
        return m;
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

    private static double ms(Duration d) {
        return Math.round(d.toNanos() / 1e3) / 1e3;
    }
}
