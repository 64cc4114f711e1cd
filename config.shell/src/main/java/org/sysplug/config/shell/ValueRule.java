package org.sysplug.config.shell;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.osgi.service.metatype.AttributeDefinition;
import org.sysplug.shell.ShellText;

/**
 * What a setting accepts, from its Metatype attribute definition, and the typed value ConfigAdmin
 * stores for what an operator typed: the type (an Integer for {@code int}, a Boolean for
 * {@code boolean}, so the component reads what it declared), the options, the cardinality, and
 * last the definition's own {@link AttributeDefinition#validate validate} (its minimum and
 * maximum, which the Metatype API shows only through it). A refusal names the PID, the key, the
 * rule and what is allowed, in one line.
 */
final class ValueRule {

    /** A value a setting does not accept; the message is for the operator. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final String pid;
    private final AttributeDefinition definition;

    ValueRule(String pid, AttributeDefinition definition) {
        this.pid = pid;
        this.definition = definition;
    }

    /**
     * The value to store for {@code text}: one typed value, or for a multi-valued setting the
     * comma-separated values as an array (cardinality above 0) or a list (below 0).
     */
    Object parse(String text) throws Refused {
        int cardinality = definition.getCardinality();
        if (cardinality == 0) {
            return one(text);
        }
        List<String> parts = text.isEmpty() ? List.of() : Arrays.stream(text.split(",", -1)).map(String::trim).toList();
        int most = Math.abs(cardinality);
        if (most != Integer.MAX_VALUE && parts.size() > most) {
            throw refused(text, "has " + parts.size() + " values", "at most " + most + ", separated by commas");
        }
        List<Object> values = new ArrayList<>();
        for (String part : parts) {
            values.add(one(part));
        }
        return cardinality < 0 ? values : values.toArray(arrayOf(definition.getType()));
    }

    /**
     * Why a value already stored (by a {@code .cfg} file, which ConfigAdmin takes unchecked) is
     * one this setting refuses, or empty when it accepts it: the component refuses it too and runs
     * without it, so it is not in force.
     */
    java.util.Optional<String> refusal(Object stored) {
        try {
            parse(text(stored));
            return java.util.Optional.empty();
        } catch (Refused e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** A stored value as an operator would type it: a .cfg file's text as it is, a list joined by commas. */
    static String text(Object value) {
        if (value.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                parts.add(String.valueOf(java.lang.reflect.Array.get(value, i)));
            }
            return String.join(",", parts);
        }
        if (value instanceof java.util.Collection<?> c) {
            List<String> parts = new ArrayList<>();
            c.forEach(v -> parts.add(String.valueOf(v)));
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    private Object one(String text) throws Refused {
        String[] options = definition.getOptionValues();
        if (options != null && options.length > 0 && !Arrays.asList(options).contains(text)) {
            throw refused(text, "is not one of its options", "one of " + String.join(", ", options));
        }
        Object value = typed(text);
        String problem = definition.validate(text);
        if (problem != null && !problem.isEmpty()) {
            throw refused(text, "is out of its range (" + ShellText.oneLine(problem) + ")", describe(definition));
        }
        return value;
    }

    private Object typed(String text) throws Refused {
        int type = definition.getType();
        try {
            return switch (type) {
                case AttributeDefinition.BOOLEAN -> bool(text);
                case AttributeDefinition.CHARACTER -> character(text);
                case AttributeDefinition.STRING, AttributeDefinition.PASSWORD -> text;
                default -> number(type).apply(text.trim());
            };
        } catch (NumberFormatException e) {
            // the type's own limits would mislead (capacity is an int, but 1 or more): the
            // setting's description says its range
            throw refused(text, "is not " + typeName(type), allowed(type) + described(definition));
        }
    }

    private Boolean bool(String text) throws Refused {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw refused(text, "is not a boolean", allowed(AttributeDefinition.BOOLEAN));
        }
        return Boolean.valueOf(t);
    }

    private Character character(String text) throws Refused {
        if (text.length() != 1) {
            throw refused(text, "is not one character", allowed(AttributeDefinition.CHARACTER));
        }
        return text.charAt(0);
    }

    private static Function<String, Object> number(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> Long::valueOf;
            case AttributeDefinition.INTEGER -> Integer::valueOf;
            case AttributeDefinition.SHORT -> Short::valueOf;
            case AttributeDefinition.BYTE -> Byte::valueOf;
            case AttributeDefinition.DOUBLE -> ValueRule::finite;
            case AttributeDefinition.FLOAT -> s -> (float) finite(s);
            case AttributeDefinition.BIGINTEGER -> BigInteger::new;
            case AttributeDefinition.BIGDECIMAL -> BigDecimal::new;
            default -> s -> s;
        };
    }

    /** A number a configuration can hold: NaN and the infinities are text, not numbers, to an operator. */
    private static double finite(String text) {
        double d = Double.parseDouble(text);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new NumberFormatException(text);
        }
        return d;
    }

    private Refused refused(String text, String rule, String allowed) {
        return new Refused(pid + " " + definition.getID() + "=" + ShellText.oneLine(text) + " " + rule
                + ": give " + allowed + " ('config:get " + pid + "' describes it)");
    }

    /** The setting's description after what its type takes, where it has one. */
    private static String described(AttributeDefinition definition) {
        String description = definition.getDescription();
        return description == null || description.isBlank() ? "" : " (" + description.strip() + ")";
    }

    /** What the setting takes, for a refusal that came from its own validation: its description says the range. */
    private static String describe(AttributeDefinition definition) {
        String description = definition.getDescription();
        return "a value in its range" + (description == null || description.isBlank() ? "" : ", as described: "
                + description.strip());
    }

    /** The setting's type as an operator reads it: int, long, boolean, String... */
    static String typeName(int type) {
        return switch (type) {
            case AttributeDefinition.STRING -> "String";
            case AttributeDefinition.PASSWORD -> "password";
            case AttributeDefinition.LONG -> "long";
            case AttributeDefinition.INTEGER -> "int";
            case AttributeDefinition.SHORT -> "short";
            case AttributeDefinition.BYTE -> "byte";
            case AttributeDefinition.CHARACTER -> "char";
            case AttributeDefinition.DOUBLE -> "double";
            case AttributeDefinition.FLOAT -> "float";
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.BIGINTEGER -> "integer";
            case AttributeDefinition.BIGDECIMAL -> "decimal";
            default -> "type " + type;
        };
    }

    private static String allowed(int type) {
        return switch (type) {
            case AttributeDefinition.LONG, AttributeDefinition.INTEGER, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE, AttributeDefinition.BIGINTEGER -> "a whole number";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT, AttributeDefinition.BIGDECIMAL -> "a number";
            case AttributeDefinition.BOOLEAN -> "true or false";
            case AttributeDefinition.CHARACTER -> "one character";
            default -> "text";
        };
    }

    /** The array a multi-valued setting of this type is stored as (cardinality above 0). */
    private static IntFunction<Object[]> arrayOf(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> Long[]::new;
            case AttributeDefinition.INTEGER -> Integer[]::new;
            case AttributeDefinition.SHORT -> Short[]::new;
            case AttributeDefinition.BYTE -> Byte[]::new;
            case AttributeDefinition.DOUBLE -> Double[]::new;
            case AttributeDefinition.FLOAT -> Float[]::new;
            case AttributeDefinition.BOOLEAN -> Boolean[]::new;
            case AttributeDefinition.CHARACTER -> Character[]::new;
            case AttributeDefinition.BIGINTEGER -> BigInteger[]::new;
            case AttributeDefinition.BIGDECIMAL -> BigDecimal[]::new;
            default -> String[]::new;
        };
    }
}
