package org.sysplug.firmware.acpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.sysplug.firmware.acpi.core.AcpiNamespace;
import org.sysplug.firmware.acpi.core.OstRules;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;
import org.sysplug.framework.Target;
import org.sysplug.framework.TraceEntry;
import org.sysplug.platform.PortException;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.acpi.NotificationListener;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;

/**
 * Answers firmware notifications with requests, as Linux's {@code acpi_device_hotplug} does, and
 * returns at once (submitting never blocks):
 * <ul>
 * <li>DEVICE_CHECK or BUS_CHECK on a present device the OS has not enumerated: a HOT_ADD of it;
 * a BUS_CHECK on an enumerated device: a HOT_ADD of the present devices below it that are not
 * enumerated yet, if any;</li>
 * <li>EJECT_REQUEST: a HOT_REMOVE of the device (the same request as an operator's eject).</li>
 * </ul>
 * Requests carry origin {@value #ORIGIN} and the notification as parameter
 * {@value OstRules#EVENT_PARAMETER}, so that their {@code _OST} reports on it. The handlers report
 * {@code _OST} for every request that reaches them; when a request never does (the queue was
 * full, it was cancelled while queued) or when there is nothing to submit, this listener reports.
 *
 * <p>Immediate, as an OS installs its notify handlers at boot: started with the bundle, it has the
 * namespace enumerated and the queue running before the first notification, rather than when the
 * machine first asks for it, with the device already changed.
 */
@Component(service = NotificationListener.class, name = FirmwareNotifications.NAME, immediate = true)
public final class FirmwareNotifications implements NotificationListener {

    static final String NAME = "acpi.notifications";
    /** The origin of the requests it submits. */
    public static final String ORIGIN = "firmware";

    private final AcpiNamespace namespace;
    private final AcpiPort firmware;
    private final RequestQueue queue;
    private final Logger log;

    @Activate
    public FirmwareNotifications(@Reference AcpiNamespace namespace, @Reference AcpiPort firmware,
            @Reference RequestQueue queue, @Reference(service = LoggerFactory.class) Logger log) {
        this.namespace = namespace;
        this.firmware = firmware;
        this.queue = queue;
        this.log = log;
    }

    @Override
    public void notify(String path, Notification notification) {
        try {
            switch (notification) {
                case DEVICE_CHECK, BUS_CHECK -> checked(path, notification);
                case EJECT_REQUEST -> submit(path, notification, Operation.HOT_REMOVE, List.of(path));
                default -> log.warn("firmware raised {} on {}: not a hot-plug notification, ignored", notification, path);
            }
        } catch (RuntimeException e) {
            // never let the firmware's thread fail because of us
            log.error("firmware {} on {} not handled: {}", notification, path, e.toString(), e);
        }
    }

    private void checked(String path, Notification notification) {
        Optional<AcpiDevice> found = firmware.device(path);
        if (found.isEmpty()) {
            log.warn("firmware raised {} on {}, which is not in the namespace: ignored", notification, path);
            return;
        }
        AcpiDevice device = found.get();
        if (!device.present()) {
            if (namespace.hasObject(path)) {
                log.warn("firmware raised {} on {}: it is gone, but the OS still has its device objects: it was removed "
                        + "without an eject and what the OS had of it is lost; sysplug does not handle a surprise "
                        + "removal", notification, path);
                ost(path, notification, OstStatus.NON_SPECIFIC_FAILURE);
            } else {
                log.info("firmware raised {} on {}: not present and not enumerated, nothing to do", notification, path);
                ost(path, notification, OstStatus.SUCCESS);
            }
            return;
        }
        List<String> targets;
        if (!namespace.hasObject(path)) {
            targets = List.of(path);
        } else {
            targets = new ArrayList<>();
            if (notification == Notification.BUS_CHECK) {
                collectNew(device, targets);
            }
        }
        if (targets.isEmpty()) {
            // Linux: "Already enumerated", and the firmware is told all is well
            log.info("firmware raised {} on {}: enumerated already, nothing new below it", notification, path);
            ost(path, notification, OstStatus.SUCCESS);
            return;
        }
        submit(path, notification, Operation.HOT_ADD, targets);
    }

    /** The topmost present devices below an enumerated one that are not enumerated. */
    private void collectNew(AcpiDevice device, List<String> out) {
        for (String child : device.children()) {
            Optional<AcpiDevice> c = firmware.device(child);
            if (c.isEmpty() || !c.get().present() || !c.get().enabled()) {
                continue;
            }
            if (namespace.hasObject(child)) {
                collectNew(c.get(), out);
            } else {
                out.add(child);
            }
        }
    }

    private void submit(String path, Notification notification, Operation operation, List<String> targets) {
        HotplugRequest.Builder builder = HotplugRequest.of(operation).origin(ORIGIN)
                .parameter(OstRules.EVENT_PARAMETER, notification.name());
        targets.forEach(t -> builder.target(t));
        HotplugRequest request = builder.build();
        Submission submission = queue.submit(request);
        log.info("firmware raised {} on {}: submitted request {}: {} {}", notification, path, submission.id(),
                operation, request.targetNames());
        submission.outcome().whenComplete((outcome, error) -> finished(submission.id(), path, notification, outcome));
    }

    private void finished(long id, String path, Notification notification, Outcome outcome) {
        if (outcome == null) {
            return;
        }
        if (outcome.succeeded()) {
            log.info("request {} for {} on {} succeeded", id, notification, path);
            return;
        }
        log.warn("request {} for {} on {} ended {}: {}", id, notification, path, outcome.status(),
                outcome.failure().map(f -> f.describe()).orElse(""));
        if (outcome.status().isFailure() && !reachedValidation(outcome)) {
            // nothing of this module ran, so nothing told the firmware: it would wait for ever
            for (Target t : outcome.request().targets()) {
                ost(t.name(), notification, OstStatus.NON_SPECIFIC_FAILURE);
            }
        }
    }

    /** Whether this module's validate handler ran: it (or a handler after it) then reported _OST. */
    private static boolean reachedValidation(Outcome outcome) {
        for (TraceEntry e : outcome.trace()) {
            if (e.handler().equals(AddValidate.NAME) || e.handler().equals(EjectValidate.NAME)) {
                return true;
            }
        }
        return false;
    }

    private void ost(String path, Notification notification, OstStatus status) {
        OstEvent event = OstEvent.valueOf(notification.name());
        try {
            firmware.ost(path, event, status);
        } catch (PortException e) {
            log.warn("could not report {} {} to the firmware on {}: {}", event, status, path, e.describe());
        }
    }
}
