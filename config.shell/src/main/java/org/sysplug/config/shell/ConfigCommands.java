package org.sysplug.config.shell;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

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
        "osgi.command.function=unset" })
public final class ConfigCommands {

    /** How long set and unset wait for the components that use the PID to take the change. */
    static final long APPLY_WAIT_MILLIS = 5_000;

    private final ConfigStore store;
    private final ConfigApplied applied;

    @Activate
    public ConfigCommands(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType, @Reference ServiceComponentRuntime scr) {
        this.store = new ConfigStore(context, configAdmin, metaType);
        this.applied = new ConfigApplied(scr);
    }

    @Descriptor("list every PID with a Metatype description or a configuration: PID, whether anything is set, name")
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

    @Help(operands = "PID", examples = { "config:get org.sysplug.firmware.acpi", "config:get --json org.sysplug.framework.queue" })
    @Descriptor("show a PID's settings: key, value, whether set, type, default, then each one's description and options")
    public Object get(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON },
                    presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("the configuration PID, e.g. org.sysplug.firmware.acpi ('config:list' shows them)") String pid) {
        try {
            Optional<PidSettings> found = store.find(pid);
            if (found.isEmpty()) {
                return usage(session, "config:get", noSuchPid(pid));
            }
            return ShellStatus.done(session, ShellStatus.OK,
                    json ? SettingsText.getJson(found.get()) : SettingsText.get(found.get()));
        } catch (IOException e) {
            return failed(session, "config:get", e);
        }
    }

    @Help(operands = "PID KEY VALUE", examples = "config:set org.sysplug.firmware.acpi eject.policy demand-offline")
    @Descriptor("change a setting, checked against its Metatype description (type, options, range); "
            + "e.g. config:set org.sysplug.firmware.acpi eject.policy demand-offline")
    public Object set(CommandSession session,
            @Descriptor("the configuration PID ('config:list' shows them)") String pid,
            @Descriptor("the setting's key ('config:get PID' shows them)") String key,
            @Descriptor("the new value; several values of a multi-valued setting separated by commas") String value) {
        try {
            Optional<PidSettings> found = store.find(pid);
            if (found.isEmpty() || !found.get().described()) {
                return usage(session, "config:set", found.isEmpty() ? noSuchPid(pid)
                        : ShellText.oneLine(pid) + ": no Metatype description says what it takes, so nothing is set "
                                + "(a .cfg file sets it unchecked)");
            }
            PidSettings settings = found.get();
            Optional<AttributeDefinition> attribute = settings.attribute(key);
            if (attribute.isEmpty()) {
                return usage(session, "config:set", noSuchKey(settings, key));
            }
            Object typed;
            try {
                typed = new ValueRule(pid, attribute.get()).parse(value);
            } catch (ValueRule.Refused e) {
                return usage(session, "config:set", e.getMessage());
            }
            String before = SettingsText.shown(settings, attribute.get());
            store.set(pid, key, typed);
            String now = SettingsText.format(typed);
            String line = pid + " " + key + " = " + now + " (was " + before + ")";
            return ShellStatus.done(session, ShellStatus.OK, line + taken(pid, key, v -> Objects.deepEquals(v, typed)));
        } catch (IOException e) {
            return failed(session, "config:set", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ShellStatus.done(session, ShellStatus.OK, pid + " " + key + ": stored; stopped waiting for it to apply");
        }
    }

    @Help(operands = "PID KEY", examples = "config:unset org.sysplug.firmware.acpi eject.policy")
    @Descriptor("remove a setting from the configuration: the component goes back to the default")
    public Object unset(CommandSession session,
            @Descriptor("the configuration PID ('config:list' shows them)") String pid,
            @Descriptor("the setting's key ('config:get PID' shows them)") String key) {
        try {
            Optional<PidSettings> found = store.find(pid);
            if (found.isEmpty()) {
                return usage(session, "config:unset", noSuchPid(pid));
            }
            PidSettings settings = found.get();
            Optional<AttributeDefinition> attribute = settings.attribute(key);
            if (attribute.isEmpty() && settings.value(key) == null) {
                return usage(session, "config:unset", noSuchKey(settings, key));
            }
            String fallback = attribute.map(SettingsText::defaults).orElse("-");
            if (!store.unset(pid, key)) {
                return ShellStatus.done(session, ShellStatus.OK, pid + " " + key + " was not set: it is the default, "
                        + fallback);
            }
            Predicate<Object> back = v -> v == null || SettingsText.format(v).equals(fallback);
            return ShellStatus.done(session, ShellStatus.OK, pid + " " + key + " unset: back to the default, " + fallback
                    + taken(pid, key, back));
        } catch (IOException e) {
            return failed(session, "config:unset", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ShellStatus.done(session, ShellStatus.OK, pid + " " + key + ": unset; stopped waiting for it to apply");
        }
    }

    /** Nothing when the components that use the PID took the change, else what the operator should know. */
    private String taken(String pid, String key, Predicate<Object> applied) throws InterruptedException {
        if (this.applied.await(pid, key, applied, APPLY_WAIT_MILLIS)) {
            return "";
        }
        return "; stored, but the component that uses it has not taken it yet (the log says why, if it refused it)";
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
