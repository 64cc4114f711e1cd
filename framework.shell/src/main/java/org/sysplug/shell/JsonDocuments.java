package org.sysplug.shell;

import java.time.Duration;
import java.time.Instant;
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
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.RefusedHandler;
import org.sysplug.framework.Resource;
import org.sysplug.framework.TraceEntry;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;

/**
 * The JSON documents of sysplug's requests, queue, handlers and machine, as maps (in a fixed key order)
 * and lists: what the commands print with {@code --json} ({@link JsonText} writes them) and what the
 * remote HTTP API answers, so that a script reads the same fields from either. Durations are in
 * milliseconds with microsecond precision; instants are ISO-8601 UTC.
 */
public final class JsonDocuments {

    private JsonDocuments() {
    }

    /** The handlers document with the order check's warnings, as {@code sysplug:handlers --json}. */
    public static Map<String, Object> handlers(List<HandlerInfo> all, List<RefusedHandler> refusedHandlers) {
        return handlers(all, refusedHandlers, org.sysplug.framework.shell.OrderCheck.warnings(all));
    }

    public static Map<String, Object> handlers(List<HandlerInfo> all, List<RefusedHandler> refusedHandlers, List<String> warnings) {
        List<Object> handlers = new ArrayList<>();
        for (HandlerInfo h : all) {
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
        for (RefusedHandler r : refusedHandlers) {
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
        doc.put("warnings", warnings);
        return doc;
    }

    public static Map<String, Object> requests(List<Outcome> outcomes) {
        List<Object> list = new ArrayList<>();
        outcomes.forEach(o -> list.add(summary(o)));
        return Map.of("requests", list);
    }

    public static Map<String, Object> summary(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("operation", o.request().operation().name());
        m.put("targets", o.request().targets().stream().map(t -> t.name()).collect(Collectors.toList()));
        m.put("dryRun", o.request().dryRun());
        m.put("origin", o.request().origin());
        m.put("status", o.status().name());
        m.put("failure", o.failure().map(JsonDocuments::failure).orElse(null));
        m.put("submitted", o.submitted().toString());
        m.put("started", o.started().map(Instant::toString).orElse(null));
        m.put("finished", o.finished().map(Instant::toString).orElse(null));
        m.put("queueMs", ms(o.queueTime()));
        m.put("runMs", ms(o.runTime()));
        return m;
    }

    public static Map<String, Object> request(Outcome o) {
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

    public static Map<String, Object> queue(QueueStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("capacity", s.capacity());
        m.put("queued", s.queued());
        m.put("running", s.running().map(JsonDocuments::summary).orElse(null));
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

    public static Map<String, Object> topology(String backend, Topology t, List<AcpiDevice> firmwareDevices) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("backend", backend);
        doc.put("generation", t.generation());
        doc.put("blockSize", t.blockSize());
        List<Object> nodes = new ArrayList<>();
        for (NodeInfo n : t.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("online", n.online());
            nodes.add(m);
        }
        doc.put("nodes", nodes);
        List<Object> cpus = new ArrayList<>();
        for (CpuInfo c : t.cpus()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("node", c.node());
            m.put("apicId", c.apicId());
            m.put("present", c.present());
            m.put("online", c.online());
            m.put("hotpluggable", c.hotpluggable());
            cpus.add(m);
        }
        doc.put("cpus", cpus);
        List<Object> memory = new ArrayList<>();
        for (MemoryBlock b : t.memory()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("block", b.id());
            m.put("start", b.start());
            m.put("size", b.size());
            m.put("node", b.node());
            m.put("state", b.state().sysfsName());
            m.put("zone", b.online() ? b.zone().sysfsName() : null);
            m.put("validZones", b.validZones().stream().map(z -> z.sysfsName()).toList());
            m.put("removable", b.removable());
            memory.add(m);
        }
        doc.put("memory", memory);
        List<Object> firmware = new ArrayList<>();
        for (AcpiDevice d : firmwareDevices) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", d.path());
            m.put("hid", d.hid());
            m.put("uid", d.uid());
            m.put("sta", d.sta());
            m.put("present", d.present());
            m.put("pxm", d.pxm().isPresent() ? d.pxm().getAsInt() : null);
            m.put("ejectable", d.ejectable());
            m.put("children", d.children());
            m.put("resources", d.resources().stream().map(JsonDocuments::firmwareResource).toList());
            firmware.add(m);
        }
        doc.put("firmware", firmware);
        return doc;
    }

    private static double ms(Duration d) {
        return Math.round(d.toNanos() / 1e3) / 1e3;
    }

    /** A firmware device's resource as the topology shows it: {@code apic 8}, {@code mem 0x200000000+8G}. */
    public static String firmwareResource(AcpiResource r) {
        if (r instanceof AcpiResource.Processor p) {
            return "apic " + p.apicId();
        }
        AcpiResource.MemoryRange m = (AcpiResource.MemoryRange) r;
        return String.format("mem 0x%x+%s", m.start(), size(m.length()));
    }

    /** Sizes as lsmem prints them: 128M, 8G, 1.5T. */
    public static String size(long bytes) {
        String[] units = { "B", "K", "M", "G", "T", "P" };
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%d%s", (long) value, units[unit]);
        }
        return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
    }
}
