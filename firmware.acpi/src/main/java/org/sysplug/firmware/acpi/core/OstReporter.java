package org.sysplug.firmware.acpi.core;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.PortException;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;

/**
 * Tells the firmware how a request ended ({@code _OST} on each target, for the request's source
 * event as {@link OstRules#event} finds it) and notes every call in the request's trace. The
 * firmware waits for this answer after a notification, so a failure is reported even while the
 * request is already failing.
 */
@Component(service = OstReporter.class, name = OstReporter.NAME)
public final class OstReporter {

    /** The component name. */
    public static final String NAME = "acpi.ost";

    private final AcpiPort firmware;
    private final Logger log;

    @Activate
    public OstReporter(@Reference AcpiPort firmware, @Reference(service = LoggerFactory.class) Logger log) {
        this.firmware = firmware;
        this.log = log;
    }

    /**
     * Evaluates {@code _OST} on a target for the request's source event, and notes it in the
     * trace. A dry run tells the firmware nothing (it raised no event for it); neither does a path
     * the namespace lacks (there is no object to evaluate it on).
     *
     * @throws PortException when the firmware fails the call
     */
    public void report(RequestContext context, String path, OstStatus status) throws PortException {
        if (context.request().dryRun()) {
            return;
        }
        if (firmware.device(path).isEmpty()) {
            return;
        }
        OstEvent event = OstRules.event(context.request());
        firmware.ost(path, event, status);
        context.note("_OST " + path + " " + event + " " + status);
    }

    /**
     * Reports a failure of the request to the firmware on each target, noting (not throwing) a
     * failed {@code _OST}: it runs while the request already fails, and a second failure would
     * hide the first.
     */
    public void reportFailure(RequestContext context, List<String> paths, OstStatus status) {
        for (String p : paths) {
            try {
                report(context, p, status);
            } catch (PortException e) {
                context.note("_OST " + status + " on " + p + " failed: " + e.describe());
                log.warn("request {}: could not report {} to the firmware on {}: {}", context.id(), status, p,
                        e.describe());
            }
        }
    }
}
