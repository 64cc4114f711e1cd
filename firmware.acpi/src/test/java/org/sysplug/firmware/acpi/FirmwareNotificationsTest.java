package org.sysplug.firmware.acpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sysplug.firmware.acpi.core.OstRules;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.RecordingQueue;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.sim.TestMachine;

/** The notification listener: what it submits for each notification, and when it answers the firmware itself. */
class FirmwareNotificationsTest {

    /**
     * A queue that records what is submitted and answers with an outcome the test chooses
     * (incomplete by default: the request is "queued"). The real queue is an OSGi component; the
     * Pax Exam scenarios use it.
     */
    private final AcpiFixture acpi = AcpiFixture.boot();
    private final RecordingQueue queue = new RecordingQueue();
    private final FirmwareNotifications listener = new FirmwareNotifications(acpi.namespace,
            acpi.machine.firmware(), queue, acpi.log.logger());

    @Test
    void busCheckOnAnInsertedContainerSubmitsItsHotAdd() throws Exception {
        Notification raised = acpi.machine.insert("\\_SB.NOD1");

        listener.notify("\\_SB.NOD1", raised);

        assertThat(raised).isEqualTo(Notification.BUS_CHECK);
        assertThat(queue.submitted).hasSize(1);
        HotplugRequest r = queue.submitted.get(0);
        assertThat(r.operation()).isEqualTo(Operation.HOT_ADD);
        assertThat(r.targetNames()).isEqualTo("\\_SB.NOD1");
        assertThat(r.origin()).isEqualTo("firmware");
        assertThat(r.parameters()).isEqualTo(Map.of(OstRules.EVENT_PARAMETER, "BUS_CHECK"));
        assertThat(acpi.log.lines()).contains("INFO firmware raised BUS_CHECK on \\_SB.NOD1: submitted request 1: "
                + "HOT_ADD \\_SB.NOD1");
        assertThat(acpi.machine.ostLog()).isEmpty();
    }

    @Test
    void deviceCheckOnAnInsertedMemorySlotSubmitsItsHotAdd() throws Exception {
        Notification raised = acpi.machine.insert("\\_SB.MEM2");

        listener.notify("\\_SB.MEM2", raised);

        assertThat(raised).isEqualTo(Notification.DEVICE_CHECK);
        assertThat(queue.submitted).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo(Operation.HOT_ADD);
            assertThat(r.parameter(OstRules.EVENT_PARAMETER)).contains("DEVICE_CHECK");
        });
    }

    @Test
    void ejectRequestSubmitsAHotRemove() {
        listener.notify("\\_SB.NOD0", Notification.EJECT_REQUEST);

        assertThat(queue.submitted).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo(Operation.HOT_REMOVE);
            assertThat(r.targetNames()).isEqualTo("\\_SB.NOD0");
            assertThat(r.origin()).isEqualTo("firmware");
            assertThat(r.parameter(OstRules.EVENT_PARAMETER)).contains("EJECT_REQUEST");
        });
    }

    @Test
    void deviceCheckOnAnEnumeratedDeviceSubmitsNothingAndAnswersSuccess() {
        listener.notify("\\_SB.NOD0", Notification.DEVICE_CHECK);

        assertThat(queue.submitted).isEmpty();
        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD0 DEVICE_CHECK SUCCESS");
    }

    @Test
    void busCheckOnAnEnumeratedContainerAddsTheNewDevicesBelowIt() throws Exception {
        AcpiFixture nested = new AcpiFixture(TestMachine.fromYaml("""
                name: nested-slot
                block-size: 128MiB
                firmware:
                  - path: \\_SB.NOD0
                    type: container
                    node: 0
                    ejectable: false
                    cpus: {count: 2, apic-base: 0}
                    memory:
                      - {start: 0, size: 1GiB}
                    devices:
                      - path: MEM9
                        type: memory
                        present: false
                        ejectable: true
                        start: 0x40000000
                        size: 1GiB
                """));
        FirmwareNotifications l = new FirmwareNotifications(nested.namespace, nested.machine.firmware(), queue,
                nested.log.logger());
        nested.machine.insert("\\_SB.NOD0.MEM9");

        l.notify("\\_SB.NOD0", Notification.BUS_CHECK);

        assertThat(queue.submitted).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo(Operation.HOT_ADD);
            assertThat(r.targetNames()).isEqualTo("\\_SB.NOD0.MEM9");
            assertThat(r.parameter(OstRules.EVENT_PARAMETER)).contains("BUS_CHECK");
        });
    }

    @Test
    void notificationOnAnAbsentDeviceAnswersWithoutARequest() {
        listener.notify("\\_SB.NOD1", Notification.DEVICE_CHECK);
        listener.notify("\\_SB.GONE", Notification.BUS_CHECK);

        assertThat(queue.submitted).isEmpty();
        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 DEVICE_CHECK SUCCESS");
        assertThat(acpi.log.lines()).anyMatch(l -> l.contains("\\_SB.GONE, which is not in the namespace"));
    }

    @Test
    void aRequestThatNeverRanIsAnsweredWithFailure() throws Exception {
        queue.answer = r -> new Outcome(9, r, Status.REJECTED, Optional.of(new Failure("", "", Optional.empty(), -1,
                "QUEUE_FULL", "", "the queue is full")), List.of(), List.of(), List.of(), List.of(), Instant.now(),
                Optional.empty(), Optional.of(Instant.now()));
        acpi.machine.insert("\\_SB.NOD1");

        listener.notify("\\_SB.NOD1", Notification.BUS_CHECK);

        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 BUS_CHECK NON_SPECIFIC_FAILURE");
        assertThat(acpi.log.lines()).anyMatch(l -> l.startsWith("WARN request 1 for BUS_CHECK on \\_SB.NOD1 ended REJECTED"));
    }

    @Test
    void aRequestTheHandlersRefusedIsNotAnsweredTwice() throws Exception {
        queue.answer = r -> acpi.run(r);
        acpi.machine.firmware().setProfileEnabled("container", false);
        acpi.machine.insert("\\_SB.NOD1");

        listener.notify("\\_SB.NOD1", Notification.BUS_CHECK);

        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 BUS_CHECK NON_SPECIFIC_FAILURE");
    }

    @Test
    void insertThenEjectButtonEndToEnd() throws Exception {
        queue.answer = r -> acpi.run(r);

        listener.notify("\\_SB.NOD1", acpi.machine.insert("\\_SB.NOD1"));
        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).hasSize(10);

        listener.notify("\\_SB.NOD1", Notification.EJECT_REQUEST);

        assertThat(acpi.namespace.objectsAt("\\_SB.NOD1")).isEmpty();
        assertThat(acpi.machine.firmware().device("\\_SB.NOD1").orElseThrow().present()).isFalse();
        assertThat(acpi.machine.ostLog()).containsExactly("\\_SB.NOD1 BUS_CHECK SUCCESS",
                "\\_SB.NOD1 EJECT_REQUEST SUCCESS");
        assertThat(acpi.log.lines()).filteredOn(l -> l.contains("succeeded")).hasSize(2);
    }

    @Test
    void aListenerProblemNeverReachesTheFirmwareThread() {
        queue.answer = r -> {
            throw new IllegalStateException("queue broke");
        };

        listener.notify("\\_SB.NOD0", Notification.EJECT_REQUEST);

        assertThat(acpi.log.lines()).anyMatch(l -> l.startsWith("ERROR firmware EJECT_REQUEST on \\_SB.NOD0 not handled"));
    }

}
