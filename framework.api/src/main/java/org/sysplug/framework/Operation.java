package org.sysplug.framework;

import java.util.List;

/**
 * What a request does. As in the RFC, HOT_ADD and ONLINE run the add lists, HOT_REMOVE and
 * OFFLINE the delete lists; the {@link Kind} says which handlers of those lists take part.
 */
public enum Operation {
    HOT_ADD(true, Kind.HOTPLUG),
    HOT_REMOVE(false, Kind.HOTPLUG),
    ONLINE(true, Kind.ONLINE),
    OFFLINE(false, Kind.ONLINE);

    private final boolean add;
    private final Kind kind;

    Operation(boolean add, Kind kind) {
        this.add = add;
        this.kind = kind;
    }

    /** True when this operation runs the add lists, false for the delete lists. */
    public boolean usesAddLists() {
        return add;
    }

    public Kind kind() {
        return kind;
    }

    /** The phases this operation runs, in order: validate, execute, commit. */
    public List<Phase> phases() {
        return add
                ? List.of(Phase.ADD_VALIDATE, Phase.ADD_EXECUTE, Phase.ADD_COMMIT)
                : List.of(Phase.DELETE_VALIDATE, Phase.DELETE_EXECUTE, Phase.DELETE_COMMIT);
    }

    /**
     * Parses an operation as an operator types it: {@code HOT_ADD}, {@code hot-add}, {@code online}...
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static Operation parse(String text) {
        String normalized = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        switch (normalized) {
            case "ADD":
                return HOT_ADD;
            case "REMOVE":
            case "EJECT":
                return HOT_REMOVE;
            default:
                for (Operation op : values()) {
                    if (op.name().equals(normalized)) {
                        return op;
                    }
                }
                throw new IllegalArgumentException("unknown operation '" + text
                        + "': use one of hot-add, hot-remove (eject), online, offline");
        }
    }
}
