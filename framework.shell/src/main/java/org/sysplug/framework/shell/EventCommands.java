package org.sysplug.framework.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.RequestQueue;
import org.sysplug.shell.DeviceNames;
import org.sysplug.shell.ShellOptions;

/**
 * {@code sysplug:events}: follows the request and device events live, one line each, until
 * Ctrl-C, as {@code udevadm monitor} follows the kernel's. The events come from EventAdmin; the
 * command registers its own handler for as long as it runs and prints from its own thread (the
 * shell's output belongs to the command's thread, not to EventAdmin's).
 */
@Component(service = EventCommands.class, property = { "osgi.command.scope=sysplug", "osgi.command.function=events" })
public final class EventCommands {

    static final String REQUEST_TOPICS = RequestQueue.TOPIC_PREFIX + "*";
    static final String DEVICE_TOPICS = DeviceChange.TOPIC_PREFIX + "*";

    private final BundleContext context;

    @Activate
    public EventCommands(BundleContext context) {
        this.context = context;
    }

    @Descriptor("follow request and device events live, one line each, until Ctrl-C (like udevadm monitor); "
            + "e.g. 'events device', 'events ONLINE', 'events org/sysplug/request/FAILED'")
    public Object events(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP + " per event, a line each") @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("which events: request, device, a type (ADDED, REMOVED, ONLINE, OFFLINE, QUEUED, STARTED, "
                    + "SUCCEEDED, FAILED, CANCELLED) or an EventAdmin topic; all of sysplug's when absent") String... filter) {
        String[] topics;
        try {
            topics = topics(filter == null ? List.of() : Arrays.asList(filter));
        } catch (IllegalArgumentException e) {
            return CommandSupport.usage(session, "events", e);
        }
        LiveLines<Event> arrived = new LiveLines<>();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, topics);
        ServiceRegistration<EventHandler> registration = context.registerService(EventHandler.class, arrived::accept, props);
        try {
            arrived.printUntilInterrupted(System.out, e -> json ? Json.of(json(e)).text() : line(e));
        } finally {
            registration.unregister();
        }
        return CommandSupport.done(session, CommandSupport.OK, null);
    }

    /**
     * The topics a filter names.
     *
     * @throws IllegalArgumentException for more than one filter, or a word that names no events
     */
    static String[] topics(List<String> filter) {
        if (filter.isEmpty()) {
            return new String[] { REQUEST_TOPICS, DEVICE_TOPICS };
        }
        if (filter.size() > 1) {
            throw new IllegalArgumentException("give one filter, got " + filter.size() + ": " + String.join(" ", filter));
        }
        String f = filter.get(0);
        if (f.contains("/")) {
            if (!f.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*(/\\*)?")) {
                throw new IllegalArgumentException("'" + f + "' is not an event topic: write it as org/sysplug/device/* or "
                        + "org/sysplug/request/FAILED");
            }
            return new String[] { f };
        }
        String word = f.toUpperCase(Locale.ROOT);
        if (word.equals("REQUEST") || word.equals("REQUESTS")) {
            return new String[] { REQUEST_TOPICS };
        }
        if (word.equals("DEVICE") || word.equals("DEVICES")) {
            return new String[] { DEVICE_TOPICS };
        }
        for (DeviceChange.Type t : DeviceChange.Type.values()) {
            if (t.name().equals(word)) {
                return new String[] { t.topic() };
            }
        }
        for (String t : List.of("QUEUED", "STARTED", "SUCCEEDED", "FAILED", "CANCELLED")) {
            if (t.equals(word)) {
                return new String[] { RequestQueue.TOPIC_PREFIX + t };
            }
        }
        throw new IllegalArgumentException("unknown event filter '" + f + "': use request, device, a type such as ONLINE "
                + "or FAILED, or a topic such as org/sysplug/device/*");
    }

    /**
     * One event as a line: {@code 12:01:02.345 DEVICE  ONLINE    memory40 (memory, node 1, zone Movable) request 12}
     * or {@code 12:01:02.346 REQUEST SUCCEEDED request 12 OFFLINE memory1000-20999}.
     */
    static String line(Event e) {
        String time = Render.CLOCK.format(Instant.ofEpochMilli(timestamp(e)));
        String topic = e.getTopic();
        String type = topic.substring(topic.lastIndexOf('/') + 1);
        Object id = e.getProperty(RequestQueue.EVENT_ID);
        if (topic.startsWith(DeviceChange.TOPIC_PREFIX)) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s DEVICE  %-9s %s (%s", time, type,
                    e.getProperty(DeviceChange.EVENT_DEVICE), e.getProperty(DeviceChange.EVENT_CLASS)));
            if (e.getProperty(DeviceChange.EVENT_NODE) != null) {
                sb.append(", node ").append(e.getProperty(DeviceChange.EVENT_NODE));
            }
            if (e.getProperty(DeviceChange.EVENT_ZONE) != null) {
                sb.append(", zone ").append(e.getProperty(DeviceChange.EVENT_ZONE));
            }
            return sb.append(") request ").append(id).toString();
        }
        if (topic.startsWith(RequestQueue.TOPIC_PREFIX)) {
            Object targets = e.getProperty(RequestQueue.EVENT_TARGETS);
            String names = targets instanceof String[] t ? DeviceNames.compress(Arrays.asList(t)) : "";
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s REQUEST %-9s request %s %s %s", time,
                    type, id, e.getProperty(RequestQueue.EVENT_OPERATION), names));
            Object message = e.getProperty(RequestQueue.EVENT_MESSAGE);
            if (message != null) {
                sb.append(": ").append(message);
            }
            return sb.toString();
        }
        List<String> props = new ArrayList<>();
        for (String name : e.getPropertyNames()) {
            if (!name.equals(EventConstants.EVENT_TOPIC)) {
                props.add(name + "=" + text(e.getProperty(name)));
            }
        }
        return time + " " + topic + " " + String.join(" ", props);
    }

    /** One event as JSON: its topic and properties, lists in full. */
    static Map<String, Object> json(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.ofEpochMilli(timestamp(e)).toString());
        m.put("topic", e.getTopic());
        Map<String, Object> props = new LinkedHashMap<>();
        for (String name : e.getPropertyNames()) {
            if (!name.equals(EventConstants.EVENT_TOPIC)) {
                Object v = e.getProperty(name);
                props.put(name, v instanceof String[] a ? Arrays.asList(a) : v instanceof Number || v instanceof Boolean
                        ? v : text(v));
            }
        }
        m.put("properties", props);
        return m;
    }

    private static long timestamp(Event e) {
        return e.getProperty(EventConstants.TIMESTAMP) instanceof Long t ? t : System.currentTimeMillis();
    }

    private static String text(Object value) {
        return value instanceof String[] a ? String.join(",", a) : String.valueOf(value);
    }
}
