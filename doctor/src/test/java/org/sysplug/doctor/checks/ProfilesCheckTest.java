package org.sysplug.doctor.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sysplug.doctor.Severity;
import org.sysplug.platform.sim.TestMachine;

/** Disabled hot-plug profiles, read through the simulated firmware's port. */
class ProfilesCheckTest {

    @Test
    void everyProfileEnabledFindsNothing() {
        TestMachine m = TestMachine.boot("default");
        assertThat(new ProfilesCheck(m.firmware()).examine(Machines.now(m))).isEmpty();
    }

    @Test
    void aDisabledProfileIsAWarningWithTheFileToWriteAndTheSlotsItConcerns() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.firmware().setProfileEnabled("memory", false);

        assertThat(new ProfilesCheck(m.firmware()).examine(Machines.now(m))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.check()).isEqualTo("hotplug-profiles");
            assertThat(f.subject()).isEqualTo("/sys/firmware/acpi/hotplug/memory/enabled");
            // the empty slot \_SB.MEM2 is a memory device; \_SB.NOD1's memory is below an absent container
            assertThat(f.problem()).startsWith("hot-plug of class memory is disabled").contains("\\_SB.MEM2");
            assertThat(f.fix()).startsWith("enable it with: echo 1 > /sys/firmware/acpi/hotplug/memory/enabled");
        });
    }

    @Test
    void aProfileDisabledInTheMachineDescriptionIsFound() {
        TestMachine m = TestMachine.fromYaml("""
                name: no-container-hotplug
                profiles: {container: false}
                firmware:
                  - path: \\_SB.NOD0
                    type: container
                    node: 0
                    ejectable: false
                    cpus: {count: 2, apic-base: 0}
                    memory: [{start: 0, size: 1GiB}]
                  - path: \\_SB.NOD1
                    type: container
                    node: 1
                    present: false
                    cpus: {count: 2, apic-base: 16}
                    memory: [{start: 4GiB, size: 1GiB}]
                """);
        assertThat(new ProfilesCheck(m.firmware()).examine(Machines.now(m))).singleElement()
                .satisfies(f -> assertThat(f.subject()).isEqualTo("/sys/firmware/acpi/hotplug/container/enabled"));
    }
}
