package org.sysplug.config.shell;

import java.io.IOException;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeService;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;

/**
 * The doctor's {@value SettingsFindings#CHECK} check: every stored setting of every PID against
 * its Metatype description ({@link SettingsFindings}). It covers each bundle's settings without
 * knowing any by name, as the config commands do.
 */
@Component(service = DoctorCheck.class, property = DoctorCheck.NAME + "=" + SettingsFindings.CHECK)
public final class SettingsCheck implements DoctorCheck {

    private final ConfigStore store;

    @Activate
    public SettingsCheck(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType) {
        this.store = new ConfigStore(context, configAdmin, metaType);
    }

    @Override
    public List<Finding> examine(Examination examination) {
        try {
            return SettingsFindings.of(store.all());
        } catch (IOException e) {
            return List.of(new Finding(Severity.WARNING, SettingsFindings.CHECK, "settings", "the stored settings "
                    + "cannot be read: " + e.getMessage(), "see 'log' for the reason"));
        }
    }
}
