package org.sysplug.it.support;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** What SCR says about the sysplug bundles' components. */
public final class Components {

    /** The Linux backend's machine component: disabled, its ports waiting, on the simulator. */
    public static final String LINUX_BACKEND = "org.sysplug.platform.linux.LinuxBackendComponent";
    /**
     * The simulator's machine component: disabled, on the Linux backend, with what waits for it: its ports,
     * its control service ({@code org.sysplug.platform.sim.control}) and the commands of platform.sim.shell
     * ({@code org.sysplug.platform.sim.shell}), which wait for that service.
     */
    public static final String SIM_BACKEND = "org.sysplug.platform.sim.SimulatedMachineComponent";

    private Components() {
    }

    /**
     * Every sysplug component that is disabled or not satisfied, with what it misses, except the
     * backend that was not chosen ({@code inactiveBackend}) and the components that wait only for it
     * or for services of its package or a package below it (its ports; the simulator's control and,
     * in another bundle, the commands that wait for it): exactly one backend offers the ports.
     * Fails when there are no components at all.
     */
    public static List<String> problems(BundleContext context, String inactiveBackend) {
        ServiceComponentRuntime scr = context.getService(context.getServiceReference(ServiceComponentRuntime.class));
        List<String> problems = new ArrayList<>();
        int components = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith("org.sysplug.")) {
                continue;
            }
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                components++;
                if (!scr.isComponentEnabled(description)) {
                    if (!description.name.equals(inactiveBackend)) {
                        problems.add(description.name + " is disabled");
                    }
                    continue;
                }
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    if (configuration.state == ComponentConfigurationDTO.ACTIVE
                            || configuration.state == ComponentConfigurationDTO.SATISFIED) {
                        continue;
                    }
                    List<String> missing = new ArrayList<>();
                    String inactivePackage = inactiveBackend.substring(0, inactiveBackend.lastIndexOf('.') + 1);
                    for (UnsatisfiedReferenceDTO r : configuration.unsatisfiedReferences) {
                        String type = interfaceOf(description, r.name);
                        // the inactive backend, or a service that goes with it: one of its own package, or of a
                        // package below it, such as the simulator's control, which platform.sim.shell's commands
                        // wait for, and those commands themselves
                        if (type == null || !type.startsWith(inactivePackage)) {
                            missing.add(r.name + " " + r.target);
                        }
                    }
                    if (!missing.isEmpty() || configuration.failure != null) {
                        problems.add(description.name + " is in state " + configuration.state + ", missing " + missing
                                + (configuration.failure == null ? "" : ": " + configuration.failure));
                    }
                }
            }
        }
        if (components == 0) {
            problems.add("no sysplug component at all");
        }
        return problems;
    }

    private static String interfaceOf(ComponentDescriptionDTO description, String reference) {
        for (ReferenceDTO r : description.references) {
            if (r.name.equals(reference)) {
                return r.interfaceName;
            }
        }
        return null;
    }
}
