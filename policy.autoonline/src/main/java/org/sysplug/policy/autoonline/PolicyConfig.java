package org.sysplug.policy.autoonline;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The hot-plug policy's defaults (PID {@value Policy#PID}), for every node that has no override
 * of its own ({@link NodePolicyConfig}). Read from the raw configuration, so that a value that is
 * wrong is reported as written; these definitions are what ConfigAdmin tools show and check.
 */
@ObjectClassDefinition(name = "sysplug hot-plug policy",
        description = "What sysplug does with CPUs and memory blocks that appear (hot-added): online them, into which "
                + "zone, which CPUs to keep offline, and how to retry a device that cannot go online yet. Without a "
                + "configuration every device that appears offline goes online.")
@interface PolicyConfig {

    @AttributeDefinition(name = "Memory action", description = "What to do with a memory block that appears offline: "
            + "online (the kernel's default zone), online_movable (ZONE_MOVABLE, within memory.movable.ratio), "
            + "online_kernel (the kernel zone), offline (leave it offline).",
            options = { @Option(label = "online", value = "online"), @Option(label = "online_movable", value = "online_movable"),
                    @Option(label = "online_kernel", value = "online_kernel"), @Option(label = "offline", value = "offline") })
    String memory_action() default "online";

    @AttributeDefinition(name = "MOVABLE:NORMAL ratio", required = false, description = "With online_movable, the most "
            + "movable memory a node may have per normal (kernel) memory, counting what is online already, as "
            + "MOVABLE:NORMAL in whole numbers (3:1 puts 48 of 64 new blocks in Movable and 16 in Normal, the normal "
            + "ones at the lowest addresses); empty for no limit.")
    String memory_movable_ratio() default "";

    @AttributeDefinition(name = "CPU action", description = "What to do with a CPU that appears offline: online, or "
            + "offline (leave it).", options = { @Option(label = "online", value = "online"), @Option(label = "offline", value = "offline") })
    String cpu_action() default "online";

    @AttributeDefinition(name = "CPUs to keep offline", required = false, description = "CPUs that stay offline when "
            + "they appear, as a util-linux list (0-3,8,10-14:2), for example SMT siblings or a reserved set; empty for none.")
    String cpu_keep_offline() default "";

    @AttributeDefinition(name = "Retries", type = AttributeType.INTEGER, min = "0", max = "100",
            description = "How often to retry the devices that could not go online yet (EAGAIN, EBUSY, EIO) before giving up; 0: never.")
    int retry_attempts() default 5;

    @AttributeDefinition(name = "First retry delay (ms)", type = AttributeType.INTEGER, min = "1", max = "600000",
            description = "The wait before the first retry; each further retry waits twice as long, up to retry.delay.max.ms.")
    int retry_delay_ms() default 200;

    @AttributeDefinition(name = "Longest retry delay (ms)", type = AttributeType.INTEGER, min = "1", max = "3600000",
            description = "The longest wait between two retries.")
    int retry_delay_max_ms() default 10000;
}
