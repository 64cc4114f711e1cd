package org.sysplug.firmware.acpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.firmware.acpi.HotAddTest.assertRefused;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysplug.firmware.acpi.core.AcpiObject;
import org.sysplug.firmware.acpi.core.EjectPolicy;
import org.sysplug.firmware.acpi.core.OstRules;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.framework.TraceEntry.Action;
import org.sysplug.framework.core.CancellableRun;
import org.sysplug.framework.core.LocalRunner.Registration;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.sim.TestMachine;

/** HOT_REMOVE (eject) through the ACPI handlers on the real simulated machine. */
class EjectTest {

    private static final long GIB = 1L << 30;
    private static final String NOD1 = "\\_SB.NOD1";

    private final AcpiFixture acpi = AcpiFixture.boot();

    /** The default machine with its empty node slot inserted and added through the ACPI handlers. */
    @BeforeEach
    void addNode1() throws Exception {
        acpi.machine.insert(NOD1);
        assertThat(acpi.add(NOD1).status()).isEqualTo(Status.SUCCEEDED);
    }

    private List<String> ostAfterAdd() {
        List<String> all = acpi.machine.ostLog();
        return all.subList(1, all.size());
    }

    /** What resource.cpu would do on hot-add: map and online node 1's CPUs. Returns their logical ids. */
    private List<Integer> registerAndOnlineNode1Cpus() throws Exception {
        List<Integer> ids = new java.util.ArrayList<>();
        for (int apic = 16; apic < 24; apic++) {
            int cpu = acpi.machine.cpus().register(apic, 1);
            acpi.machine.cpus().online(cpu);
            ids.add(cpu);
        }
        return ids;
    }

    @Test
    void ejectDestroysObjectsAndCommitsPs3Lck0Ej0Ost() {
        Outcome o = acpi.eject(NOD1);

        assertThat(o.status()).as(o.failure().map(Failure::describe).orElse("")).isEqualTo(Status.SUCCEEDED);
        assertThat(acpi.namespace.objectsAt(NOD1)).isEmpty();
        assertThat(acpi.machine.firmware().device(NOD1).orElseThrow().present()).isFalse();
        List<String> calls = acpi.machine.firmwareCalls();
        assertThat(calls.subList(calls.size() - 4, calls.size())).containsExactly("_PS3 \\_SB.NOD1",
                "_LCK(0) \\_SB.NOD1", "_EJ0 \\_SB.NOD1", "_OST \\_SB.NOD1 EJECT SUCCESS");
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT SUCCESS");
        assertThat(o.trace()).extracting(TraceEntry::handler).containsExactly(EjectValidate.NAME,
                EjectResources.NAME, EjectObjects.NAME, EjectCommit.NAME);
        // the resources the modules validate and act on, and the devices
        assertThat(o.resources()).filteredOn(CpuResource.class::isInstance).hasSize(8);
        assertThat(o.resources()).contains(new MemoryResource("\\_SB.NOD1.MEM0", 0x240000000L, 8 * GIB, 1,
                org.sysplug.framework.Zone.UNSPECIFIED), new NodeResource(NOD1, 1));
        assertThat(o.devices()).hasSize(10);
    }

    @Test
    void ejectRequestReportsOnItsEvent() {
        Outcome o = acpi.run(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).origin("firmware")
                .parameter(OstRules.EVENT_PARAMETER, "EJECT_REQUEST").build());

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT_REQUEST SUCCESS");
    }

    @Test
    void describedCpusCarryTheirLogicalIds() throws Exception {
        List<Integer> ids = registerAndOnlineNode1Cpus();

        Outcome o = acpi.run(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).dryRun(true).build());

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(o.resources()).filteredOn(CpuResource.class::isInstance).containsExactlyElementsOf(
                IntStream.range(0, 8).mapToObj(i -> new CpuResource("\\_SB.NOD1.CP0" + i, 16 + i, 1, ids.get(i)))
                        .toList());
        assertThat(ostAfterAdd()).isEmpty();
    }

    @Test
    void deviceWithoutEj0IsRefusedAsEjectNotSupported() {
        Outcome o = acpi.eject("\\_SB.NOD0");

        assertRefused(o, "EPERM", "\\_SB.NOD0", "has no _EJ0");
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD0 EJECT EJECT_NOT_SUPPORTED");
    }

    @Test
    void deviceInsideAnEjectableContainerNamesTheContainer() {
        Outcome o = acpi.eject("\\_SB.NOD1.CP03");

        assertRefused(o, "EPERM", "\\_SB.NOD1.CP03", "eject \\_SB.NOD1, which holds it");
        assertThat(acpi.namespace.objectsAt(NOD1)).hasSize(10);
    }

    @Test
    void disabledProfileIsRefusedAsEjectNotSupported() throws Exception {
        acpi.machine.firmware().setProfileEnabled("container", false);

        Outcome o = acpi.eject(NOD1);

        assertRefused(o, "EPERM", NOD1, "hot-plug of class container is disabled");
        assertThat(acpi.namespace.objectsAt(NOD1)).hasSize(10);
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT EJECT_NOT_SUPPORTED");
    }

    @Test
    void deviceNeverAddedIsRefused() {
        Outcome o = acpi.eject("\\_SB.MEM2");

        assertRefused(o, "ENODEV", "\\_SB.MEM2", "has no device object");
        assertThat(ostAfterAdd()).containsExactly("\\_SB.MEM2 EJECT NON_SPECIFIC_FAILURE");
    }

    @Test
    void failedEj0IsACommitFailureReportedToTheFirmware() {
        acpi.machine.fail("acpi.eject", NOD1, "EIO", 1);

        Outcome o = acpi.eject(NOD1);

        assertThat(o.status()).isEqualTo(Status.FAILED_INCONSISTENT);
        Failure f = o.failure().orElseThrow();
        assertThat(f.handler()).isEqualTo(EjectCommit.NAME);
        assertThat(f.code()).isEqualTo("EIO");
        assertThat(f.message()).contains("_EJ0 failed", "sysplug:add \\_SB.NOD1");
        assertThat(o.inconsistent()).contains(NOD1);
        assertThat(acpi.machine.firmwareCalls()).contains("_PS3 \\_SB.NOD1", "_LCK(0) \\_SB.NOD1")
                .doesNotContain("_EJ0 \\_SB.NOD1");
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT NON_SPECIFIC_FAILURE");
        // the device is still there, its objects are gone: adding it again takes it back
        assertThat(acpi.namespace.objectsAt(NOD1)).isEmpty();
        assertThat(acpi.add(NOD1).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(acpi.namespace.objectsAt(NOD1)).hasSize(10);
    }

    @Test
    void failedPs3IsNotedAndTheEjectGoesOn() {
        acpi.machine.fail("acpi.ps3", NOD1, "EIO", 1);

        Outcome o = acpi.eject(NOD1);

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        TraceEntry commit = o.trace().get(o.trace().size() - 1);
        assertThat(commit.notes()).anyMatch(n -> n.startsWith("_PS3 \\_SB.NOD1 failed, ejecting anyway"));
        assertThat(acpi.machine.firmwareCalls()).contains("_EJ0 \\_SB.NOD1");
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT SUCCESS");
    }

    @Test
    void rollbackAfterTheObjectsWentRebuildsThem() {
        List<String> before = acpi.registry();
        List<AcpiObject> objects = acpi.namespace.objectsAt(NOD1);

        Outcome failed = acpi.run(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).build(),
                AcpiFixture.failing(Phase.DELETE_EXECUTE, 200, "EIO"));

        assertThat(failed.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(acpi.registry()).isEqualTo(before);
        assertThat(acpi.namespace.objectsAt(NOD1)).extracting(AcpiObject::path)
                .containsExactlyElementsOf(objects.stream().map(AcpiObject::path).toList());
        assertThat(acpi.namespace.describe(NOD1, acpi.machine.topology())).hasSize(10);
        assertThat(failed.resources()).isEmpty();
        assertThat(failed.devices()).isEmpty();
        assertThat(failed.trace()).filteredOn(e -> e.action() == Action.ROLLBACK).extracting(TraceEntry::handler)
                .containsExactly(EjectObjects.NAME, EjectResources.NAME, EjectValidate.NAME);
        assertThat(acpi.machine.firmware().device(NOD1).orElseThrow().present()).isTrue();
        List<String> ost = acpi.machine.ostLog();
        assertThat(ost.get(ost.size() - 1)).isEqualTo("\\_SB.NOD1 EJECT NON_SPECIFIC_FAILURE");
    }

    static Stream<Arguments> deleteFailurePoints() {
        return Stream.of(
                Arguments.of(Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_CPU),
                Arguments.of(Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_MEMORY),
                Arguments.of(Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_NODE),
                Arguments.of(Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_CPU),
                Arguments.of(Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_MEMORY),
                Arguments.of(Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_NODE),
                Arguments.of(Phase.DELETE_EXECUTE, 150));
    }

    @ParameterizedTest(name = "failure at {0} {1}")
    @MethodSource("deleteFailurePoints")
    void anyFailureLeavesEverythingAsItWasWithOneFailureReport(Phase phase, int rank) {
        List<String> before = acpi.registry();

        Outcome o = acpi.run(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).build(),
                AcpiFixture.failing(phase, rank, "EIO"));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(acpi.registry()).isEqualTo(before);
        assertThat(o.resources()).isEmpty();
        assertThat(acpi.machine.firmware().device(NOD1).orElseThrow().present()).isTrue();
        assertThat(acpi.machine.firmwareCalls()).noneMatch(c -> c.startsWith("_EJ0") || c.startsWith("_PS3"));
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT NON_SPECIFIC_FAILURE");
        TraceEntry last = o.trace().get(o.trace().size() - 1);
        assertThat(last.handler()).isEqualTo(EjectValidate.NAME);
        assertThat(last.action()).isEqualTo(Action.ROLLBACK);
    }

    @Test
    void demandOfflineRefusesWhileACpuBelowIsOnlineAndEjectsOnceOffline() throws Exception {
        acpi.settings.setEjectPolicy(EjectPolicy.DEMAND_OFFLINE);
        List<Integer> ids = registerAndOnlineNode1Cpus();
        String list = ids.get(0) + "-" + ids.get(7);

        Outcome refused = acpi.eject(NOD1);

        assertRefused(refused, "EBUSY", NOD1, "cpu" + list + " are still online below \\_SB.NOD1");
        assertThat(refused.failure().orElseThrow().handler()).isEqualTo(EjectResources.NAME);
        assertThat(refused.failure().orElseThrow().message()).contains("sysplug:offline cpu " + list);
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT DEVICE_BUSY");
        assertThat(acpi.namespace.objectsAt(NOD1)).hasSize(10);
        assertThat(refused.resources()).isEmpty();

        for (int cpu : ids) {
            acpi.machine.cpus().offline(cpu);
        }
        Outcome ejected = acpi.eject(NOD1);

        assertThat(ejected.status()).as(ejected.failure().map(Failure::describe).orElse(""))
                .isEqualTo(Status.SUCCEEDED);
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT DEVICE_BUSY", "\\_SB.NOD1 EJECT SUCCESS");
        assertThat(acpi.namespace.objectsAt(NOD1)).isEmpty();
    }

    @Test
    void demandOfflineNamesOnlineMemoryBlocks() throws Exception {
        acpi.settings.setEjectPolicy(EjectPolicy.DEMAND_OFFLINE);
        List<Integer> blocks = acpi.machine.memory().add(0x240000000L, 8 * GIB, 1);
        acpi.machine.memory().online(blocks.get(0), OnlineType.ONLINE_MOVABLE);
        acpi.machine.memory().online(blocks.get(1), OnlineType.ONLINE_MOVABLE);

        Outcome refused = acpi.eject(NOD1);

        assertRefused(refused, "EBUSY", NOD1, "memory72-73 are still online");
        assertThat(refused.failure().orElseThrow().message()).contains("sysplug:offline memory 72-73")
                .doesNotContain("sysplug:offline cpu");
    }

    @Test
    void demandOfflineDryRunRefusesAndTellsTheFirmwareNothing() throws Exception {
        acpi.settings.setEjectPolicy(EjectPolicy.DEMAND_OFFLINE);
        registerAndOnlineNode1Cpus();

        Outcome refused = acpi.run(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).dryRun(true).build());

        assertThat(refused.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(ostAfterAdd()).isEmpty();
    }

    @Test
    void anotherModulesBusyRefusalIsReportedAsDeviceBusy() {
        // as unmovable pages make resource.memory refuse: the status comes from the rollback's cause
        Outcome o = acpi.run(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).build(),
                AcpiFixture.failing(Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_MEMORY, "EBUSY"));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT DEVICE_BUSY");
    }

    @Test
    void eachFailedEjectReportsItsOwnCause() throws Exception {
        acpi.settings.setEjectPolicy(EjectPolicy.DEMAND_OFFLINE);
        List<Integer> ids = registerAndOnlineNode1Cpus();
        Outcome busy = acpi.eject(NOD1);
        for (int cpu : ids) {
            acpi.machine.cpus().offline(cpu);
        }

        Outcome failed = acpi.run(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).build(),
                AcpiFixture.failing(Phase.DELETE_EXECUTE, 150, "EIO"));

        assertThat(busy.failure().orElseThrow().code()).isEqualTo("EBUSY");
        assertThat(failed.failure().orElseThrow().code()).isEqualTo("EIO");
        // the busy refusal of the first request tells nothing about the second
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT DEVICE_BUSY",
                "\\_SB.NOD1 EJECT NON_SPECIFIC_FAILURE");
    }

    @Test
    void aCancelledEjectIsReportedAsNonSpecificFailure() {
        CancellableRun run = new CancellableRun(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).build());
        List<Registration> handlers = new ArrayList<>(acpi.handlers());
        handlers.add(new Registration(context -> run.cancel(), "cancel.button", Phase.DELETE_EXECUTE,
                Order.DELETE_EXECUTE_MEMORY, EnumSet.of(Kind.HOTPLUG)));

        Outcome o = run.run(handlers);

        assertThat(o.status()).isEqualTo(Status.CANCELLED);
        assertThat(acpi.namespace.objectsAt(NOD1)).hasSize(10);
        assertThat(ostAfterAdd()).containsExactly("\\_SB.NOD1 EJECT NON_SPECIFIC_FAILURE");
    }

    @Test
    void offlineThenEjectLeavesTheOnlineResourcesToTheResourceModules() throws Exception {
        registerAndOnlineNode1Cpus();

        Outcome o = acpi.run(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).dryRun(true).build());

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(o.resources()).filteredOn(CpuResource.class::isInstance).allMatch(r -> ((CpuResource) r).isAssigned());
    }

    @Test
    void bootedDeviceCanBeEjected() throws Exception {
        AcpiFixture booted = new AcpiFixture(TestMachine.fromYaml("""
                name: booted-slot
                block-size: 128MiB
                firmware:
                  - path: \\_SB.NOD0
                    type: container
                    node: 0
                    ejectable: false
                    cpus: {count: 2, apic-base: 0}
                    memory:
                      - {start: 0, size: 1GiB}
                  - path: \\_SB.MEM2
                    type: memory
                    node: 0
                    start: 0x40000000
                    size: 1GiB
                """));
        booted.settings.setEjectPolicy(EjectPolicy.DEMAND_OFFLINE);
        assertThat(booted.namespace.object("\\_SB.MEM2").orElseThrow().driver()).contains("memory");

        Outcome busy = booted.eject("\\_SB.MEM2");
        assertRefused(busy, "EBUSY", "\\_SB.MEM2", "memory8-15 are still online");

        for (int block = 8; block < 16; block++) {
            booted.machine.memory().offline(block);
        }
        booted.machine.memory().remove(0x40000000L, GIB);
        Outcome ejected = booted.eject("\\_SB.MEM2");

        assertThat(ejected.status()).as(ejected.failure().map(Failure::describe).orElse(""))
                .isEqualTo(Status.SUCCEEDED);
        assertThat(booted.machine.firmware().device("\\_SB.MEM2").orElseThrow().present()).isFalse();
        assertThat(booted.machine.ostLog()).containsExactly("\\_SB.MEM2 EJECT DEVICE_BUSY",
                "\\_SB.MEM2 EJECT SUCCESS");
        assertThat(booted.machine.topology().cpus()).filteredOn(CpuInfo::online).hasSize(2);
    }
}
