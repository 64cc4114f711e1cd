package org.sysplug.framework;

import java.util.Objects;

/**
 * A change a handler made to one device: a CPU or memory block added, a node brought online, a
 * firmware container's device objects removed. Handlers report it with
 * {@link RequestContext#changed(DeviceChange)}; the framework posts it to EventAdmin on
 * {@code org/sysplug/device/ADDED}, {@code REMOVED}, {@code ONLINE} or {@code OFFLINE} once the
 * request has ended, and only when the change stands: a change that the request's rollback
 * undid is never announced, so a listener never sees an ONLINE that did not last.
 *
 * @param type what happened
 * @param device the device as an operator names it ({@code cpu5}, {@code memory40}, {@code \_SB.NOD1})
 * @param deviceClass its class ({@code cpu}, {@code memory}, {@code node}, or a firmware object's
 *        kind such as {@code container})
 * @param node its NUMA node, or -1 when it has none or it is not known
 * @param zone a memory block's zone ({@code Movable}, {@code Normal}) when it came online, or empty
 */
public record DeviceChange(Type type, String device, String deviceClass, int node, String zone) {

    /** The topics the changes are posted on: this prefix and the type's name. */
    public static final String TOPIC_PREFIX = "org/sysplug/device/";
    /** Event property: the device name (String). */
    public static final String EVENT_DEVICE = "device";
    /** Event property: the device class (String). */
    public static final String EVENT_CLASS = "class";
    /** Event property: the NUMA node (Integer), absent when not known. */
    public static final String EVENT_NODE = "node";
    /** Event property: a memory block's zone (String), present for memory coming online. */
    public static final String EVENT_ZONE = "zone";
    // the request id is RequestQueue.EVENT_ID, as on the request events: one filter matches both

    /** What happened to a device. */
    public enum Type {
        ADDED, REMOVED, ONLINE, OFFLINE;

        /** The EventAdmin topic of this type. */
        public String topic() {
            return TOPIC_PREFIX + name();
        }
    }

    public DeviceChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(deviceClass, "deviceClass");
        Objects.requireNonNull(zone, "zone");
    }

    /** A change to {@code classN} on {@code node} ({@code -1}: none), without a zone. */
    public static DeviceChange of(Type type, String deviceClass, int index, int node) {
        return new DeviceChange(type, deviceClass + index, deviceClass, node, "");
    }

    /** This change with a memory zone, as sysfs names it in {@code valid_zones}. */
    public DeviceChange inZone(String name) {
        return new DeviceChange(type, device, deviceClass, node, name);
    }

    /** One line: {@code ONLINE memory40 (memory, node 1, zone Movable)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(type.name()).append(' ').append(device).append(" (").append(deviceClass);
        if (node >= 0) {
            sb.append(", node ").append(node);
        }
        if (!zone.isEmpty()) {
            sb.append(", zone ").append(zone);
        }
        return sb.append(')').toString();
    }
}
