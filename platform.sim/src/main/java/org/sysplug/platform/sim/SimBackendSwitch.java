package org.sysplug.platform.sim;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Makes the simulated machine the backend unless the framework property {@code sysplug.backend}
 * names another ({@code linux}): exactly one backend offers the ports. The ports and the control
 * service depend on the machine component, so they go with it, and so do the sim commands, which
 * wait for the control service.
 */
@Component(immediate = true, service = {})
public final class SimBackendSwitch {

    static final String BACKEND = "sysplug.backend";

    private final Logger log;

    @Activate
    public SimBackendSwitch(@Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
    }

    @Activate
    void activate(ComponentContext context) {
        String chosen = context.getBundleContext().getProperty(BACKEND);
        String backend = chosen == null ? "" : chosen.trim();
        if (backend.isEmpty() || backend.equalsIgnoreCase("sim")) {
            context.enableComponent(SimulatedMachineComponent.class.getName());
        } else if (!backend.equalsIgnoreCase("linux")) {
            log.error("{}={} names no backend: use sim (the simulated machine, the default) or linux; "
                    + "no machine runs until it does", BACKEND, chosen);
        }
    }
}
