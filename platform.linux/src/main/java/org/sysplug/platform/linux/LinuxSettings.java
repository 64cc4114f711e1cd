package org.sysplug.platform.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * How the Linux backend runs, from framework properties (the launcher sets them from
 * {@code --sysroot DIR}, {@code --writable} and {@code --live}; {@code -Dkey=value} sets them too).
 *
 * <ul>
 * <li>{@value #BACKEND}: {@code sim} (the default: the simulated machine) or {@code linux}.</li>
 * <li>{@value #SYSROOT}: the directory that holds {@code sys/}; {@code /} by default.</li>
 * <li>{@value #ACCESS}: {@code read-only} (the default: nothing is ever written),
 * {@code writable} (a copied tree: writes go to its files; the real {@code /sys} is refused) or
 * {@code live} (the running kernel: writes change the machine).</li>
 * <li>{@value #MONITOR}: how kernel hot-plug events are heard: {@code auto} (the default:
 * {@code udevadm monitor} when live and udevadm exists, else polling), {@code udevadm},
 * {@code poll} or {@code off}; {@value #INTERVAL}: the polling period in milliseconds. These two
 * a configuration may change while the backend runs ({@link LinuxConfig}).</li>
 * </ul>
 */
record LinuxSettings(Path sysroot, Sysroot.Access access, Monitor monitor, Duration interval) {

    static final String BACKEND = "sysplug.backend";
    static final String SYSROOT = "sysplug.sysroot";
    static final String ACCESS = "sysplug.access";
    static final String MONITOR = "sysplug.monitor";
    static final String INTERVAL = "sysplug.monitor.interval";

    enum Monitor { AUTO, UDEVADM, POLL, OFF }

    /**
     * The framework properties an operator may also set by configuration (PID
     * {@value LinuxBackendComponent#PID}, {@link LinuxConfig}), with their keys there.
     */
    static final Map<String, String> CONFIGURABLE = Map.of(MONITOR, "monitor", INTERVAL, "monitor.interval");

    /** The framework properties, each configurable one overridden by the configuration when it sets it. */
    static UnaryOperator<String> configured(Map<String, ?> configuration, UnaryOperator<String> framework) {
        return key -> {
            String configKey = CONFIGURABLE.get(key);
            Object value = configKey == null ? null : configuration.get(configKey);
            return value != null ? value.toString() : framework.apply(key);
        };
    }

    /** Whether the framework asked for the Linux backend. */
    static boolean linuxChosen(UnaryOperator<String> properties) {
        String b = properties.apply(BACKEND);
        return b != null && b.trim().equalsIgnoreCase("linux");
    }

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException naming the property, the value and what it may be
     */
    static LinuxSettings of(UnaryOperator<String> properties) {
        String root = value(properties, SYSROOT, "/");
        Sysroot.Access access = switch (value(properties, ACCESS, "read-only").toLowerCase(Locale.ROOT)) {
            case "read-only", "readonly", "ro" -> Sysroot.Access.READ_ONLY;
            case "writable", "rw" -> Sysroot.Access.WRITABLE;
            case "live" -> Sysroot.Access.LIVE;
            default -> throw new IllegalArgumentException(ACCESS + "=" + properties.apply(ACCESS)
                    + " is not an access: use read-only, writable (a copied tree) or live (this machine)");
        };
        Monitor monitor;
        try {
            monitor = Monitor.valueOf(value(properties, MONITOR, "auto").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MONITOR + "=" + properties.apply(MONITOR)
                    + " is not a monitor: use auto, udevadm, poll or off");
        }
        long ms;
        try {
            ms = Long.parseLong(value(properties, INTERVAL, "1000"));
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 10) {
            throw new IllegalArgumentException(INTERVAL + "=" + properties.apply(INTERVAL)
                    + " is not a polling period: give milliseconds, 10 or more");
        }
        return new LinuxSettings(Path.of(root), access, monitor, Duration.ofMillis(ms));
    }

    private static String value(UnaryOperator<String> properties, String key, String otherwise) {
        String v = properties.apply(key);
        return v == null || v.isBlank() ? otherwise : v.trim();
    }

    /** How a line of the log describes it: {@code linux: /tmp/x86 (read-only)}. */
    String describe() {
        return "linux: " + sysroot + " (" + access.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
    }
}
