package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.platform.sim.Machines.GIB;
import static org.sysplug.platform.sim.PortErrors.refused;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.sysplug.platform.Errno;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.acpi.Hid;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;
import org.sysplug.platform.acpi.Sta;
import org.sysplug.platform.sim.control.OstRecord;

/** The firmware: namespace, _STA, insertion, _EJ0 that does not ask, eject requests, profiles, _OST. */
class FirmwareRulesTest {

    private final SimMachine machine = Machines.boot("default");
    private final List<String> heard = new ArrayList<>();

    FirmwareRulesTest() {
        machine.addListener(new SimMachine.Listener() {
            @Override
            public void notified(String path, Notification notification) {
                heard.add(notification + " " + path);
            }
        });
    }

    private AcpiDevice device(String path) {
        return machine.device(path).orElseThrow();
    }

    /** The OS side of a hot-add of NOD1: register and online its CPUs, add and online its memory. */
    private void hotAddNode1() throws PortException {
        for (long apic = 16; apic < 24; apic++) {
            machine.cpuOnline(machine.cpuRegister(apic, 1));
        }
        for (int block : machine.memoryAdd(9 * GIB, 8 * GIB, 1)) {
            machine.memoryOnline(block, OnlineType.ONLINE_MOVABLE);
        }
    }

    @Test
    void theNamespaceListsParentsBeforeChildrenWithTheirObjects() {
        List<AcpiDevice> namespace = machine.namespace();
        assertThat(namespace).extracting(AcpiDevice::path).startsWith("\\_SB.NOD0", "\\_SB.NOD0.CP00")
                .contains("\\_SB.NOD1", "\\_SB.NOD1.CP07", "\\_SB.NOD1.MEM0", "\\_SB.MEM2");
        assertThat(namespace.indexOf(device("\\_SB.NOD1"))).isLessThan(namespace.indexOf(device("\\_SB.NOD1.CP00")));

        AcpiDevice node1 = device("\\_SB.NOD1");
        assertThat(node1.hid()).isEqualTo(Hid.CONTAINER);
        assertThat(node1.hotplugClass()).isEqualTo("container");
        assertThat(node1.sta()).isZero();
        assertThat(node1.ejectable()).isTrue();
        assertThat(node1.pxm()).isEqualTo(OptionalInt.of(1));
        assertThat(node1.children()).hasSize(9);

        AcpiDevice cpu = device("\\_SB.NOD1.CP03");
        assertThat(cpu.hid()).isEqualTo(Hid.PROCESSOR);
        assertThat(cpu.pxm()).as("inherited from the container").isEqualTo(OptionalInt.of(1));
        assertThat(cpu.resources()).containsExactly(new AcpiResource.Processor(19));
        assertThat(cpu.ejectable()).isFalse();

        AcpiDevice slot = device("\\_SB.MEM2");
        assertThat(slot.hid()).isEqualTo(Hid.MEMORY);
        assertThat(slot.resources()).containsExactly(new AcpiResource.MemoryRange(0x440000000L, 2 * GIB));

        assertThat(device("\\_SB.NOD0.CP00").sta()).isEqualTo(Sta.PRESENT_AND_WORKING);
        assertThat(device("\\_SB.NOD0").ejectable()).isFalse();
    }

    @Test
    void pathsAreFoundWithoutTheirBackslashAndInAnyCase() {
        assertThat(machine.device("_SB.NOD1")).contains(device("\\_SB.NOD1"));
        assertThat(machine.device("\\_sb.nod1")).contains(device("\\_SB.NOD1"));
        assertThat(machine.device("\\_SB.NOPE")).isEmpty();
    }

    @Test
    void insertingAContainerMakesItAndItsChildrenPresentAndRaisesBusCheck() throws PortException {
        Topology before = machine.topology();

        Notification raised = machine.insert("\\_SB.NOD1");

        assertThat(raised).isEqualTo(Notification.BUS_CHECK);
        assertThat(heard).containsExactly("BUS_CHECK \\_SB.NOD1");
        assertThat(device("\\_SB.NOD1").sta()).isEqualTo(Sta.PRESENT_AND_WORKING);
        assertThat(device("\\_SB.NOD1.CP07").present()).isTrue();
        assertThat(device("\\_SB.NOD1.MEM0").present()).isTrue();
        assertThat(machine.deviceState("\\_SB.NOD1")).contains(new DeviceState("\\_SB.NOD1", true, true, false));
        Topology after = machine.topology();
        assertThat(after.cpus()).as("the kernel waits for the OS to act").isEqualTo(before.cpus());
        assertThat(after.memory()).isEqualTo(before.memory());
        assertThat(after.generation()).isGreaterThan(before.generation());
        assertThat(machine.hardwareLog()).last().asString().contains("insert \\_SB.NOD1").contains("BUS_CHECK");
    }

    @Test
    void insertingADeviceRaisesDeviceCheck() throws PortException {
        assertThat(machine.insert("\\_SB.MEM2")).isEqualTo(Notification.DEVICE_CHECK);
        assertThat(heard).containsExactly("DEVICE_CHECK \\_SB.MEM2");
    }

    @Test
    void insertingIntoAnOccupiedOrAbsentSlotIsRefused() throws PortException {
        refused(machine, Errno.EBUSY, "\\_SB.NOD0", () -> machine.insert("\\_SB.NOD0"));
        refused(machine, Errno.ENODEV, "\\_SB.NOD1.CP00", () -> machine.insert("\\_SB.NOD1.CP00"));
        refused(machine, Errno.ENODEV, "\\_SB.NOPE", () -> machine.insert("\\_SB.NOPE"));
        assertThat(heard).isEmpty();
    }

    @Test
    void aPathIsFoldedInItsAsciiLettersOnly() throws PortException {
        // U+017F and U+0131 upper-case to S and I: folded by Unicode, they named \_SB.NOD1
        refused(machine, Errno.ENODEV, "\\_\u017FB.NOD1", () -> machine.insert("\\_\u017Fb.nod1"));
        refused(machine, Errno.ENODEV, "\\_SB.NOD\u0131", () -> machine.insert("\\_SB.NOD\u0131"));
        assertThat(heard).isEmpty();

        assertThat(machine.insert("_sb.nod1")).isEqualTo(Notification.BUS_CHECK);
        assertThat(heard).containsExactly("BUS_CHECK \\_SB.NOD1");
    }

    @Test
    void theEjectButtonRaisesAnEjectRequest() throws PortException {
        machine.insert("\\_SB.NOD1");
        heard.clear();

        machine.ejectRequest("\\_SB.NOD1");

        assertThat(heard).containsExactly("EJECT_REQUEST \\_SB.NOD1");
        assertThat(device("\\_SB.NOD1").present()).as("the firmware only asks").isTrue();
        refused(machine, Errno.ENODEV, "\\_SB.MEM2", () -> machine.ejectRequest("\\_SB.MEM2"));
    }

    @Test
    void ejectRequiresEj0AndPresence() {
        PortException e = refused(machine, Errno.ENODEV, "\\_SB.NOD0", () -> machine.eject("\\_SB.NOD0"));
        assertThat(e.getMessage()).contains("no _EJ0");
        refused(machine, Errno.ENODEV, "\\_SB.NOD1", () -> machine.eject("\\_SB.NOD1"));
        refused(machine, Errno.ENODEV, "\\_SB.NOD0.CP01", () -> machine.eject("\\_SB.NOD0.CP01"));
    }

    @Test
    void anEjectAfterTheOsLetGoRemovesOnlyHardware() throws PortException {
        machine.insert("\\_SB.NOD1");
        Topology before = machine.topology();

        machine.eject("\\_SB.NOD1");

        assertThat(device("\\_SB.NOD1").sta()).isZero();
        assertThat(device("\\_SB.NOD1.CP00").sta()).isZero();
        assertThat(machine.topology().cpus()).isEqualTo(before.cpus());
        assertThat(machine.firmwareCalls()).containsExactly("_EJ0 \\_SB.NOD1");
        assertThat(machine.hardwareLog()).last().asString().contains("let go");
    }

    @Test
    void ej0OnADeviceTheOsStillUsesRemovesItsCpusAndMemoryAnyway() throws PortException {
        machine.insert("\\_SB.NOD1");
        hotAddNode1();
        machine.cpuOffline(15);

        machine.eject("\\_SB.NOD1");

        Topology t = machine.topology();
        assertThat(t.cpusOf(1)).isEmpty();
        assertThat(t.cpus().subList(8, 16)).allSatisfy(c -> assertThat(c.present()).isFalse());
        assertThat(t.memoryOf(1)).isEmpty();
        assertThat(t.node(1).orElseThrow().online()).as("left empty, it goes offline").isFalse();
        assertThat(machine.hardwareLog()).last().isEqualTo("_EJ0 on \\_SB.NOD1 removed online cpu8-14, offline cpu15 and "
                + "online memory72-135: the OS lost them; node1 went offline");
    }

    @Test
    void ej0MatchesCpusByApicIdAndMemoryByRange() throws PortException {
        machine.insert("\\_SB.MEM2");
        machine.memoryAdd(0x440000000L, 2 * GIB, 0);
        machine.memoryOnline(136, OnlineType.ONLINE_MOVABLE);
        machine.cpuOnline(machine.cpuRegister(16, 0));

        machine.eject("\\_SB.MEM2");

        assertThat(machine.topology().memory()).hasSize(64);
        assertThat(machine.topology().cpu(8).orElseThrow().present()).as("not in the ejected device").isTrue();
        assertThat(machine.hardwareLog()).last().isEqualTo(
                "_EJ0 on \\_SB.MEM2 removed online memory136 and offline memory137-151: the OS lost them");
    }

    @Test
    void aSurpriseRemovalLosesTheResourcesAndTellsTheOs() throws PortException {
        machine.insert("\\_SB.NOD1");
        hotAddNode1();
        heard.clear();

        machine.surpriseRemove("\\_SB.NOD1");

        assertThat(heard).containsExactly("BUS_CHECK \\_SB.NOD1");
        assertThat(machine.topology().cpusOf(1)).isEmpty();
        assertThat(machine.topology().node(1).orElseThrow().online()).isFalse();
        assertThat(machine.firmwareCalls()).as("nobody evaluated _EJ0").isEmpty();
        assertThat(machine.hardwareLog()).last().asString().startsWith("surprise removal of \\_SB.NOD1")
                .contains("online cpu8-15").contains("the OS lost them");
    }

    @Test
    void onlyHardwareInAHotPlugSlotCanBePulled() throws PortException {
        refused(machine, Errno.EPERM, "\\_SB.NOD0", () -> machine.surpriseRemove("\\_SB.NOD0"));
        refused(machine, Errno.EPERM, "\\_SB.NOD0.CP03", () -> machine.surpriseRemove("\\_SB.NOD0.CP03"));
        refused(machine, Errno.ENODEV, "\\_SB.NOD1", () -> machine.surpriseRemove("\\_SB.NOD1"));

        machine.insert("\\_SB.NOD1");
        machine.surpriseRemove("\\_SB.NOD1.CP03");
        assertThat(device("\\_SB.NOD1.CP03").present()).isFalse();
        assertThat(device("\\_SB.NOD1").present()).isTrue();
        assertThat(heard).endsWith("DEVICE_CHECK \\_SB.NOD1.CP03");
    }

    @Test
    void powerOffAndLockAreRecordedInOrder() throws PortException {
        machine.insert("\\_SB.NOD1");

        machine.lock("\\_SB.NOD1", true);
        assertThat(machine.deviceState("\\_SB.NOD1")).contains(new DeviceState("\\_SB.NOD1", true, true, true));
        machine.powerOff("\\_SB.NOD1");
        machine.lock("\\_SB.NOD1", false);
        machine.eject("\\_SB.NOD1");
        machine.ost("\\_SB.NOD1", OstEvent.EJECT, OstStatus.SUCCESS);

        assertThat(machine.firmwareCalls()).containsExactly("_LCK(1) \\_SB.NOD1", "_PS3 \\_SB.NOD1", "_LCK(0) \\_SB.NOD1",
                "_EJ0 \\_SB.NOD1", "_OST \\_SB.NOD1 EJECT SUCCESS");
        assertThat(machine.deviceState("\\_SB.NOD1")).contains(new DeviceState("\\_SB.NOD1", false, false, false));
    }

    @Test
    void powerOffAndLockNeedAPresentDevice() {
        refused(machine, Errno.ENODEV, "\\_SB.NOD1", () -> machine.powerOff("\\_SB.NOD1"));
        refused(machine, Errno.ENODEV, "\\_SB.NOD1", () -> machine.lock("\\_SB.NOD1", true));
        refused(machine, Errno.ENODEV, "\\_SB.NOPE", () -> machine.powerOff("\\_SB.NOPE"));
    }

    @Test
    void ostAppendsToTheLogInSequence() throws PortException {
        machine.ost("\\_SB.NOD1", OstEvent.BUS_CHECK, OstStatus.NON_SPECIFIC_FAILURE);
        machine.ost("_SB.MEM2", OstEvent.EJECT_REQUEST, OstStatus.EJECT_NOT_SUPPORTED);

        assertThat(machine.ostLog()).containsExactly(
                new OstRecord("\\_SB.NOD1", OstEvent.BUS_CHECK, OstStatus.NON_SPECIFIC_FAILURE, 1),
                new OstRecord("\\_SB.MEM2", OstEvent.EJECT_REQUEST, OstStatus.EJECT_NOT_SUPPORTED, 2));
        refused(machine, Errno.ENODEV, "\\_SB.NOPE", () -> machine.ost("\\_SB.NOPE", OstEvent.EJECT, OstStatus.SUCCESS));
    }

    @Test
    void profilesAreEnabledByDefaultAndCanBeSwitched() throws PortException {
        assertThat(machine.profileEnabled("processor")).isTrue();
        assertThat(machine.profileEnabled("memory")).isTrue();
        assertThat(machine.profileEnabled("container")).isTrue();
        assertThat(machine.profileEnabled("pci")).isFalse();

        machine.setProfileEnabled("memory", false);
        assertThat(machine.profileEnabled("memory")).isFalse();
        refused(machine, Errno.EINVAL, "pci", () -> machine.setProfileEnabled("pci", true));
    }

    @Test
    void aDescriptionMayDisableAProfile() {
        SimMachine m = Machines.bootYaml(CpuRulesTest.twoCpus(false) + "profiles: {container: false}\n");
        assertThat(m.profileEnabled("container")).isFalse();
        assertThat(m.profileEnabled("processor")).isTrue();
    }

    @Test
    void aReinsertedContainerCanBeHotAddedAgain() throws PortException {
        machine.insert("\\_SB.NOD1");
        hotAddNode1();
        machine.eject("\\_SB.NOD1");

        machine.insert("\\_SB.NOD1");
        hotAddNode1();

        assertThat(machine.topology().cpusOf(1)).hasSize(8);
        assertThat(machine.topology().memoryOf(1)).hasSize(64);
    }
}
