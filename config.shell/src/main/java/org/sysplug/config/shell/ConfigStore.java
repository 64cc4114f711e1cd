package org.sysplug.config.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The settings of the running platform, through the two OSGi services that hold them: every PID a
 * bundle describes with Metatype ({@link MetaTypeService}) or that has a configuration
 * ({@link ConfigurationAdmin}), factory PIDs and their configurations included, and the changes,
 * stored through ConfigAdmin.
 */
final class ConfigStore {

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final MetaTypeService metaType;

    ConfigStore(BundleContext context, ConfigurationAdmin configAdmin, MetaTypeService metaType) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.metaType = metaType;
    }

    /**
     * ConfigAdmin's own keys in a configuration ({@code service.pid}, {@code service.bundleLocation}...),
     * and the file FileInstall made it from.
     */
    static boolean isBookkeeping(String key) {
        return key.equals(Constants.SERVICE_PID) || key.equals(ConfigurationAdmin.SERVICE_FACTORYPID)
                || key.equals(ConfigurationAdmin.SERVICE_BUNDLELOCATION) || key.equals(SettingsText.FILE_KEY);
    }

    /**
     * Every PID, sorted: the plain and factory PIDs bundles describe, and every configuration,
     * a factory's described by its factory's Metatype (a factory nobody describes is listed too).
     */
    List<PidSettings> all() throws IOException {
        Map<String, PidSettings> byPid = new LinkedHashMap<>();
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            for (String pid : info.getPids()) {
                described(bundle, info, pid, PidSettings.Kind.PLAIN).ifPresent(p -> byPid.putIfAbsent(pid, p));
            }
            for (String pid : info.getFactoryPids()) {
                described(bundle, info, pid, PidSettings.Kind.FACTORY).ifPresent(p -> byPid.putIfAbsent(pid, p));
            }
        }
        List<Stored> stored = new ArrayList<>();
        for (Configuration c : configurations(null)) {
            stored.add(new Stored(c.getPid(), c.getFactoryPid(), values(c)));
        }
        return merge(byPid.values(), stored);
    }

    /** A configuration as ConfigAdmin holds it: its PID, its factory PID (null for a plain one), its properties. */
    record Stored(String pid, String factoryPid, Map<String, Object> values) {
    }

    /**
     * What an operator sees, sorted by PID: every description with the configurations stored for
     * it. A factory configuration is described by its factory's description and listed under it;
     * a factory nobody describes is listed as a factory, without a description, and so is a
     * configuration nobody describes.
     */
    static List<PidSettings> merge(Collection<PidSettings> described, List<Stored> stored) {
        Map<String, PidSettings> byPid = new TreeMap<>();
        described.forEach(p -> byPid.putIfAbsent(p.pid(), p));
        Map<String, List<String>> byFactory = new TreeMap<>();
        for (Stored c : stored) {
            if (c.factoryPid() == null) {
                PidSettings plain = byPid.get(c.pid());
                byPid.put(c.pid(), plain != null && !plain.factory()
                        ? plain.withValues(c.pid(), PidSettings.Kind.PLAIN, null, c.values())
                        : new PidSettings(c.pid(), null, null, null, List.of(), c.values()));
                continue;
            }
            PidSettings factory = byPid.get(c.factoryPid());
            if (factory == null || !factory.factory()) {
                factory = new PidSettings(c.factoryPid(), PidSettings.Kind.FACTORY, null, null, null, null, List.of(),
                        Set.of(), null, List.of());
                byPid.put(c.factoryPid(), factory);
            }
            byPid.put(c.pid(), factory.withValues(c.pid(), PidSettings.Kind.FACTORY_CONFIGURATION, c.factoryPid(), c.values()));
            byFactory.computeIfAbsent(c.factoryPid(), f -> new ArrayList<>()).add(c.pid());
        }
        byFactory.forEach((factory, pids) -> byPid.computeIfPresent(factory,
                (f, p) -> p.withConfigurations(pids.stream().sorted().toList())));
        return new ArrayList<>(byPid.values());
    }

    Optional<PidSettings> find(String pid) throws IOException {
        return all().stream().filter(p -> p.pid().equals(pid)).findFirst();
    }

    private static Optional<PidSettings> described(Bundle bundle, MetaTypeInformation info, String pid, PidSettings.Kind kind) {
        ObjectClassDefinition ocd;
        try {
            ocd = info.getObjectClassDefinition(pid, null);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a designate without its class definition
        }
        AttributeDefinition[] attributes = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (attributes == null) {
            return Optional.empty();
        }
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        Set<String> requiredKeys = required == null ? Set.of()
                : Arrays.stream(required).map(AttributeDefinition::getID).collect(Collectors.toSet());
        return Optional.of(new PidSettings(pid, kind, null, ocd.getName(), ocd.getDescription(), bundle.getSymbolicName(),
                Arrays.asList(attributes), requiredKeys, null, List.of()));
    }

    private static Map<String, Object> values(Configuration c) {
        Dictionary<String, Object> properties = c.getProperties();
        Map<String, Object> values = new LinkedHashMap<>();
        if (properties != null) {
            for (String key : Collections.list(properties.keys())) {
                values.put(key, properties.get(key));
            }
        }
        return values;
    }

    /** The configurations with this PID (at most one), or all of them with null. */
    private List<Configuration> configurations(String pid) throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations(pid == null ? null
                    : "(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
            return found == null ? List.of() : List.of(found);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a PID made a bad filter: " + pid, e);
        }
    }

    private static String escape(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Stores {@code changes} in the target's configuration in one update, creating it when there
     * is none: a factory's configuration named as FileInstall names the one of a {@code .cfg}
     * file. Unbound (location null): ConfigAdmin binds it to the bundle whose component takes it.
     */
    void set(ConfigTarget target, Map<String, Object> changes) throws IOException {
        Configuration c = target.factoryConfiguration()
                ? configAdmin.getFactoryConfiguration(target.factoryPid(), target.name(), null)
                : configAdmin.getConfiguration(target.pid(), null);
        Dictionary<String, Object> properties = c.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            properties.put(e.getKey(), e.getValue());
        }
        c.update(properties);
    }

    /** Deletes the configuration with this PID; false when there is none. */
    boolean delete(String pid) throws IOException {
        boolean deleted = false;
        for (Configuration c : configurations(pid)) {
            c.delete();
            deleted = true;
        }
        return deleted;
    }

    /** Removes {@code key} from the PID's configuration; a configuration left with nothing set is deleted. */
    boolean unset(String pid, String key) throws IOException {
        for (Configuration c : configurations(pid)) {
            Dictionary<String, Object> properties = c.getProperties();
            if (properties == null || properties.get(key) == null) {
                return false;
            }
            properties.remove(key);
            if (Collections.list(properties.keys()).stream().allMatch(ConfigStore::isBookkeeping)) {
                c.delete();
            } else {
                c.update(properties);
            }
            return true;
        }
        return false;
    }

    /** Keys of {@code values} that are set, in a stable order. */
    static List<String> setKeys(Map<String, Object> values) {
        Predicate<String> shown = k -> !isBookkeeping(k);
        return values == null ? List.of() : values.keySet().stream().filter(shown).sorted().toList();
    }
}
