package org.sysplug.platform.linux;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The Linux backend's settings an operator may change while it runs (PID
 * {@value LinuxBackendComponent#PID}): how kernel hot-plug events are heard. A setting the
 * configuration leaves out keeps the framework property's value ({@code sysplug.monitor},
 * {@code sysplug.monitor.interval}, as given at start), and without one these defaults. Which tree
 * and which access are fixed for a run: they are the launcher's flags.
 */
@ObjectClassDefinition(name = "sysplug Linux backend",
        description = "How the Linux backend hears kernel hot-plug events. Unset, a setting keeps the framework "
                + "property of the same name (sysplug.monitor, sysplug.monitor.interval) given at start.")
@interface LinuxConfig {

    @AttributeDefinition(name = "Monitor", description = "How kernel hot-plug events are heard: auto (udevadm monitor "
            + "when live and udevadm exists, else polling), udevadm, poll (list the cpu and memory directories every "
            + "interval and compare) or off (hear nothing: new devices stay as the kernel left them). Unset: the "
            + "framework property sysplug.monitor, else auto.",
            options = { @Option(label = "auto", value = "auto"), @Option(label = "udevadm", value = "udevadm"),
                    @Option(label = "poll", value = "poll"), @Option(label = "off", value = "off") })
    String monitor() default "auto";

    @AttributeDefinition(name = "Polling interval (ms)", description = "How often the poll monitor lists the "
            + "devices, in milliseconds, 10 or more. Unset: the framework property sysplug.monitor.interval, else 1000.",
            min = "10")
    long monitor_interval() default 1000;
}
