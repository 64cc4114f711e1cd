package org.sysplug.config.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.sysplug.shell.ShellOptions;
import org.sysplug.shell.Help;
import org.sysplug.shell.ShellStatus;
import org.sysplug.shell.ShellText;

/**
 * The settings commands, scope {@code config}: every PID a bundle describes with Metatype or that
 * has a configuration, each setting with its value, type, default, description and options, and
 * changes checked against the Metatype description before ConfigAdmin stores them (and keeps
 * them, in the data directory, across restarts). A refused value changes nothing. Like every
 * sysplug command they leave their exit status in {@value ShellStatus#VARIABLE}: 0 done, 1 failed,
 * 2 usage error (an unknown PID or key, a value the setting does not accept).
 */
@Component(service = ConfigCommands.class, property = {
        "osgi.command.scope=config",
        "osgi.command.function=list",
        "osgi.command.function=get",
        "osgi.command.function=set",
        "osgi.command.function=unset",
        "osgi.command.function=delete" })
public final class ConfigCommands {

    /** How long set and unset wait for the components that use the PID to take the change. */
    static final long APPLY_WAIT_MILLIS = 5_000;
    private static final String SET_OPERANDS = "PID|FACTORY~NAME KEY VALUE [KEY VALUE]...";
    private static final String NOT_TAKEN = "; stored, but the component that uses it has not taken it yet (the log says why, "
            + "if it refused it)";

    private final ConfigStore store;
    private final ConfigApplied applied;

    @Activate
    public ConfigCommands(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType, @Reference ServiceComponentRuntime scr) {
        this.store = new ConfigStore(context, configAdmin, metaType);
        this.applied = new ConfigApplied(scr);
    }

    @Descriptor("list every PID with a Metatype description or a configuration: PID, whether anything is set, name; "
            + "a factory PID says 'factory' and is followed by its configurations, FACTORY~NAME")
    public Object list(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON },
                    presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json) {
        try {
            List<PidSettings> all = store.all();
            return ShellStatus.done(session, ShellStatus.OK, json ? SettingsText.listJson(all) : SettingsText.list(all));
        } catch (IOException e) {
            return failed(session, "config:list", e);
        }
    }

    @Help(operands = "PID|FACTORY|FACTORY~NAME", examples = { "config:get org.sysplug.firmware.acpi",
            "config:get --json org.sysplug.framework.queue", "config:get org.sysplug.policy.node" })
    @Descriptor("show a PID's settings: key, value, whether set, type, default, then each one's description and options; "
            + "for a factory PID its settings and its configurations")
    public Object get(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON },
                    presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("the configuration PID, e.g. org.sysplug.firmware.acpi, a factory PID, or one of its configurations "
                    + "as FACTORY~NAME ('config:list' shows them)") String pid) {
        try {
            ConfigTarget target = ConfigTarget.parse(pid);
            Optional<PidSettings> found = store.find(pid);
            if (found.isEmpty()) {
                return usage(session, "config:get", missing(target));
            }
            return ShellStatus.done(session, ShellStatus.OK,
                    json ? SettingsText.getJson(found.get()) : SettingsText.get(found.get()));
        } catch (ConfigTarget.Refused e) {
            return usage(session, "config:get", e.getMessage());
        } catch (IOException e) {
            return failed(session, "config:get", e);
        }
    }

    @Help(operands = SET_OPERANDS, examples = {
            "config:set org.sysplug.firmware.acpi eject.policy demand-offline",
            "config:set org.sysplug.policy.node~node1 node 1 memory.action offline" })
    @Descriptor("change settings, each checked against its Metatype description (type, options, range), all in one "
            + "update; FACTORY~NAME creates that configuration of the factory when it does not exist")
    public Object set(CommandSession session,
            @Descriptor("the configuration PID, or FACTORY~NAME for a factory's configuration ('config:list' shows them)") String pid,
            @Descriptor("KEY VALUE pairs: the setting's key ('config:get PID' shows them) and its new value; several values "
                    + "of a multi-valued setting separated by commas") String... keysAndValues) {
        Map<String, Object> changes = new LinkedHashMap<>();
        List<String> report = new ArrayList<>();
        try {
            ConfigTarget target = ConfigTarget.parse(pid);
            if (keysAndValues.length == 0 || keysAndValues.length % 2 != 0) {
                // one line, and the usage as a line that does not fit a command shows it
                return ShellStatus.done(session, ShellStatus.USAGE, "usage: config:set " + SET_OPERANDS + " ("
                        + ShellText.oneLine(pid) + ": " + keysAndValues.length + " word(s) after the PID; give KEY VALUE "
                        + "pairs, as config:set " + example(target) + ")");
            }
            Optional<PidSettings> found = settable(target);
            if (found.isEmpty()) {
                return usage(session, "config:set", refusal(target));
            }
            PidSettings settings = found.get();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                String key = keysAndValues[i];
                Optional<AttributeDefinition> attribute = settings.attribute(key);
                if (attribute.isEmpty()) {
                    return usage(session, "config:set", noSuchKey(settings, key));
                }
                if (changes.containsKey(key)) {
                    return usage(session, "config:set", settings.pid() + " " + key + " is given twice: give each key once");
                }
                try {
                    changes.put(key, new ValueRule(pid, attribute.get()).parse(keysAndValues[i + 1]));
                } catch (ValueRule.Refused e) {
                    return usage(session, "config:set", e.getMessage());
                }
                report.add(pid + " " + key + " = " + SettingsText.format(changes.get(key)) + (settings.values() == null
                        && target.factoryConfiguration() ? "" : " (was " + SettingsText.shown(settings, attribute.get()) + ")"));
            }
            if (settings.values() == null) {
                List<String> lacking = settings.attributes().stream().filter(settings::mustBeGiven)
                        .map(AttributeDefinition::getID).filter(k -> !changes.containsKey(k)).toList();
                if (!lacking.isEmpty()) {
                    return usage(session, "config:set", pid + ": a new configuration needs " + String.join(", ", lacking)
                            + " (required, no default); nothing was created: config:set " + pid + " "
                            + lacking.stream().map(k -> k + " " + placeholder(settings, k)).collect(Collectors.joining(" "))
                            + " " + String.join(" ", keysAndValues));
                }
                if (target.factoryConfiguration()) {
                    report.add(0, pid + ": created");
                }
            }
            Set<Long> before = applied.running();
            store.set(target, changes);
            Map<String, Predicate<Object>> expected = new LinkedHashMap<>();
            changes.forEach((k, v) -> expected.put(k, now -> Objects.deepEquals(now, v)));
            return ShellStatus.done(session, ShellStatus.OK, String.join("\n", report) + taken(settings, expected, before));
        } catch (ConfigTarget.Refused e) {
            return usage(session, "config:set", e.getMessage());
        } catch (IOException e) {
            return failed(session, "config:set", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ShellStatus.done(session, ShellStatus.OK, pid + " " + String.join(", ", changes.keySet())
                    + ": stored; stopped waiting for it to apply");
        }
    }

    @Help(operands = "PID|FACTORY~NAME KEY", examples = "config:unset org.sysplug.firmware.acpi eject.policy")
    @Descriptor("remove a setting from the configuration: the component goes back to the default")
    public Object unset(CommandSession session,
            @Descriptor("the configuration PID, or FACTORY~NAME ('config:list' shows them)") String pid,
            @Descriptor("the setting's key ('config:get PID' shows them)") String key) {
        try {
            ConfigTarget target = ConfigTarget.parse(pid);
            Optional<PidSettings> found = store.find(pid);
            if (found.isEmpty() || found.get().factory()) {
                return usage(session, "config:unset", found.isEmpty() ? missing(target) : isFactory(found.get()));
            }
            PidSettings settings = found.get();
            Optional<AttributeDefinition> attribute = settings.attribute(key);
            if (attribute.isEmpty() && settings.value(key) == null) {
                return usage(session, "config:unset", noSuchKey(settings, key));
            }
            if (attribute.isPresent() && settings.mustBeGiven(attribute.get()) && settings.value(key) != null) {
                return usage(session, "config:unset", pid + " " + key + " is required and has no default: change it with "
                        + "config:set " + pid + " " + key + " VALUE, or remove the whole configuration with config:delete " + pid);
            }
            String fallback = attribute.map(SettingsText::defaults).orElse("-");
            Set<Long> services = applied.services(pid, settings.factoryPid());
            Set<Long> before = applied.running();
            if (!store.unset(pid, key)) {
                return ShellStatus.done(session, ShellStatus.OK, pid + " " + key + " was not set: it is the default, "
                        + fallback);
            }
            Predicate<Object> back = v -> v == null || SettingsText.format(v).equals(fallback);
            if (settings.kind() == PidSettings.Kind.FACTORY_CONFIGURATION && store.find(pid).isEmpty()) {
                // nothing else was set: ConfigStore deleted the configuration, and its component goes
                return ShellStatus.done(session, ShellStatus.OK, pid + " " + key + " unset: nothing else was set, so the "
                        + "configuration is deleted" + gone(settings, services));
            }
            return ShellStatus.done(session, ShellStatus.OK, pid + " " + key + " unset: back to the default, " + fallback
                    + taken(settings, Map.of(key, back), before));
        } catch (ConfigTarget.Refused e) {
            return usage(session, "config:unset", e.getMessage());
        } catch (IOException e) {
            return failed(session, "config:unset", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ShellStatus.done(session, ShellStatus.OK, pid + " " + key + ": unset; stopped waiting for it to apply");
        }
    }

    @Help(operands = "PID|FACTORY~NAME", examples = "config:delete org.sysplug.firmware.acpi")
    @Descriptor("delete a whole configuration: every setting of a PID back to its default, or a factory's configuration "
            + "gone with the component it made")
    public Object delete(CommandSession session,
            @Descriptor("the configuration PID, or FACTORY~NAME ('config:list' shows them)") String pid) {
        try {
            ConfigTarget target = ConfigTarget.parse(pid);
            Optional<PidSettings> found = store.find(pid);
            if (found.isEmpty() || found.get().factory()) {
                return usage(session, "config:delete", found.isEmpty() ? missing(target) : isFactory(found.get()));
            }
            PidSettings settings = found.get();
            if (settings.kind() == PidSettings.Kind.FACTORY_CONFIGURATION) {
                Set<Long> services = applied.services(pid, settings.factoryPid());
                if (!store.delete(pid)) {
                    return usage(session, "config:delete", missing(target));
                }
                return ShellStatus.done(session, ShellStatus.OK, pid + " deleted" + gone(settings, services));
            }
            Map<String, Predicate<Object>> back = new LinkedHashMap<>();
            for (String key : ConfigStore.setKeys(settings.values())) {
                String fallback = settings.attribute(key).map(SettingsText::defaults).orElse("-");
                back.put(key, v -> v == null || SettingsText.format(v).equals(fallback));
            }
            Set<Long> before = applied.running();
            if (!store.delete(pid)) {
                return ShellStatus.done(session, ShellStatus.OK, pid + " has no configuration: every setting is its default");
            }
            return ShellStatus.done(session, ShellStatus.OK, pid + " deleted: every setting back to its default"
                    + taken(settings, back, before));
        } catch (ConfigTarget.Refused e) {
            return usage(session, "config:delete", e.getMessage());
        } catch (IOException e) {
            return failed(session, "config:delete", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ShellStatus.done(session, ShellStatus.OK, pid + ": deleted; stopped waiting for it to apply");
        }
    }

    /** Nothing when the components that use the configuration took the change, else what the operator should know. */
    private String taken(PidSettings settings, Map<String, Predicate<Object>> keys, Set<Long> runningBefore)
            throws InterruptedException {
        // the factory as ConfigAdmin holds it, so that a configuration whose PID is not FACTORY~NAME is waited for too
        if (this.applied.await(settings.pid(), settings.factoryPid(), keys, runningBefore, APPLY_WAIT_MILLIS)) {
            return "";
        }
        return NOT_TAKEN;
    }

    /** Nothing when no component runs for a deleted factory configuration any more and none binds its service. */
    private String gone(PidSettings settings, Set<Long> services) throws InterruptedException {
        if (this.applied.awaitGone(settings.pid(), settings.factoryPid(), services, APPLY_WAIT_MILLIS)) {
            return "";
        }
        return "; but the component made for it still runs (the log says why)";
    }

    /**
     * The PID's settings when {@code config:set} may change it: a described plain PID, or a
     * configuration of a described factory, existing or to be created (then with no values).
     */
    private Optional<PidSettings> settable(ConfigTarget target) throws IOException {
        Optional<PidSettings> found = store.find(target.pid());
        if (found.isPresent()) {
            return found.filter(p -> p.described() && !p.factory());
        }
        if (!target.factoryConfiguration()) {
            return Optional.empty();
        }
        return store.find(target.factoryPid()).filter(f -> f.factory() && f.described())
                .map(f -> f.withValues(target.pid(), PidSettings.Kind.FACTORY_CONFIGURATION, f.pid(), null));
    }

    /** Why {@code config:set} cannot set the target ({@link #settable} found nothing). */
    private String refusal(ConfigTarget target) throws IOException {
        Optional<PidSettings> found = store.find(target.pid());
        if (found.isPresent() && found.get().factory()) {
            return isFactory(found.get());
        }
        if (found.isPresent()) {
            return ShellText.oneLine(target.pid()) + ": no Metatype description says what it takes, so nothing is set "
                    + "(a .cfg file sets it unchecked)";
        }
        if (target.factoryConfiguration()) {
            Optional<PidSettings> factory = store.find(target.factoryPid());
            if (factory.isPresent() && factory.get().factory()) {
                return ShellText.oneLine(target.factoryPid()) + ": no Metatype description says what its configurations "
                        + "take, so nothing is set (a .cfg file sets it unchecked)";
            }
        }
        return missing(target);
    }

    /** Why a target that is not there is not: no such PID, factory, or configuration of it. */
    private String missing(ConfigTarget target) throws IOException {
        if (!target.factoryConfiguration()) {
            return noSuchPid(target.pid());
        }
        Optional<PidSettings> factory = store.find(target.factoryPid());
        if (factory.isEmpty()) {
            return target.pid() + ": no such factory PID " + target.factoryPid() + ": no bundle describes it "
                    + "('config:list' shows the factories)";
        }
        if (!factory.get().factory()) {
            return target.pid() + ": " + target.factoryPid() + " is a plain PID, not a factory: name it alone, as "
                    + "config:get " + target.factoryPid();
        }
        List<String> existing = factory.get().configurations();
        return target.pid() + ": no such configuration of " + target.factoryPid() + " (it has "
                + (existing.isEmpty() ? "none" : String.join(", ", existing)) + "); config:set " + example(target)
                + " creates it";
    }

    /** A factory PID is no configuration: its configurations are named FACTORY~NAME. */
    private static String isFactory(PidSettings factory) {
        return factory.pid() + " is a factory PID: name one of its configurations as " + factory.pid()
                + ConfigTarget.SEPARATOR + "NAME" + (factory.configurations().isEmpty() ? ""
                        : " (it has " + String.join(", ", factory.configurations()) + ")");
    }

    /** {@code PID KEY VALUE} as a working example for this target, from its description where there is one. */
    private String example(ConfigTarget target) throws IOException {
        String pid = target.pid();
        Optional<PidSettings> described = store.find(target.factoryConfiguration() ? target.factoryPid() : pid);
        if (described.isEmpty() || described.get().attributes().isEmpty()) {
            return pid + " KEY VALUE";
        }
        PidSettings p = described.get();
        List<AttributeDefinition> shown = p.attributes().stream().filter(p::mustBeGiven).collect(Collectors.toList());
        if (shown.isEmpty()) {
            shown.add(p.attributes().get(0));
        }
        return pid + " " + shown.stream().map(a -> a.getID() + " " + placeholder(p, a.getID())).collect(Collectors.joining(" "));
    }

    /** What an operator types for {@code key}: its default or first option where it has one, else its type in capitals. */
    private static String placeholder(PidSettings settings, String key) {
        AttributeDefinition a = settings.attribute(key).orElseThrow();
        String[] options = a.getOptionValues();
        if (options != null && options.length > 0) {
            return options[0];
        }
        return ValueRule.typeName(a.getType()).toUpperCase(Locale.ROOT);
    }

    private static String noSuchPid(String pid) {
        return ShellText.oneLine(pid) + ": no such PID: no bundle describes it and no configuration has it "
                + "('config:list' shows them)";
    }

    private static String noSuchKey(PidSettings settings, String key) {
        return settings.pid() + " " + ShellText.oneLine(key) + ": no such setting; its settings are "
                + String.join(", ", settings.attributes().stream().map(AttributeDefinition::getID).toList());
    }

    private static Object usage(CommandSession session, String command, String message) {
        return ShellStatus.done(session, ShellStatus.USAGE, command + ": " + message);
    }

    private static Object failed(CommandSession session, String command, IOException e) {
        return ShellStatus.done(session, ShellStatus.FAILED, command + ": the configuration store failed: "
                + ShellText.oneLine(String.valueOf(e.getMessage())));
    }
}
