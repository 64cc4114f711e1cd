package org.sysplug.resource.memory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the blocks of hot-added memory come online: the kernel's {@code auto_online_blocks} values. */
enum OnlinePolicy {
    /** Leave them offline, for an operator or a later request to online. */
    OFFLINE("offline"),
    /** The kernel's default zone (the first of {@code valid_zones}). */
    ONLINE("online"),
    /** ZONE_MOVABLE where {@code valid_zones} allows it, else the kernel's default zone. */
    ONLINE_MOVABLE("online_movable"),
    /** The kernel zone. */
    ONLINE_KERNEL("online_kernel");

    private final String configName;

    OnlinePolicy(String configName) {
        this.configName = configName;
    }

    String configName() {
        return configName;
    }

    /** Reads a configured value; null when it is none of the four. */
    static OnlinePolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (OnlinePolicy p : values()) {
            if (p.configName.equals(t)) {
                return p;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(OnlinePolicy::configName).collect(Collectors.joining(", "));
    }
}
