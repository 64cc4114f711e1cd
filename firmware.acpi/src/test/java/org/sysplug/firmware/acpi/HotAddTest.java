package org.sysplug.firmware.acpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysplug.firmware.acpi.core.OstRules;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Device;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.framework.TraceEntry.Action;
import org.sysplug.framework.Zone;

/** HOT_ADD through the ACPI handlers on the real simulated machine (default.yaml). */
class HotAddTest {

    private static final long GIB = 1L << 30;

    private final AcpiFixture acpi = AcpiFixture.boot();

    static HotplugRequest fromFirmware(String path, String event) {
        return HotplugRequest.of(Operation.HOT_ADD, path).origin("firmware").parameter(OstRules.EVENT_PARAMETER, event)
                .build();
    }

    @Test
    void insertedContainerIsEnumeratedAndDescribed() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");

        Outcome o = acpi.run(fromFirmware("\\_SB.NOD1", "BUS_CHECK"));

        assertThat(o.status()).as(o.failure().map(Failure::describe).orElse("")).isEqualTo(Status.SUCCEEDED);
        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).hasSize(10);
        assertThat(acpi.namespace.object("\\_SB.NOD1.CP05").orElseThrow().driver()).contains("processor");
        assertThat(acpi.namespace.object("\\_SB.NOD1.MEM0").orElseThrow().driver()).contains("memory");
        assertThat(acpi.namespace.object("\\_SB.NOD1").orElseThrow().driver()).contains("container");

        List<CpuResource> cpus = o.resources().stream().filter(CpuResource.class::isInstance)
                .map(CpuResource.class::cast).toList();
        assertThat(cpus).containsExactlyElementsOf(IntStream.range(0, 8)
                .mapToObj(i -> new CpuResource("\\_SB.NOD1.CP0" + i, 16 + i, 1, CpuResource.UNASSIGNED)).toList());
        assertThat(o.resources()).filteredOn(MemoryResource.class::isInstance).containsExactly(
                new MemoryResource("\\_SB.NOD1.MEM0", 0x240000000L, 8 * GIB, 1, Zone.UNSPECIFIED));
        assertThat(o.resources()).filteredOn(NodeResource.class::isInstance)
                .containsExactly(new NodeResource("\\_SB.NOD1", 1));
        assertThat(o.devices()).extracting(Device::name).hasSize(10).startsWith("\\_SB.NOD1", "\\_SB.NOD1.CP00");
        assertThat(o.devices().get(0).type()).isEqualTo("container");

        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 BUS_CHECK SUCCESS");
        assertThat(o.trace()).extracting(TraceEntry::handler).containsExactly(AddValidate.NAME, AddObjects.NAME,
                AddResources.NAME, AddCommit.NAME);
        // the drivers describe; they never bring anything online
        assertThat(acpi.machine.topology().cpus().stream().filter(c -> c.node() == 1 && c.present())).isEmpty();
        assertThat(acpi.machine.topology().memoryOf(1)).isEmpty();
    }

    @Test
    void operatorAddOfMemorySlotReportsDeviceCheck() throws Exception {
        acpi.machine.insert("\\_SB.MEM2");

        Outcome o = acpi.add("\\_SB.MEM2");

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(o.resources()).containsExactly(
                new MemoryResource("\\_SB.MEM2", 0x440000000L, 2 * GIB, 0, Zone.UNSPECIFIED),
                new NodeResource("\\_SB.MEM2", 0));
        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.MEM2 DEVICE_CHECK SUCCESS");
    }

    @Test
    void absentDeviceIsRefusedAndTheFirmwareTold() {
        Outcome o = acpi.run(fromFirmware("\\_SB.NOD1", "BUS_CHECK"));

        assertRefused(o, "ENODEV", "\\_SB.NOD1", "not present");
        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).isEmpty();
        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 BUS_CHECK NON_SPECIFIC_FAILURE");
    }

    @Test
    void unknownDeviceIsRefusedWithoutOst() {
        Outcome o = acpi.add("\\_SB.NOPE");

        assertRefused(o, "ENODEV", "\\_SB.NOPE", "no device \\_SB.NOPE in the firmware namespace");
        assertThat(acpi.machine.ostLog()).isEmpty();
    }

    @Test
    void disabledProfileIsRefused() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");
        acpi.machine.firmware().setProfileEnabled("container", false);

        Outcome o = acpi.add("\\_SB.NOD1");

        assertRefused(o, "EPERM", "\\_SB.NOD1", "hot-plug of class container is disabled");
        assertThat(o.failure().orElseThrow().message()).contains("/sys/firmware/acpi/hotplug/container/enabled");
        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).isEmpty();
        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 DEVICE_CHECK NON_SPECIFIC_FAILURE");
    }

    @Test
    void deviceAddedAlreadyIsRefused() {
        Outcome o = acpi.add("\\_SB.NOD0");

        assertRefused(o, "EINVAL", "\\_SB.NOD0", "added already");
    }

    @Test
    void kernelNameIsRefused() {
        Outcome o = acpi.add("cpu5");

        assertRefused(o, "EINVAL", "cpu5", "firmware namespace path");
        assertThat(acpi.machine.ostLog()).isEmpty();
    }

    @Test
    void childOfAParentNotAddedIsRefused() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");

        Outcome o = acpi.add("\\_SB.NOD1.CP03");

        assertRefused(o, "ENODEV", "\\_SB.NOD1.CP03", "add \\_SB.NOD1 instead");
    }

    @Test
    void unknownEventParameterIsRefused() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");

        Outcome o = acpi.run(fromFirmware("\\_SB.NOD1", "DOORBELL"));

        assertRefused(o, "EINVAL", "", "acpi.event=DOORBELL");
        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).isEmpty();
    }

    @Test
    void targetBelowAnotherTargetIsCoveredByIt() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");

        Outcome o = acpi.run(HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1.CP03", "\\_SB.NOD1").build());

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).hasSize(10);
        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 DEVICE_CHECK SUCCESS");
    }

    @Test
    void dryRunValidatesAndTellsTheFirmwareNothing() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");
        acpi.machine.firmware().setProfileEnabled("container", false);

        Outcome refused = acpi.run(HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1").dryRun(true).build());
        acpi.machine.firmware().setProfileEnabled("container", true);
        Outcome agreed = acpi.run(HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1").dryRun(true).build());

        assertRefused(refused, "EPERM", "\\_SB.NOD1", "disabled");
        assertThat(agreed.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).isEmpty();
        assertThat(acpi.machine.ostLog()).isEmpty();
    }

    @Test
    void rollbackDestroysWhatWasBuiltAndReportsFailureLast() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");
        List<String> before = acpi.registry();

        Outcome o = acpi.run(fromFirmware("\\_SB.NOD1", "BUS_CHECK"),
                AcpiFixture.failing(Phase.ADD_EXECUTE, Order.ADD_EXECUTE_MEMORY, "EBUSY"));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(acpi.registry()).isEqualTo(before);
        assertThat(o.resources()).isEmpty();
        assertThat(o.devices()).isEmpty();
        assertThat(o.trace()).filteredOn(e -> e.action() == Action.ROLLBACK).extracting(TraceEntry::handler)
                .containsExactly(AddResources.NAME, AddObjects.NAME, AddValidate.NAME);
        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 BUS_CHECK NON_SPECIFIC_FAILURE");
    }

    static Stream<Arguments> addFailurePoints() {
        return Stream.of(
                Arguments.of(Phase.ADD_VALIDATE, 5),
                Arguments.of(Phase.ADD_EXECUTE, 15),
                Arguments.of(Phase.ADD_EXECUTE, Order.ADD_EXECUTE_NODE),
                Arguments.of(Phase.ADD_EXECUTE, Order.ADD_EXECUTE_MEMORY),
                Arguments.of(Phase.ADD_EXECUTE, Order.ADD_EXECUTE_CPU));
    }

    @ParameterizedTest(name = "failure at {0} {1}")
    @MethodSource("addFailurePoints")
    void anyFailureLeavesTheRegistryAsItWasWithOneFailureReport(Phase phase, int rank) throws Exception {
        acpi.machine.insert("\\_SB.NOD1");
        List<String> before = acpi.registry();

        Outcome o = acpi.run(fromFirmware("\\_SB.NOD1", "BUS_CHECK"), AcpiFixture.passing(Phase.ADD_EXECUTE, 50),
                AcpiFixture.failing(phase, rank, "EIO"));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(acpi.registry()).isEqualTo(before);
        assertThat(o.resources()).isEmpty();
        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 BUS_CHECK NON_SPECIFIC_FAILURE");
        // the report is the last call of the walk back
        TraceEntry last = o.trace().get(o.trace().size() - 1);
        assertThat(last.handler()).isEqualTo(AddValidate.NAME);
        assertThat(last.action()).isEqualTo(Action.ROLLBACK);
    }

    @Test
    void failedOstIsTheCommitFailure() throws Exception {
        acpi.machine.insert("\\_SB.NOD1");
        acpi.machine.fail("acpi.ost", "\\_SB.NOD1", "EIO", 1);

        Outcome o = acpi.add("\\_SB.NOD1");

        assertThat(o.status()).isEqualTo(Status.FAILED_INCONSISTENT);
        Failure f = o.failure().orElseThrow();
        assertThat(f.handler()).isEqualTo(AddCommit.NAME);
        assertThat(f.code()).isEqualTo("EIO");
        assertThat(f.message()).contains("is added, but _OST failed");
        // commit cannot undo: the objects stay
        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).hasSize(10);
    }

    static void assertRefused(Outcome o, String code, String device, String message) {
        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        Failure f = o.failure().orElseThrow();
        assertThat(f.code()).isEqualTo(code);
        assertThat(f.device()).isEqualTo(device);
        assertThat(f.message()).contains(message);
    }
}
