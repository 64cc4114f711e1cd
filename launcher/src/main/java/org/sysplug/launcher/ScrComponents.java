package org.sysplug.launcher;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Declarative Services' runtime view ({@code ServiceComponentRuntime} and its DTOs) of every
 * enabled component, as {@link ComponentState}s. The launcher cannot link against the DS API: it
 * lives in a bundle ({@code org.osgi.service.component}), not on the launcher's class path. So, as
 * {@link GogoSession} calls Gogo, it calls the service through its interface by reflection and
 * reads the DTOs' public fields, which the specification fixes.
 */
final class ScrComponents {

    static final String RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String SERVICE_COMPONENT = "Service-Component";

    private final BundleContext context;
    /** The context's own bundle, whose state still reads once the context is invalid. */
    private final Bundle owner;

    ScrComponents(BundleContext context) {
        this.context = context;
        this.owner = context.getBundle();
    }

    /**
     * Every enabled component configuration; null while the answer cannot be complete yet: a bundle
     * is still starting, or an active bundle declares components SCR has not loaded. Without SCR
     * running, or once the framework has stopped (a script's {@code stop 0}), there are none and
     * none can come: an empty list.
     */
    List<ComponentState> read() {
        try {
            return readRunning();
        } catch (IllegalStateException stopped) {
            if ((owner.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                throw stopped;
            }
            return List.of();
        }
    }

    private List<ComponentState> readRunning() {
        Map<Long, Bundle> declaring = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.STARTING) {
                return null;
            }
            if (bundle.getState() == Bundle.ACTIVE && bundle.getHeaders("").get(SERVICE_COMPONENT) != null) {
                declaring.put(bundle.getBundleId(), bundle);
            }
        }
        ServiceReference<?> ref = context.getServiceReference(RUNTIME);
        Object runtime = ref == null ? null : context.getService(ref);
        if (runtime == null) {
            return List.of();
        }
        try {
            Class<?> api = GogoSession.interfaceNamed(runtime.getClass(), RUNTIME);
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Method enabled = api.getMethod("isComponentEnabled", descriptionType(api));
            Method configurations = api.getMethod("getComponentConfigurationDTOs", descriptionType(api));
            List<ComponentState> states = new ArrayList<>();
            Set<Long> loaded = new HashSet<>();
            for (Object description : (Collection<?>) descriptions.invoke(runtime, (Object) new Bundle[0])) {
                loaded.add(((Number) field(field(description, "bundle"), "id")).longValue());
                if (Boolean.TRUE.equals(enabled.invoke(runtime, description))) {
                    addStates(states, description, (Collection<?>) configurations.invoke(runtime, description));
                }
            }
            return loaded.containsAll(declaring.keySet()) ? states : null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unusable ServiceComponentRuntime: " + e, e);
        } finally {
            ungetQuietly(ref);
        }
    }

    private static Class<?> descriptionType(Class<?> api) throws NoSuchMethodException {
        for (Method method : api.getMethods()) {
            if (method.getName().equals("getComponentConfigurationDTOs")) {
                return method.getParameterTypes()[0];
            }
        }
        throw new NoSuchMethodException("getComponentConfigurationDTOs");
    }

    private void addStates(List<ComponentState> states, Object description, Collection<?> configurations)
            throws ReflectiveOperationException {
        boolean immediate = (Boolean) field(description, "immediate");
        Set<String> services = Set.of(strings(field(description, "serviceInterfaces")));
        Map<String, String> interfaces = new HashMap<>();
        for (Object reference : array(field(description, "references"))) {
            interfaces.put((String) field(reference, "name"), (String) field(reference, "interfaceName"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> declared = (Map<String, Object>) field(description, "properties");
        if (configurations.isEmpty()) {
            // Its configuration is required and absent: it waits, perhaps for one ConfigAdmin is delivering.
            states.add(new ComponentState(-1 - states.size(), ComponentState.UNSATISFIED_CONFIGURATION, immediate,
                    services, -1, declared, configurationHeld(description), List.of()));
            return;
        }
        for (Object configuration : configurations) {
            long id = ((Number) field(configuration, "id")).longValue();
            int state = (Integer) field(configuration, "state");
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) field(configuration, "properties");
            List<ComponentState.Missing> missing = new ArrayList<>();
            for (Object unsatisfied : array(field(configuration, "unsatisfiedReferences"))) {
                Set<Long> matched = new HashSet<>();
                for (Object service : array(field(unsatisfied, "targetServices"))) {
                    matched.add(((Number) field(service, "id")).longValue());
                }
                missing.add(new ComponentState.Missing(interfaces.get((String) field(unsatisfied, "name")),
                        (String) field(unsatisfied, "target"), matched));
            }
            boolean awaits = state == ComponentState.UNSATISFIED_CONFIGURATION && configurationHeld(description);
            states.add(new ComponentState(id, state, immediate, services, services.isEmpty() ? -1 : serviceId(configuration, id),
                    properties == null ? declared : properties, awaits, missing));
        }
    }

    /** The id of the configuration's registered service, or -1: DS 1.5's DTO field, else the registry. */
    private long serviceId(Object configuration, long componentId) throws ReflectiveOperationException {
        try {
            Object service = configuration.getClass().getField("service").get(configuration);
            return service == null ? -1 : ((Number) field(service, "id")).longValue();
        } catch (NoSuchFieldException olderSpecification) {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(component.id=" + componentId + ")");
                return refs == null ? -1 : (Long) refs[0].getProperty("service.id");
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Whether ConfigAdmin holds a configuration for one of the component's PIDs (so SCR will get it). */
    private boolean configurationHeld(Object description) throws ReflectiveOperationException {
        ServiceReference<?> ref = context.getServiceReference(CONFIGURATION_ADMIN);
        Object admin = ref == null ? null : context.getService(ref);
        if (admin == null) {
            return false;
        }
        try {
            StringBuilder filter = new StringBuilder("(|");
            for (String pid : strings(field(description, "configurationPid"))) {
                String quoted = pid.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
                filter.append("(service.pid=").append(quoted).append(")(service.factoryPid=").append(quoted).append(')');
            }
            Method list = GogoSession.interfaceNamed(admin.getClass(), CONFIGURATION_ADMIN).getMethod("listConfigurations", String.class);
            Object found = list.invoke(admin, filter.append(')').toString());
            return found != null && Array.getLength(found) > 0;
        } finally {
            ungetQuietly(ref);
        }
    }

    private void ungetQuietly(ServiceReference<?> ref) {
        if (ref != null) {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException e) {
                // the framework is stopping
            }
        }
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        return dto.getClass().getField(name).get(dto);
    }

    private static Object[] array(Object value) {
        if (value == null) {
            return new Object[0];
        }
        Object[] items = new Object[Array.getLength(value)];
        for (int i = 0; i < items.length; i++) {
            items[i] = Array.get(value, i);
        }
        return items;
    }

    private static String[] strings(Object value) {
        return value == null ? new String[0] : (String[]) value;
    }
}
