package org.sysplug.platform.sim;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.sysplug.platform.sim.description.MachineSource;

/** Which machine the simulator runs (PID {@value SimulatedMachineComponent#PID}). */
@ObjectClassDefinition(name = "sysplug simulated machine",
        description = "A machine with kernel-faithful hot-plug rules, fault and latency injection.")
@interface SimConfig {

    @AttributeDefinition(name = "Machine", description = "A built-in machine (default, server-4node, scale-1024) "
            + "or the path of a YAML machine description. Changing it replaces the machine.")
    String machine() default MachineSource.DEFAULT;
}
