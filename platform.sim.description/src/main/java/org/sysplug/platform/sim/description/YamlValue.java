package org.sysplug.platform.sim.description;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A node of a composed YAML document with the field path that leads to it
 * ({@code firmware[1].cpus.count}), so that every complaint names the file, the line and the
 * field. Scalars are read from their text, whatever tag YAML 1.1 would give them, so
 * {@code 0x240000000}, {@code 8GiB} and {@code "8GiB"} all read as sizes.
 */
final class YamlValue {

    private final String source;
    private final Node node;
    private final String field;

    YamlValue(String source, Node node, String field) {
        this.source = source;
        this.node = node;
        this.field = field;
    }

    String field() {
        return field;
    }

    /** 1-based. */
    int line() {
        return node.getStartMark().getLine() + 1;
    }

    /** {@code firmware[1].cpus (line 14)}: where something was said, for a complaint about something else. */
    String where() {
        return field + " (line " + line() + ")";
    }

    DescriptionException error(String message) {
        return new DescriptionException(source + ":" + line() + ": " + field + ": " + message);
    }

    /** A mapping whose keys are all in {@code allowed}; unknown and repeated keys are errors at their line. */
    Mapping mapping(Set<String> allowed) throws DescriptionException {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping (key: value lines), got " + got());
        }
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
            YamlValue keyValue = new YamlValue(source, t.getKeyNode(), field.isEmpty() ? String.valueOf(key) : field + "." + key);
            if (key == null) {
                throw keyValue.error("a key must be a plain word");
            }
            if (!allowed.contains(key)) {
                throw keyValue.error("unknown field; expected one of " + String.join(", ", allowed));
            }
            if (entries.containsKey(key)) {
                throw keyValue.error("given twice (first at line " + entries.get(key).line() + ")");
            }
            entries.put(key, new YamlValue(source, t.getValueNode(), keyValue.field));
        }
        return new Mapping(this, entries);
    }

    /** A sequence; its elements are {@code field[i]}. */
    List<YamlValue> list() throws DescriptionException {
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list (lines starting with '- ' or [a, b]), got " + got());
        }
        List<YamlValue> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new YamlValue(source, s.getValue().get(i), field + "[" + i + "]"));
        }
        return out;
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** A non-empty text of one line, at most {@link Limits#NAME_CHARS} characters: a name, a path, a uid. */
    String text() throws DescriptionException {
        String t = scalar("a text");
        if (t.isBlank()) {
            throw error("expected a text, got nothing");
        }
        String trimmed = t.trim();
        if (trimmed.codePointCount(0, trimmed.length()) > Limits.NAME_CHARS) {
            throw error("expected a text of at most " + Limits.NAME_CHARS + " characters, got " + quoted(trimmed));
        }
        if (trimmed.codePoints().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw error("expected a text of one line, got " + quoted(trimmed));
        }
        return trimmed;
    }

    /** A free text, at most {@link Limits#DESCRIPTION_CHARS} characters. */
    String prose() throws DescriptionException {
        String t = scalar("a text").trim();
        if (t.codePointCount(0, t.length()) > Limits.DESCRIPTION_CHARS) {
            throw error("expected a text of at most " + Limits.count(Limits.DESCRIPTION_CHARS) + " characters, got "
                    + Limits.count(t.codePointCount(0, t.length())));
        }
        return t;
    }

    /** An integer in {@code [min, max]}, decimal or 0x hexadecimal. */
    long integer(long min, long max, String expected) throws DescriptionException {
        String t = scalar(expected);
        OptionalLong v = ByteSize.parse(t);
        if (v.isEmpty() || !t.trim().replace("_", "").matches("(0[xX])?[0-9a-fA-F]+") || v.getAsLong() < min
                || v.getAsLong() > max) {
            throw error("expected " + expected + ", got " + quoted(t));
        }
        return v.getAsLong();
    }

    /** A size in bytes, more than 0: {@code 128MiB}, {@code 128M}, {@code 0x8000000}. */
    long size() throws DescriptionException {
        return bytes(1, "a size such as 128MiB, 8GiB or 0x8000000");
    }

    /** A physical address, 0 or more: {@code 0x240000000} or {@code 9GiB}. */
    long address() throws DescriptionException {
        return bytes(0, "an address such as 0x240000000 or 9GiB");
    }

    boolean bool() throws DescriptionException {
        String t = scalar("true or false").trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false, got " + quoted(t));
        };
    }

    private long bytes(long min, String expected) throws DescriptionException {
        String t = scalar(expected);
        if (ByteSize.ambiguousUnit(t)) {
            throw error("expected " + expected + ", got " + quoted(t) + ": write GiB/MiB (or G/M), which are binary; "
                    + "GB and MB are ambiguous");
        }
        OptionalLong v = ByteSize.parse(t);
        if (v.isEmpty() || v.getAsLong() < min) {
            throw error("expected " + expected + ", got " + quoted(t));
        }
        return v.getAsLong();
    }

    private String scalar(String expected) throws DescriptionException {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected " + expected + ", got " + got());
        }
        if (s.getTag().equals(Tag.NULL)) {
            throw error("expected " + expected + ", got nothing");
        }
        return s.getValue();
    }

    private String got() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? quoted(s.getValue()) : "nothing";
    }

    /** A value as the file wrote it, cut and escaped so the message stays one readable line. */
    static String quoted(String text) {
        return "\"" + MachineText.printable(text) + "\"";
    }

    /**
     * The field of the scalar (a key or a value) that holds the character at {@code index} (in
     * code points, as YAML marks count), or empty when no scalar does (a comment, a blank).
     */
    static String fieldAt(Node root, int index) {
        return fieldAt(root, index, "", Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static String fieldAt(Node node, int index, String field, Set<Node> seen) {
        if (!holds(node, index) || !seen.add(node)) {
            return "";
        }
        if (node instanceof ScalarNode) {
            return field;
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                String child = field.isEmpty() ? key : field + "." + key;
                if (holds(t.getKeyNode(), index)) {
                    return child;
                }
                String found = fieldAt(t.getValueNode(), index, child, seen);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        } else if (node instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                String found = fieldAt(s.getValue().get(i), index, field + "[" + i + "]", seen);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }

    private static boolean holds(Node node, int index) {
        return node.getStartMark() != null && node.getEndMark() != null
                && node.getStartMark().getIndex() <= index && index < node.getEndMark().getIndex();
    }

    /** A mapping read with {@link #mapping(Set)}. */
    static final class Mapping {

        private final YamlValue self;
        private final Map<String, YamlValue> entries;

        private Mapping(YamlValue self, Map<String, YamlValue> entries) {
            this.self = self;
            this.entries = entries;
        }

        YamlValue self() {
            return self;
        }

        Optional<YamlValue> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        /** The value of a required key; its absence is an error at the mapping's line. */
        YamlValue require(String key, String hint) throws DescriptionException {
            YamlValue v = entries.get(key);
            if (v == null) {
                throw new DescriptionException(self.source + ":" + self.line() + ": "
                        + (self.field.isEmpty() ? key : self.field + "." + key) + ": missing; " + hint);
            }
            return v;
        }
    }
}
