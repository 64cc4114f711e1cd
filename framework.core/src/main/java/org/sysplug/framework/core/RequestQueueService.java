package org.sysplug.framework.core;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RefusedHandler;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;

/**
 * The {@link RequestQueue} service: tracks every {@link HotplugHandler} service (the whiteboard),
 * runs requests on one worker, and posts request events to EventAdmin when it is present, with
 * the device changes a request made that stand once it ended.
 */
@Component(service = RequestQueue.class, immediate = true, configurationPid = RequestQueueService.PID)
@Designate(ocd = QueueConfig.class)
public final class RequestQueueService extends QueueFront implements SerialQueue.Listener {

    static final String PID = "org.sysplug.framework.queue";
    /** The framework property naming sysplug's data directory (the launcher's {@code --data DIR}). */
    static final String DATA_PROPERTY = "sysplug.data";
    /** Where the journal goes inside it. */
    static final String JOURNAL_DIR = "journal";

    private final Logger log;
    private final DepartureWindows departures = new DepartureWindows();
    /** The framework: while it stops, every bundle's departures share one window. */
    private final Bundle system;
    private final SerialQueue queue;
    private final Journal journal;
    private volatile Duration departureWait;
    private volatile Duration stopWait;
    private volatile QueueSettings settings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    @Activate
    public RequestQueueService(Map<String, Object> properties, BundleContext context,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        this.system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        QueueSettings config = read(properties, QueueSettings.DEFAULTS);
        this.settings = config;
        this.departureWait = Duration.ofMillis(config.departureWaitMs());
        this.stopWait = Duration.ofMillis(config.stopWaitMs());
        this.journal = openJournal(context.getProperty(DATA_PROPERTY), config.history(), log);
        RequestLog requestLog = journal != null ? journal : RequestLog.NONE;
        Journal.Recovery recovered = journal != null ? journal.recovery() : Journal.Recovery.EMPTY;
        PhaseRunner runner = new PhaseRunner((handler, action, error) -> log.error(
                "handler {} threw during {}: {}", handler, action, error.toString(), error), requestLog);
        this.queue = new SerialQueue(registry, runner, this, requestLog, recovered, Clock.systemUTC(),
                config.capacity(), config.history(), config.defaultDeadline());
        this.queue.watchdog(Duration.ofMillis(config.handlerTimeoutMs()), Duration.ofMillis(config.stuckAfterMs()));
        for (Outcome o : recovered.interrupted()) {
            log.warn("request {} {} {} did not end: {}", o.id(), o.request().operation(), o.request().targetNames(),
                    o.failure().map(f -> f.describe()).orElse(o.status().name()));
        }
        this.queue.start();
    }

    /** The journal in the data directory, or null (history in memory only) without one or when it cannot open. */
    private static Journal openJournal(String data, int history, Logger log) {
        if (data == null || data.isBlank()) {
            return null;
        }
        Path dir = Path.of(data).resolve(JOURNAL_DIR);
        try {
            Journal journal = Journal.open(dir, history, log::warn);
            log.info("request journal: {} ({} requests recovered)", journal.file(), journal.recovery().history().size());
            return journal;
        } catch (IOException | RuntimeException e) {
            log.error("the request journal in {} cannot be opened: {}; requests run, but their history is lost at exit",
                    dir, e.toString(), e);
            return null;
        }
    }

    /**
     * A configuration change applies in place: without this, SCR would rebuild the component,
     * cancelling the running and queued requests and handing out request ids a second time. A
     * value the queue cannot use is refused and logged, never thrown: SCR would only log that the
     * method threw, and the operator would not learn which key is wrong.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        QueueSettings config = read(properties, settings);
        settings = config;
        queue.reconfigure(config.capacity(), config.history(), config.defaultDeadline());
        queue.watchdog(Duration.ofMillis(config.handlerTimeoutMs()), Duration.ofMillis(config.stuckAfterMs()));
        departureWait = Duration.ofMillis(config.departureWaitMs());
        stopWait = Duration.ofMillis(config.stopWaitMs());
        log.info("request queue reconfigured: capacity {}, history {}, default deadline {} ms, departure wait {} ms",
                config.capacity(), config.history(), config.defaultDeadlineMs(), config.departureWaitMs());
    }

    /** The settings in {@code properties}, each value the queue cannot use logged at ERROR and left as {@code previous} had it. */
    private QueueSettings read(Map<String, Object> properties, QueueSettings previous) {
        QueueSettings.Reading reading = QueueSettings.read(properties, previous);
        reading.refused().forEach(r -> log.error(r.describe()));
        return reading.settings();
    }

    @Deactivate
    void stop() throws InterruptedException {
        try {
            queue.stop(stopWait);
        } finally {
            if (journal != null) {
                journal.close();
            }
        }
    }

    @Reference(service = HotplugHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addHandler(ServiceReference<HotplugHandler> ref, HotplugHandler handler) {
        String name = handlerName(ref, handler);
        String bundle = ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName();
        long bundleId = ref.getBundle() == null ? -1 : ref.getBundle().getBundleId();
        long serviceId = (Long) ref.getProperty("service.id");
        HandlerProperties.Declared declared;
        try {
            declared = HandlerProperties.read(ref::getProperty);
        } catch (IllegalArgumentException e) {
            refuse(new RefusedHandler(name, bundle, bundleId, serviceId, e.getMessage()));
            return;
        }
        registry.add(new HandlerEntry(new HandlerInfo(name, bundle, bundleId, serviceId,
                declared.phase(), declared.rank(), declared.kinds()), handler));
        log.info("handler {} arrived: {} {} {}", name, declared.phase(), declared.rank(), declared.kinds());
    }

    /**
     * A handler that is not used must not go unnoticed: it is listed ({@link #refusedHandlers()}),
     * logged, and announced on EventAdmin so that the console can say so as it is deployed.
     */
    private void refuse(RefusedHandler refused) {
        registry.refuse(refused);
        log.error("handler {} of {} refused: {}", refused.name(), refused.bundle(), refused.reason());
        EventAdmin events = eventAdmin;
        if (events != null) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put(EVENT_HANDLER, refused.name());
            props.put(EVENT_BUNDLE, refused.bundle());
            props.put(EVENT_MESSAGE, refused.reason());
            events.postEvent(new Event(TOPIC_HANDLER_REFUSED, props));
        }
    }

    void removeHandler(ServiceReference<HotplugHandler> ref) {
        long serviceId = (Long) ref.getProperty("service.id");
        long bundleId = ref.getBundle() == null ? -serviceId : ref.getBundle().getBundleId();
        // While the whole platform stops, the bundles stop one after another: a window per bundle
        // made 'exit' behind a hung commit wait four departure waits; one shared window bounds it.
        boolean platformStopping = system != null && system.getState() == Bundle.STOPPING;
        Duration wait = departures.waitFor(platformStopping ? DepartureWindows.PLATFORM : bundleId, departureWait);
        try {
            if (!registry.remove(serviceId, wait)) {
                log.warn("handler {} departed after waiting {} ms (its bundle's share of the departure wait) for the "
                        + "running request that uses it; that request skips it and reports itself inconsistent",
                        handlerName(ref, null), wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String handlerName(ServiceReference<?> ref, Object handler) {
        Object name = ref.getProperty("component.name");
        if (name != null) {
            return name.toString();
        }
        return handler != null ? handler.getClass().getName() : "service " + ref.getProperty("service.id");
    }

    // --- RequestQueue ------------------------------------------------------------------------

    @Override
    SerialQueue queue() {
        return queue;
    }

    // --- events ------------------------------------------------------------------------------

    @Override
    public void queued(Outcome state) {
        post(TOPIC_QUEUED, state);
    }

    @Override
    public void started(Outcome state) {
        post(TOPIC_STARTED, state);
    }

    @Override
    public void finished(Outcome outcome) {
        String topic = switch (outcome.status()) {
            case SUCCEEDED -> TOPIC_SUCCEEDED;
            case CANCELLED -> TOPIC_CANCELLED;
            default -> TOPIC_FAILED;
        };
        if (outcome.status() != Status.SUCCEEDED) {
            log.info("request {} {} {}: {} {}", outcome.id(), outcome.request().operation(),
                    outcome.request().targetNames(), outcome.status(),
                    outcome.failure().map(f -> f.describe()).orElse(""));
        }
        post(topic, outcome);
    }

    @Override
    public void devicesChanged(long id, List<DeviceChange> changes) {
        EventAdmin events = eventAdmin;
        if (events == null) {
            return;
        }
        for (DeviceChange c : changes) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put(DeviceChange.EVENT_DEVICE, c.device());
            props.put(DeviceChange.EVENT_CLASS, c.deviceClass());
            if (c.node() >= 0) {
                props.put(DeviceChange.EVENT_NODE, c.node());
            }
            if (!c.zone().isEmpty()) {
                props.put(DeviceChange.EVENT_ZONE, c.zone());
            }
            props.put(EVENT_ID, id);
            events.postEvent(new Event(c.type().topic(), props));
        }
    }

    @Override
    public void frameworkFailed(long id, Throwable error) {
        log.error("the request queue failed while running request {}: {}", id, error.toString(), error);
    }

    private void post(String topic, Outcome state) {
        EventAdmin events = eventAdmin;
        if (events == null) {
            return;
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(EVENT_ID, state.id());
        props.put(EVENT_OPERATION, state.request().operation().name());
        props.put(EVENT_TARGETS, state.request().targets().stream().map(t -> t.name()).toArray(String[]::new));
        props.put(EVENT_STATUS, state.status().name());
        state.failure().ifPresent(f -> props.put(EVENT_MESSAGE, f.describe()));
        events.postEvent(new Event(topic, props));
    }
}
