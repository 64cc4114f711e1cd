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
    /** The simulator's machine component: disabled, its ports and commands waiting, on the Linux backend. */
    public static final String SIM_BACKEND = "org.sysplug.platform.sim.SimulatedMachineComponent";

    private Components() {
    }

    /**
     * Every sysplug component that is disabled or not satisfied, with what it misses, except the
     * backend that was not chosen ({@code inactiveBackend}) and the components that wait only for it
     * or for its bundle's private services (its ports, the simulator's commands): exactly one
     * backend offers the ports. Fails when there are no components at all.
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
                        // the inactive backend, or a private service of its bundle that goes with it
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
