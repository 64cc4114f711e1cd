package org.sysplug.platform.acpi;

import java.util.List;
import java.util.OptionalInt;

/**
 * A device object of the namespace, as evaluated now.
 *
 * @param path the namespace path ({@code \_SB.NOD1.CPU0})
 * @param hid {@code _HID}
 * @param uid {@code _UID}, or empty
 * @param sta {@code _STA} bits ({@link Sta})
 * @param pxm {@code _PXM}, the proximity domain (node), if the device has one
 * @param resources {@code _CRS}
 * @param children the paths of the device objects below it
 * @param ejectable whether it has {@code _EJ0}
 * @param hotplugClass the hot-plug profile it belongs to ({@code processor}, {@code memory},
 *        {@code container}), or empty
 */
public record AcpiDevice(String path, String hid, String uid, int sta, OptionalInt pxm, List<AcpiResource> resources,
        List<String> children, boolean ejectable, String hotplugClass) {

    public AcpiDevice {
        resources = List.copyOf(resources);
        children = List.copyOf(children);
    }

    public boolean present() {
        return Sta.present(sta);
    }

    public boolean enabled() {
        return Sta.enabled(sta);
    }
}
