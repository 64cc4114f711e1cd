package org.sysplug.firmware.acpi.core;

import java.util.Locale;
import java.util.Optional;

import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;

/**
 * What a request tells the firmware through {@code _OST}: on which source event it reports, and
 * which status a failure reports, as Linux's {@code acpi_device_hotplug} chooses them. Pure rules
 * over the request: they keep nothing, so two requests can never see each other's status.
 */
public final class OstRules {

    /**
     * The request parameter naming the firmware notification a request answers
     * ({@code BUS_CHECK}, {@code DEVICE_CHECK}, {@code EJECT_REQUEST}): the source event of its
     * {@code _OST}. Without it, a hot-add reports {@code DEVICE_CHECK} and an eject {@code EJECT}
     * (an eject the OS started: Linux's {@code ACPI_OST_EC_OSPM_EJECT}).
     */
    public static final String EVENT_PARAMETER = "acpi.event";

    private OstRules() {
    }

    /**
     * The source event the request's {@code _OST} reports on: the notification it answers
     * ({@value #EVENT_PARAMETER}), else {@code EJECT} for an eject and {@code DEVICE_CHECK} for a
     * hot-add the OS started.
     */
    public static OstEvent event(HotplugRequest request) {
        return request.parameter(EVENT_PARAMETER).flatMap(OstRules::parseEvent).orElse(
                request.operation() == Operation.HOT_REMOVE ? OstEvent.EJECT : OstEvent.DEVICE_CHECK);
    }

    /** An error for a {@value #EVENT_PARAMETER} parameter that names no source event, else empty. */
    public static Optional<String> checkEvent(HotplugRequest request) {
        Optional<String> value = request.parameter(EVENT_PARAMETER);
        if (value.isPresent() && parseEvent(value.get()).isEmpty()) {
            return Optional.of("request parameter " + EVENT_PARAMETER + "=" + value.get()
                    + " names no firmware event: use BUS_CHECK, DEVICE_CHECK, EJECT_REQUEST or EJECT");
        }
        return Optional.empty();
    }

    private static Optional<OstEvent> parseEvent(String text) {
        try {
            return Optional.of(OstEvent.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The {@code _OST} status of a failure, as Linux's {@code acpi_device_hotplug} chooses it: an
     * eject refused as not permitted (no {@code _EJ0}, profile disabled) is eject-not-supported,
     * a busy one device-busy; anything else, and every failed hot-add, is a non-specific failure.
     */
    public static OstStatus failureStatus(Operation operation, String code) {
        if (operation == Operation.HOT_REMOVE) {
            if (HotplugException.EPERM.equals(code)) {
                return OstStatus.EJECT_NOT_SUPPORTED;
            }
            if (HotplugException.EBUSY.equals(code)) {
                return OstStatus.DEVICE_BUSY;
            }
        }
        return OstStatus.NON_SPECIFIC_FAILURE;
    }

    /**
     * The {@code _OST} status of a request that is being rolled back, derived from why it is: the
     * failing handler's code as {@link #failureStatus} maps it (whichever module refused, so a
     * demand-offline refusal and unmovable pages are both device-busy), non-specific failure for
     * a cancellation or when there is no cause. The request carries its cause, so nothing has to be
     * kept between the handler that refuses and the one that reports.
     */
    public static OstStatus rollbackStatus(RequestContext context) {
        Operation operation = context.request().operation();
        return context.rollbackCause().map(cause -> failureStatus(operation, cause.code()))
                .orElse(OstStatus.NON_SPECIFIC_FAILURE);
    }
}
