package org.sysplug.config.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.service.metatype.AttributeDefinition;
import org.sysplug.shell.JsonText;
import org.sysplug.shell.ShellText;
import org.sysplug.shell.Table;

/** What {@code config:list} and {@code config:get} print, as text or as one JSON document. */
final class SettingsText {

    static final String NONE = "-";
    /** Where Felix FileInstall notes the file a configuration came from. */
    static final String FILE_KEY = "felix.fileinstall.filename";

    private SettingsText() {
    }

    static String list(List<PidSettings> all) {
        Table table = new Table("PID", "SET", "NAME");
        for (PidSettings p : all) {
            table.row(p.pid(), p.factory() ? "factory" : p.set() ? "yes" : "no",
                    p.name() != null ? p.name() : "(no Metatype description)");
        }
        StringBuilder sb = new StringBuilder();
        table.appendTo(sb, "");
        return sb.toString().stripTrailing();
    }

    static String listJson(List<PidSettings> all) {
        List<Object> pids = new ArrayList<>();
        for (PidSettings p : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", p.pid());
            m.put("name", p.name());
            m.put("bundle", p.bundle());
            m.put("described", p.described());
            m.put("set", p.set());
            m.put("factory", p.factory());
            if (p.factory()) {
                m.put("configurations", p.configurations());
            }
            if (p.factoryPid() != null) {
                m.put("factoryPid", p.factoryPid());
            }
            pids.add(m);
        }
        return JsonText.of(pids);
    }

    static String get(PidSettings p) {
        StringBuilder sb = new StringBuilder(ShellText.oneLine(p.pid()));
        if (p.name() != null) {
            sb.append(": ").append(p.name());
        }
        if (p.bundle() != null) {
            sb.append(" (bundle ").append(p.bundle()).append(')');
        }
        sb.append('\n');
        if (p.factory()) {
            sb.append("A factory PID: each of its configurations, named ").append(p.pid()).append(ConfigTarget.SEPARATOR)
                    .append("NAME, is one more instance of these settings.\n");
        } else if (p.factoryPid() != null) {
            sb.append("A configuration of the factory PID ").append(p.factoryPid()).append(".\n");
        }
        if (p.values() != null && p.values().get(FILE_KEY) != null) {
            sb.append("From the file ").append(format(p.values().get(FILE_KEY))).append(".\n");
        }
        if (p.description() != null && !p.description().isBlank()) {
            sb.append(p.description().strip()).append('\n');
        }
        sb.append('\n');
        if (p.factory()) {
            return factory(sb, p);
        }
        Table table = new Table("KEY", "VALUE", "SET", "TYPE", "DEFAULT");
        for (AttributeDefinition a : p.attributes()) {
            Object value = p.value(a.getID());
            boolean refused = value != null && new ValueRule(p.pid(), a).refusal(value).isPresent();
            table.row(a.getID(), value != null ? format(value) : defaults(a), value == null ? "no" : refused ? "REFUSED" : "yes",
                    type(a), defaults(a));
        }
        for (String key : undescribed(p)) {
            // a key nobody describes came from a file (a .cfg in deploy/) and may be anything
            table.row(ShellText.oneLine(key), format(p.value(key)), "yes", p.value(key).getClass().getSimpleName(), NONE);
        }
        table.appendTo(sb, "");
        explain(sb, p);
        if (!undescribed(p).isEmpty()) {
            sb.append('\n').append(ShellText.oneLine(String.join(", ", undescribed(p))))
                    .append(": set by a configuration, not described by Metatype\n");
        }
        List<String> problems = problems(p);
        if (!problems.isEmpty()) {
            sb.append('\n').append("Not as its description allows:\n");
            problems.forEach(line -> sb.append("  ").append(line).append('\n'));
        }
        return sb.toString().stripTrailing();
    }

    /** Each setting's name and description, then its options. */
    private static void explain(StringBuilder sb, PidSettings p) {
        for (AttributeDefinition a : p.attributes()) {
            sb.append('\n').append(a.getID()).append(": ").append(a.getName());
            if (a.getDescription() != null && !a.getDescription().isBlank()) {
                sb.append(". ").append(a.getDescription().strip());
            }
            sb.append('\n');
            String options = options(a).entrySet().stream()
                    .map(e -> e.getKey().equals(e.getValue()) ? e.getKey() : e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", "));
            if (!options.isEmpty()) {
                sb.append("  options: ").append(options).append('\n');
            }
        }
    }

    /** A factory PID: what each configuration takes (key, type, default, required), then its configurations. */
    private static String factory(StringBuilder sb, PidSettings p) {
        Table table = new Table("KEY", "TYPE", "DEFAULT", "REQUIRED");
        for (AttributeDefinition a : p.attributes()) {
            table.row(a.getID(), type(a), defaults(a), p.mustBeGiven(a) ? "yes" : "no");
        }
        table.appendTo(sb, "");
        explain(sb, p);
        sb.append('\n');
        if (p.configurations().isEmpty()) {
            sb.append("No configuration yet");
        } else {
            sb.append("Configurations: ").append(ShellText.oneLine(String.join(", ", p.configurations())));
        }
        String given = p.attributes().stream().filter(p::mustBeGiven).map(a -> " " + a.getID() + " VALUE")
                .collect(Collectors.joining());
        sb.append(" (config:set ").append(p.pid()).append(ConfigTarget.SEPARATOR).append("NAME").append(given)
                .append(" [KEY VALUE]... creates one)\n");
        return sb.toString().stripTrailing();
    }

    /**
     * What a configuration holds that its description does not allow (a {@code .cfg} file is not
     * checked): each set value its rule refuses, each required key without a default it lacks.
     */
    static List<String> problems(PidSettings p) {
        List<String> problems = new ArrayList<>();
        if (p.values() == null || p.factory()) {
            return problems;
        }
        for (AttributeDefinition a : p.attributes()) {
            Object value = p.value(a.getID());
            if (value == null) {
                if (p.mustBeGiven(a)) {
                    problems.add(p.pid() + " " + a.getID() + " is required and not set: config:set " + p.pid() + " "
                            + a.getID() + " VALUE");
                }
                continue;
            }
            try {
                new ValueRule(p.pid(), a).parse(raw(value));
            } catch (ValueRule.Refused e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** A stored value as text to check again, several values joined by commas (no escaping: the rule sees what is stored). */
    private static String raw(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    static String getJson(PidSettings p) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("pid", p.pid());
        doc.put("name", p.name());
        doc.put("description", p.description());
        doc.put("bundle", p.bundle());
        doc.put("set", p.set());
        doc.put("factory", p.factory());
        if (p.factory()) {
            doc.put("configurations", p.configurations());
        }
        if (p.factoryPid() != null) {
            doc.put("factoryPid", p.factoryPid());
        }
        if (p.values() != null && p.values().get(FILE_KEY) != null) {
            doc.put("file", String.valueOf(p.values().get(FILE_KEY)));
        }
        List<Object> settings = new ArrayList<>();
        for (AttributeDefinition a : p.attributes()) {
            Map<String, Object> s = new LinkedHashMap<>();
            Object value = p.value(a.getID());
            s.put("key", a.getID());
            s.put("name", a.getName());
            s.put("value", json(value != null ? value : typedDefault(p.pid(), a)));
            s.put("set", value != null);
            s.put("type", type(a));
            s.put("cardinality", a.getCardinality());
            s.put("default", json(typedDefault(p.pid(), a)));
            s.put("required", p.mustBeGiven(a));
            s.put("description", a.getDescription());
            List<Object> options = new ArrayList<>();
            options(a).forEach((v, label) -> options.add(Map.of("value", v, "label", label)));
            s.put("options", options);
            settings.add(s);
        }
        for (String key : undescribed(p)) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("key", key);
            s.put("value", json(p.value(key)));
            s.put("set", true);
            s.put("type", p.value(key).getClass().getSimpleName());
            settings.add(s);
        }
        doc.put("settings", settings);
        doc.put("problems", problems(p));
        return JsonText.of(doc);
    }

    /** The value now as {@code config:set} reports what it replaced: the set value, or the default, said so. */
    static String shown(PidSettings p, AttributeDefinition a) {
        Object value = p.value(a.getID());
        return value != null ? format(value) : "the default, " + defaults(a);
    }

    /** A setting's default as text ({@value #NONE} when it has none). */
    static String defaults(AttributeDefinition a) {
        String[] d = a.getDefaultValue();
        return d == null || d.length == 0 ? NONE : String.join(",", d);
    }

    /**
     * A stored value as an operator types it: several values separated by commas, control
     * characters escaped (a value read from a file may hold any byte).
     */
    static String format(Object value) {
        if (value instanceof Object[] array) {
            return ShellText.oneLine(Arrays.stream(array).map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (value instanceof Collection<?> values) {
            return ShellText.oneLine(values.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        return ShellText.oneLine(String.valueOf(value));
    }

    private static String type(AttributeDefinition a) {
        String type = ValueRule.typeName(a.getType());
        int cardinality = a.getCardinality();
        if (cardinality == 0) {
            return type;
        }
        int most = Math.abs(cardinality);
        return type + "[" + (most == Integer.MAX_VALUE ? "" : "at most " + most) + "]";
    }

    /** Option value to label, in the definition's order. */
    private static Map<String, String> options(AttributeDefinition a) {
        Map<String, String> options = new LinkedHashMap<>();
        String[] values = a.getOptionValues();
        String[] labels = a.getOptionLabels();
        if (values != null) {
            for (int i = 0; i < values.length; i++) {
                options.put(values[i], labels != null && i < labels.length ? labels[i] : values[i]);
            }
        }
        return options;
    }

    private static List<String> undescribed(PidSettings p) {
        return ConfigStore.setKeys(p.values()).stream().filter(k -> p.attribute(k).isEmpty()).toList();
    }

    /** A stored value in JSON: numbers and booleans as such, several values as an array. */
    private static Object json(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(SettingsText::json).toList();
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(SettingsText::json).toList();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Boolean || value instanceof Short
                || value instanceof Double || value instanceof String) {
            return value;
        }
        return value == null ? null : String.valueOf(value);
    }

    /** The default as the component receives it (typed as the setting is), or null without one. */
    private static Object typedDefault(String pid, AttributeDefinition a) {
        String[] d = a.getDefaultValue();
        if (d == null || d.length == 0) {
            return null;
        }
        try {
            return new ValueRule(pid, a).parse(String.join(",", d));
        } catch (ValueRule.Refused e) {
            return defaults(a); // a default its own definition refuses: shown as written
        }
    }
}
