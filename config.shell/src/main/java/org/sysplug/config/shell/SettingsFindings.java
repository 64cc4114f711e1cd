package org.sysplug.config.shell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.service.metatype.AttributeDefinition;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;

/**
 * What the doctor learns from the settings: a stored value that its own Metatype description
 * refuses ({@code capacity = 0} in a {@code .cfg} file, which ConfigAdmin takes unchecked, unlike
 * {@code config:set}). The component that reads it refuses it in turn and runs without it, so the
 * value {@code config:get} shows is not the one in force. The same rule as {@code config:set}, so
 * the two never disagree. A pure function of the settings it is given.
 */
final class SettingsFindings {

    /** The check's name, the service property {@code sysplug.doctor.check}. */
    static final String CHECK = "settings";

    private SettingsFindings() {
    }

    static List<Finding> of(Collection<PidSettings> all) {
        List<Finding> findings = new ArrayList<>();
        for (PidSettings s : all) {
            for (AttributeDefinition a : s.attributes()) {
                Object value = s.value(a.getID());
                if (value == null) {
                    continue;
                }
                new ValueRule(s.pid(), a).refusal(value).ifPresent(why -> findings.add(new Finding(Severity.ERROR, CHECK,
                        s.pid() + " " + a.getID(), "a stored setting is not in force: " + why + "; the component runs "
                                + "without it (it keeps the value it had, or its default)",
                        "config:set " + s.pid() + " " + a.getID() + " VALUE with a value it accepts, or correct it in "
                                + "the .cfg file it came from; config:unset " + s.pid() + " " + a.getID()
                                + " restores the default")));
            }
        }
        return findings;
    }
}
