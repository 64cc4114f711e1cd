package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The machines platform.sim.description ships boot in the simulator. */
class ShippedMachinesTest {

    @Test
    void shippedMachinesBoot() {
        for (String name : List.of("default", "server-4node", "scale-1024")) {
            SimMachine m = Machines.boot(name);
            assertThat(m.name()).isEqualTo(name);
            assertThat(m.generation()).isEqualTo(1);
        }
    }
}
