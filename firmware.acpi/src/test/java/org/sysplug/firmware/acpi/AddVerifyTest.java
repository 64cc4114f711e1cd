package org.sysplug.firmware.acpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.LocalRunner.Registration;

/**
 * A hot-add is a success only when what the firmware described is on the machine afterwards: the
 * last ACPI execute handler looks, so a hot-add while no resource module runs fails and rolls back.
 */
class AddVerifyTest {

    private final AcpiFixture acpi = AcpiFixture.boot();

    private Registration verify() {
        return AcpiFixture.reg(new AddVerify(acpi.machine.view()), AddVerify.NAME, Phase.ADD_EXECUTE,
                Order.ADD_EXECUTE_ACPI_VERIFY);
    }

    /** Adds what a request describes, as the node, memory and CPU modules would, but only the classes asked for. */
    private Registration adding(boolean nodes, boolean memory, boolean cpus) {
        HotplugHandler h = new HotplugHandler() {
            @Override
            public void apply(RequestContext context) throws HotplugException {
                if (nodes) {
                    for (NodeResource r : context.resources(NodeResource.class)) {
                        acpi.machine.nodes().online(r.node());
                    }
                }
                if (memory) {
                    for (MemoryResource r : context.resources(MemoryResource.class)) {
                        acpi.machine.memory().add(r.start(), r.size(), r.node());
                    }
                }
                if (cpus) {
                    for (CpuResource r : context.resources(CpuResource.class)) {
                        acpi.machine.cpus().register(r.apicId(), r.node());
                    }
                }
            }
        };
        return new Registration(h, "stand-in.resources", Phase.ADD_EXECUTE, 100, EnumSet.of(Kind.HOTPLUG));
    }

    @Test
    void aHotAddNoModuleCarriedOutFailsAndIsRolledBack() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");

        Outcome o = acpi.run(HotAddTest.fromFirmware("\\_SB.NOD1", "BUS_CHECK"), verify());

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        Failure f = o.failure().orElseThrow();
        assertThat(f.code()).isEqualTo("NO_HANDLER");
        assertThat(f.device()).isEqualTo("\\_SB.NOD1.MEM0");
        assertThat(f.message()).contains("\\_SB.NOD1.MEM0 memory 0x240000000-0x43fffffff (8192 MiB) node 1 (no memory module added it)")
                .contains("and 7 more").contains("insert again");
        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).as("the objects were rolled back").isEmpty();
        assertThat(acpi.machine.ostLog()).as("the firmware is told it failed").noneMatch(l -> l.endsWith("SUCCESS"));
    }

    @Test
    void theCpusMissingAloneAreNamed() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");

        Outcome o = acpi.run(HotAddTest.fromFirmware("\\_SB.NOD1", "BUS_CHECK"), adding(true, true, false), verify());

        assertThat(o.failure().orElseThrow().device()).isEqualTo("\\_SB.NOD1.CP00");
        assertThat(o.failure().orElseThrow().message()).contains("\\_SB.NOD1.CP00 CPU with APIC id 16 (no CPU module registered it)")
                .doesNotContain("memory 0x");
    }

    @Test
    void aHotAddThatAddedEverythingPasses() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");

        Outcome o = acpi.run(HotAddTest.fromFirmware("\\_SB.NOD1", "BUS_CHECK"), adding(true, true, true), verify());

        assertThat(o.status()).as(o.failure().map(Failure::describe).orElse("")).isEqualTo(Status.SUCCEEDED);
        assertThat(o.trace()).anyMatch(e -> e.handler().equals(AddVerify.NAME)
                && e.notes().stream().anyMatch(n -> n.contains("8 CPU(s), 64 memory block(s), 1 node(s) as described")));
    }
}
