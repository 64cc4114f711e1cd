package org.sysplug.policy.autoonline;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One NUMA node's override of the policy's defaults (factory PID {@value Policy#NODE_PID}, one
 * configuration per node). A key left out takes the default's value.
 */
@ObjectClassDefinition(name = "sysplug hot-plug policy of one node",
        description = "Overrides the hot-plug policy's defaults for one NUMA node; a key left out takes the default.")
@interface NodePolicyConfig {

    @AttributeDefinition(name = "Node", type = AttributeType.INTEGER, min = "0", description = "The NUMA node (N of nodeN).")
    int node();

    @AttributeDefinition(name = "Memory action", required = false,
            description = "online, online_movable, online_kernel or offline; left out: the default's.",
            options = { @Option(label = "online", value = "online"), @Option(label = "online_movable", value = "online_movable"),
                    @Option(label = "online_kernel", value = "online_kernel"), @Option(label = "offline", value = "offline") })
    String memory_action();

    @AttributeDefinition(name = "MOVABLE:NORMAL ratio", required = false,
            description = "MOVABLE:NORMAL in whole numbers (3:1), 'none' for no limit; left out: the default's.")
    String memory_movable_ratio();

    @AttributeDefinition(name = "CPU action", required = false, description = "online or offline; left out: the default's.",
            options = { @Option(label = "online", value = "online"), @Option(label = "offline", value = "offline") })
    String cpu_action();
}
