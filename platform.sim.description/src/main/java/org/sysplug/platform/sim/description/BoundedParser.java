package org.sysplug.platform.sim.description;

import java.util.HashSet;
import java.util.Set;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * SnakeYAML's parser with the limits of {@link Limits} checked where the file breaks them, so the
 * complaint has a line: SnakeYAML's composer checks aliases and nesting too (it stays the
 * backstop), but says neither where nor in which line. It also remembers where the last event
 * came from, for a composer error that carries no position.
 */
final class BoundedParser implements Parser {

    /** A limit broken at a line (1-based). */
    static final class LimitExceeded extends YAMLException {

        private static final long serialVersionUID = 1L;

        final int line;

        LimitExceeded(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final Parser parser;
    /** Anchors that name a list or a mapping: an alias to one repeats a whole subtree. */
    private final Set<String> collectionAnchors = new HashSet<>();
    private int collectionAliases;
    private int depth;
    private Mark last;

    BoundedParser(Parser parser) {
        this.parser = parser;
    }

    /** Where the last event handed out started, or null before the first. */
    Mark lastMark() {
        return last;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
        Event event = parser.getEvent();
        last = event.getStartMark();
        if (event instanceof CollectionStartEvent start) {
            if (++depth > Limits.NESTING) {
                throw new LimitExceeded(line(event), "lists and mappings nested more than " + Limits.NESTING
                        + " deep; a machine file needs about 20 for containers 8 deep");
            }
            anchor(start.getAnchor(), true);
        } else if (event instanceof CollectionEndEvent) {
            depth--;
        } else if (event instanceof AliasEvent alias) {
            if (collectionAnchors.contains(alias.getAnchor()) && ++collectionAliases > Limits.ALIASES) {
                throw new LimitExceeded(line(event), "more than " + Limits.ALIASES + " aliases (*name) of lists and "
                        + "mappings, which repeat whole subtrees (a YAML alias bomb?); write the devices out instead");
            }
        } else if (event instanceof NodeEvent node) {
            anchor(node.getAnchor(), false);
        }
        return event;
    }

    /** An anchor names what it was last put on. */
    private void anchor(String anchor, boolean collection) {
        if (anchor == null) {
            return;
        }
        if (collection) {
            collectionAnchors.add(anchor);
        } else {
            collectionAnchors.remove(anchor);
        }
    }

    private static int line(Event event) {
        return event.getStartMark() == null ? 1 : event.getStartMark().getLine() + 1;
    }
}
