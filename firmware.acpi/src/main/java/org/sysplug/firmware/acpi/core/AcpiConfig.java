package org.sysplug.firmware.acpi.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The ACPI module's settings (PID {@value AcpiSettings#PID}); they apply in place, between requests. */
@ObjectClassDefinition(name = "sysplug ACPI", description = "The ACPI core and its hot-plug handlers.")
public @interface AcpiConfig {

    @AttributeDefinition(name = "Eject policy", description = "offline-then-eject (the RFC): the eject request "
            + "takes every CPU and memory block below the device offline, reversibly, before _EJ0. demand-offline "
            + "(Linux): an eject is refused with device-busy unless everything below the device is offline already.",
            options = {
                    @Option(label = "offline everything, then eject", value = "offline-then-eject"),
                    @Option(label = "refuse unless already offline", value = "demand-offline") })
    String eject_policy() default "offline-then-eject";
}
