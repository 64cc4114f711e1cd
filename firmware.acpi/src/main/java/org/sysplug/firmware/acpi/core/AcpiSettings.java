package org.sysplug.firmware.acpi.core;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The ACPI module's settings (ConfigAdmin PID {@value #PID}): today the eject policy. The one
 * component of this bundle with a configuration, so that a changed setting touches nothing that
 * holds state about the machine.
 */
@Component(service = AcpiSettings.class, name = AcpiSettings.NAME, configurationPid = AcpiSettings.PID)
@Designate(ocd = AcpiConfig.class)
public final class AcpiSettings {

    /** The configuration PID of the ACPI module. */
    public static final String PID = "org.sysplug.firmware.acpi";
    /** The component name. */
    public static final String NAME = "acpi.settings";

    private final Logger log;
    private volatile EjectPolicy ejectPolicy;

    @Activate
    public AcpiSettings(AcpiConfig config, @Reference(service = LoggerFactory.class) Logger log) {
        this(policyOf(config, EjectPolicy.DEFAULT, log), log);
    }

    /** Settings with this eject policy, as a configuration would give them. */
    public AcpiSettings(EjectPolicy policy, Logger log) {
        this.log = log;
        this.ejectPolicy = policy;
    }

    /**
     * The settings apply in place, between requests: a rebuilt component would take every handler
     * that references it down and up again with it.
     */
    @Modified
    void modified(AcpiConfig config) {
        EjectPolicy next = policyOf(config, ejectPolicy, log);
        if (next != ejectPolicy) {
            log.info("eject policy is now {} (was {})", next, ejectPolicy);
            ejectPolicy = next;
        }
    }

    private static EjectPolicy policyOf(AcpiConfig config, EjectPolicy fallback, Logger log) {
        try {
            return EjectPolicy.parse(config.eject_policy());
        } catch (IllegalArgumentException e) {
            log.error("{}; keeping eject policy {}", e.getMessage(), fallback);
            return fallback;
        }
    }

    /** How ejects treat what is still online below the device. */
    public EjectPolicy ejectPolicy() {
        return ejectPolicy;
    }

    /** Sets the eject policy, as a configuration change does. */
    public void setEjectPolicy(EjectPolicy policy) {
        this.ejectPolicy = policy;
    }
}
