package org.sysplug.config.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

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
 * ({@link ConfigurationAdmin}), and the changes, stored through ConfigAdmin.
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

    /** ConfigAdmin's own keys in a configuration ({@code service.pid}, {@code service.bundleLocation}...). */
    static boolean isBookkeeping(String key) {
        return key.equals(Constants.SERVICE_PID) || key.equals(ConfigurationAdmin.SERVICE_FACTORYPID)
                || key.equals(ConfigurationAdmin.SERVICE_BUNDLELOCATION);
    }

    /** Every PID, sorted. */
    List<PidSettings> all() throws IOException {
        Map<String, PidSettings> byPid = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            for (String pid : info.getPids()) {
                described(bundle, info, pid).ifPresent(p -> byPid.putIfAbsent(pid, p));
            }
        }
        for (Configuration c : configurations(null)) {
            PidSettings described = byPid.get(c.getPid());
            byPid.put(c.getPid(), described != null ? withValues(described, c)
                    : new PidSettings(c.getPid(), null, null, null, List.of(), values(c)));
        }
        return new ArrayList<>(byPid.values());
    }

    Optional<PidSettings> find(String pid) throws IOException {
        return all().stream().filter(p -> p.pid().equals(pid)).findFirst();
    }

    private static Optional<PidSettings> described(Bundle bundle, MetaTypeInformation info, String pid) {
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
        return Optional.of(new PidSettings(pid, ocd.getName(), ocd.getDescription(), bundle.getSymbolicName(),
                Arrays.asList(attributes), null));
    }

    private static PidSettings withValues(PidSettings described, Configuration c) {
        return new PidSettings(described.pid(), described.name(), described.description(), described.bundle(),
                described.attributes(), values(c));
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
     * Stores {@code key=value} in the PID's configuration, creating it when there is none. Unbound
     * (location null): ConfigAdmin binds it to the bundle whose component takes it.
     */
    void set(String pid, String key, Object value) throws IOException {
        Configuration c = configAdmin.getConfiguration(pid, null);
        Dictionary<String, Object> properties = c.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put(key, value);
        c.update(properties);
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
