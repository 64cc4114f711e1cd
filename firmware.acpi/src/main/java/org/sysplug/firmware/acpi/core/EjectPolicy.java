package org.sysplug.firmware.acpi.core;

import java.util.Locale;

/**
 * What an eject demands of the resources below the device (configuration property
 * {@code eject.policy} of PID {@value AcpiSettings#PID}).
 */
public enum EjectPolicy {

    /**
     * The RFC's way (the default): the delete lists take every CPU and memory block below the
     * device offline, reversibly, before {@code _EJ0}; a failure on the way brings them back.
     */
    OFFLINE_THEN_EJECT("offline-then-eject"),

    /**
     * Linux's way since 3.12 ({@code demand_offline}): an eject is refused with device-busy unless
     * everything below the device is offline already; the operator offlines it first.
     */
    DEMAND_OFFLINE("demand-offline");

    public static final EjectPolicy DEFAULT = OFFLINE_THEN_EJECT;

    private final String configName;

    EjectPolicy(String configName) {
        this.configName = configName;
    }

    /** The value of {@code eject.policy}. */
    public String configName() {
        return configName;
    }

    /**
     * Reads {@code offline-then-eject} or {@code demand-offline} (any case; {@code _} for {@code -}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static EjectPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (EjectPolicy p : values()) {
            if (p.configName.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown eject.policy '" + text + "': use offline-then-eject or demand-offline");
    }

    @Override
    public String toString() {
        return configName;
    }
}
