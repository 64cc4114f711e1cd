package org.sysplug.doctor.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * Hot-plug profiles that are disabled ({@code /sys/firmware/acpi/hotplug/CLASS/enabled} 0) for a
 * class the firmware has devices of: the kernel then ignores the firmware's insert and eject
 * requests for that class, and sysplug's validate handlers refuse them.
 */
@Component(service = DoctorCheck.class, property = DoctorCheck.NAME + "=" + ProfilesCheck.CHECK)
public final class ProfilesCheck implements DoctorCheck {

    static final String CHECK = "hotplug-profiles";

    private final AcpiPort firmware;

    @Activate
    public ProfilesCheck(@Reference AcpiPort firmware) {
        this.firmware = firmware;
    }

    @Override
    public List<Finding> examine(Examination examination) {
        // the classes the namespace has devices of, each with the devices that could come or go
        Map<String, List<String>> classes = new TreeMap<>();
        for (AcpiDevice d : firmware.namespace()) {
            if (d.hotplugClass().isEmpty()) {
                continue;
            }
            List<String> slots = classes.computeIfAbsent(d.hotplugClass(), c -> new ArrayList<>());
            if (d.ejectable() || !d.present()) {
                slots.add(d.path());
            }
        }
        List<Finding> findings = new ArrayList<>();
        classes.forEach((cls, slots) -> {
            if (firmware.profileEnabled(cls)) {
                return;
            }
            String file = firmware.profileFile(cls);
            String affected = slots.isEmpty() ? "" : " (" + String.join(", ", slots.subList(0, Math.min(3, slots.size())))
                    + (slots.size() > 3 ? " and " + (slots.size() - 3) + " more" : "") + ")";
            findings.add(new Finding(Severity.WARNING, CHECK, file, "hot-plug of class " + cls
                    + " is disabled: inserting or ejecting its devices" + affected + " is refused",
                    "enable it with: echo 1 > " + file
                            + (file.startsWith("/sys/") ? " (on a tree sysplug serves, below its mount point)" : "")));
        });
        return findings;
    }
}
