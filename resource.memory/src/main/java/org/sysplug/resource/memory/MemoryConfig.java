package org.sysplug.resource.memory;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The memory module's settings (PID {@value MemorySettings#PID}); they apply to the next request. */
@ObjectClassDefinition(name = "sysplug memory module",
        description = "How hot-added memory comes online, and which memory may be hot-removed.")
@interface MemoryConfig {

    @AttributeDefinition(name = "Online policy", description = "What happens to the blocks of hot-added memory: "
            + "offline (leave them offline), online (the kernel's default zone), online_movable (ZONE_MOVABLE where "
            + "valid_zones allows it, else the kernel's default: removable again later), online_kernel (the kernel "
            + "zone). An online request without a zone uses it too (offline then means the kernel's default).",
            options = { @Option(label = "offline", value = "offline"), @Option(label = "online", value = "online"),
                    @Option(label = "online_movable", value = "online_movable"),
                    @Option(label = "online_kernel", value = "online_kernel") })
    String online_policy() default "online_movable";

    @AttributeDefinition(name = "Movable only", description = "Hot-remove only memory whose online blocks are all "
            + "in ZONE_MOVABLE (the RFC's del_movable_only): memory in a kernel zone may hold pages that cannot move.")
    boolean movable_only() default false;
}
