package org.sysplug.platform.acpi;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.sysplug.platform.PortException;

/** The firmware: its namespace and the control methods of the hot-plug path. */
@ProviderType
public interface AcpiPort {

    /**
     * Which boot of the machine this is: it changes when the machine is replaced or rebooted (a
     * simulated machine loaded anew), so that whoever keeps state about the namespace knows to
     * enumerate it again.
     */
    long bootId();

    /** A device object, evaluated now; empty when the path names none. */
    Optional<AcpiDevice> device(String path);

    /** Every device object of the namespace, parents before children. */
    List<AcpiDevice> namespace();

    /**
     * The namespace as this boot began, before any hardware event of it: what an OS booting on the
     * machine enumerates. Whoever enumerates again because {@link #bootId()} changed enumerates
     * this, not {@link #namespace()}, whenever it notices: a device inserted since the boot is not
     * one the OS found at boot, and its notification, still on its way, asks for its hot-add. A
     * backend whose machine cannot be replaced while sysplug runs (a real one) has nothing older to
     * give than the namespace now.
     */
    default List<AcpiDevice> bootNamespace() {
        return namespace();
    }

    /** Evaluates {@code _PS3}: power the device off. */
    void powerOff(String path) throws PortException;

    /** Evaluates {@code _LCK(1)} or {@code _LCK(0)}: lock or unlock the device in its slot. */
    void lock(String path, boolean locked) throws PortException;

    /**
     * Evaluates {@code _EJ0}: the firmware ejects the device and everything below it. Like real
     * firmware, it does not ask whether the OS still uses what it ejects.
     *
     * @throws PortException ENODEV if the device has no {@code _EJ0}
     */
    void eject(String path) throws PortException;

    /** Evaluates {@code _OST}: tells the firmware how an event it raised ended. */
    void ost(String path, OstEvent event, OstStatus status) throws PortException;

    /**
     * Whether hot-plug of a class ({@code processor}, {@code memory}, {@code container}) is
     * enabled. A machine with no switch for the class (Linux before 3.11 has no such file) hot-plugs
     * it: enabled.
     */
    boolean profileEnabled(String hotplugClass);

    /**
     * Where an operator finds the switch of a class's hot-plug, for messages: the running
     * kernel's {@code /sys/firmware/acpi/hotplug/<class>/enabled}, or that file in the tree a
     * backend reads instead.
     */
    default String profileFile(String hotplugClass) {
        return "/sys/firmware/acpi/hotplug/" + hotplugClass + "/enabled";
    }

    /** Enables or disables a class's hot-plug ({@code /sys/firmware/acpi/hotplug/<class>/enabled}). */
    void setProfileEnabled(String hotplugClass, boolean enabled) throws PortException;
}
