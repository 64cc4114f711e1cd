package org.sysplug.platform.linux;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Enables the Linux backend when the framework property {@code sysplug.backend} is
 * {@code linux}; otherwise the simulated machine (platform.sim) is the backend and this bundle
 * offers only its tree readers and views.
 */
@Component(immediate = true, service = {})
public final class BackendSwitch {

    @Activate
    void activate(ComponentContext context) {
        if (LinuxSettings.linuxChosen(context.getBundleContext()::getProperty)) {
            context.enableComponent(LinuxBackendComponent.class.getName());
        }
    }
}
