package org.sysplug.config.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.framework.dto.ServiceReferenceDTO;

/**
 * Whether the components that use a PID run with a changed setting yet. ConfigAdmin stores a
 * change at once but hands it to the components on its own thread, so without this the request an
 * operator submits right after {@code config:set} could still see the old value.
 *
 * <p>Declarative Services shows a component configuration's new properties as soon as it receives
 * the change, before the component's {@code @Modified} method has run, so those properties alone
 * say "received", not "taken". The properties of the service the component registers are updated
 * only after that method returned (or after the component was activated again), so a component
 * that registers a service has taken a public setting once its service shows it. A component
 * without a service, or a private setting (a key starting with a dot, never a service property),
 * has nothing later to show, and its configuration properties are what there is. A component
 * without {@code @Modified} is deactivated and activated again: in between it shows the new
 * properties and no service, which is not taken either.
 *
 * <p>A factory configuration's users are the component configurations whose {@code service.pid}
 * is that configuration's PID (Declarative Services makes one per configuration of the factory).
 * Such a component is often only a carrier that another component gathers through a multiple
 * reference (the hot-plug policy reads every node override at once), and a component without
 * {@code @Modified} registers its service anew on each change: so the change is in force once the
 * components with a multiple reference to the new service have bound it, and a deleted
 * configuration once no component runs for it and none binds its old service any more.
 */
final class ConfigApplied {

    private static final long POLL_MILLIS = 20;

    private final ServiceComponentRuntime scr;

    ConfigApplied(ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    /**
     * Every running component configuration that takes {@code pid}: for a plain PID the
     * components configured by it, for a factory configuration ({@code factoryPid} not null) the
     * one made for that configuration.
     */
    List<ComponentConfigurationDTO> users(String pid, String factoryPid) {
        String configured = factoryPid == null ? pid : factoryPid;
        List<ComponentConfigurationDTO> users = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.configurationPid == null || !Arrays.asList(description.configurationPid).contains(configured)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                if (running(c) && (factoryPid == null || (c.properties != null
                        && pid.equals(c.properties.get(Constants.SERVICE_PID))))) {
                    users.add(c);
                }
            }
        }
        return users;
    }

    /** Whether an enabled component takes configurations of this factory PID. */
    private boolean consumed(String factoryPid) {
        return scr.getComponentDescriptionDTOs().stream().anyMatch(d -> d.configurationPid != null
                && Arrays.asList(d.configurationPid).contains(factoryPid) && scr.isComponentEnabled(d));
    }

    private static boolean running(ComponentConfigurationDTO c) {
        return c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED;
    }

    /** Whether this component configuration has taken {@code key} with a value {@code applied} accepts. */
    static boolean taken(ComponentConfigurationDTO user, String key, Predicate<Object> applied) {
        if (user.properties == null || !applied.test(user.properties.get(key))) {
            return false;
        }
        if (registersService(user) && user.service == null) {
            // a component without @Modified is deactivated and activated again: between the two it
            // has the new properties and no service yet
            return false;
        }
        boolean shownByService = user.service != null && user.service.properties != null && !key.startsWith(".");
        return !shownByService || applied.test(user.service.properties.get(key));
    }

    /** Whether the component declares a service (then it has taken a change only once it registers it again). */
    private static boolean registersService(ComponentConfigurationDTO user) {
        return user.description != null && user.description.serviceInterfaces != null
                && user.description.serviceInterfaces.length > 0;
    }

    /** Whether this component configuration has taken every key with a value its predicate accepts. */
    static boolean takenAll(ComponentConfigurationDTO user, Map<String, Predicate<Object>> applied) {
        return applied.entrySet().stream().allMatch(e -> taken(user, e.getKey(), e.getValue()));
    }

    /**
     * Waits, at most {@code millis}, until every running component that takes {@code pid} has
     * taken a {@code key} that {@code applied} accepts; true when they all have (or none runs).
     */
    boolean await(String pid, String key, Predicate<Object> applied, long millis) throws InterruptedException {
        return await(pid, null, Map.of(key, applied), millis);
    }

    /**
     * Waits, at most {@code millis}, until every running component that takes the PID (or the
     * factory configuration) has taken every key as its predicate accepts, and for a factory
     * configuration until the components gathering its service have bound the service as it is
     * now; true when they all have (or none runs).
     */
    boolean await(String pid, String factoryPid, Map<String, Predicate<Object>> applied, long millis)
            throws InterruptedException {
        return await(pid, factoryPid, applied, Set.of(), millis);
    }

    /**
     * As {@link #await(String, String, Map, long)}, where {@code runningBefore} are the component
     * configurations that ran before the change ({@link #running()}): a gatherer among them must
     * run again and bind the new service.
     */
    boolean await(String pid, String factoryPid, Map<String, Predicate<Object>> applied, Set<Long> runningBefore,
            long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        // a factory's component comes for a new configuration only once Declarative Services received it
        boolean comes = factoryPid != null && consumed(factoryPid);
        if (!until(end, () -> {
            List<ComponentConfigurationDTO> users = users(pid, factoryPid);
            return (!comes || !users.isEmpty()) && users.stream().allMatch(user -> takenAll(user, applied));
        })) {
            return false;
        }
        if (factoryPid == null) {
            return true;
        }
        return until(end, () -> users(pid, factoryPid).stream().allMatch(user -> takenAll(user, applied)
                && (user.service == null || gatherers(user.service, runningBefore).stream()
                        .allMatch(c -> running(c.getKey()) && binds(c, user.service.id)))));
    }

    /**
     * The component configurations running now, by id: taken before a change, so that one that
     * is being activated again because of it (and is not running for a moment) still counts.
     */
    Set<Long> running() {
        Set<Long> ids = new HashSet<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                if (running(c)) {
                    ids.add(c.id);
                }
            }
        }
        return ids;
    }

    /** The services of this PID's users now: what a delete waits to see unbound. */
    Set<Long> services(String pid, String factoryPid) {
        Set<Long> ids = new HashSet<>();
        for (ComponentConfigurationDTO user : users(pid, factoryPid)) {
            if (user.service != null) {
                ids.add(user.service.id);
            }
        }
        return ids;
    }

    /**
     * Waits, at most {@code millis}, until no component runs for the deleted factory
     * configuration and no running component still binds one of its former {@code services}.
     */
    boolean awaitGone(String pid, String factoryPid, Set<Long> services, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        Set<Long> binding = binding(services);
        return until(end, () -> users(pid, factoryPid).isEmpty() && binding(services).isEmpty()
                && binding.stream().allMatch(this::runs));
    }

    /**
     * The ids of the component configurations that bind one of {@code services} (in any state:
     * one being activated again still shows what it had).
     */
    private Set<Long> binding(Set<Long> services) {
        Set<Long> ids = new HashSet<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                if (c.satisfiedReferences != null && Arrays.stream(c.satisfiedReferences)
                        .anyMatch(r -> r.boundServices != null
                                && Arrays.stream(r.boundServices).anyMatch(s -> services.contains(s.id)))) {
                    ids.add(c.id);
                }
            }
        }
        return ids;
    }

    /** Whether the component configuration with this id runs. */
    private boolean runs(long id) {
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                if (c.id == id) {
                    return running(c);
                }
            }
        }
        return false;
    }

    /**
     * The component configurations, with the reference's name, that gather services such as
     * {@code service} and run now or ran before the change: a reference of multiple cardinality to one of its interfaces whose
     * target (if any) it matches.
     */
    private List<Map.Entry<ComponentConfigurationDTO, String>> gatherers(ServiceReferenceDTO service, Set<Long> runningBefore) {
        Set<String> interfaces = service.properties.get(Constants.OBJECTCLASS) instanceof String[] names
                ? Set.of(names) : Set.of();
        List<Map.Entry<ComponentConfigurationDTO, String>> found = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.references == null) {
                continue;
            }
            for (ReferenceDTO reference : description.references) {
                if (!interfaces.contains(reference.interfaceName) || !reference.cardinality.endsWith("..n")) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                    if ((running(c) || runningBefore.contains(c.id)) && targets(c, reference.name, service)) {
                        found.add(Map.entry(c, reference.name));
                    }
                }
            }
        }
        return found;
    }

    /** Whether the service fits the reference's target in this configuration (always, without a target). */
    private static boolean targets(ComponentConfigurationDTO c, String reference, ServiceReferenceDTO service) {
        SatisfiedReferenceDTO satisfied = satisfied(c, reference);
        if (satisfied == null || satisfied.target == null || satisfied.target.isEmpty()) {
            return true;
        }
        try {
            return FrameworkUtil.createFilter(satisfied.target).matches(service.properties);
        } catch (InvalidSyntaxException e) {
            return false; // a target SCR itself could not use binds nothing
        }
    }

    private static SatisfiedReferenceDTO satisfied(ComponentConfigurationDTO c, String reference) {
        if (c.satisfiedReferences == null) {
            return null;
        }
        return Arrays.stream(c.satisfiedReferences).filter(r -> r.name.equals(reference)).findFirst().orElse(null);
    }

    private static boolean binds(Map.Entry<ComponentConfigurationDTO, String> gatherer, long service) {
        SatisfiedReferenceDTO r = satisfied(gatherer.getKey(), gatherer.getValue());
        return r != null && r.boundServices != null && Arrays.stream(r.boundServices).anyMatch(s -> s.id == service);
    }

    private static boolean until(long end, Supplier<Boolean> condition) throws InterruptedException {
        while (!condition.get()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
