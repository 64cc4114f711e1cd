package org.sysplug.platform.sim;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Makes the simulated machine the backend unless the framework property {@code sysplug.backend}
 * names another ({@code linux}): exactly one backend offers the ports. The sim commands and ports
 * depend on the machine component, so they go with it.
 */
@Component(immediate = true, service = {})
public final class SimBackendSwitch {

    static final String BACKEND = "sysplug.backend";

    @Activate
    void activate(ComponentContext context) {
        String chosen = context.getBundleContext().getProperty(BACKEND);
        if (chosen == null || chosen.isBlank() || chosen.trim().equalsIgnoreCase("sim")) {
            context.enableComponent(SimulatedMachineComponent.class.getName());
        }
    }
}
