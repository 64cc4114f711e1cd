package org.sysplug.framework;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller asks for: an operation on one or many devices, with options. Immutable; the
 * queue gives it an id when it is submitted.
 *
 * @param operation what to do
 * @param targets the devices, at least one, in the order given
 * @param dryRun run the validate list only and report what would fail
 * @param deadline how long the request may run once started; past it the request is cancelled
 *        between handler calls and rolled back
 * @param origin who asked ({@code shell}, {@code firmware}, ...), for the record
 * @param parameters options for the modules, as text (for example {@code zone=movable})
 */
public record HotplugRequest(Operation operation, List<Target> targets, boolean dryRun,
        Optional<Duration> deadline, String origin, Map<String, String> parameters) {

    public HotplugRequest {
        Objects.requireNonNull(operation, "operation");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one target device");
        }
        Objects.requireNonNull(deadline, "deadline");
        deadline.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a deadline must be positive, got " + d);
            }
        });
        Objects.requireNonNull(origin, "origin");
        parameters = Map.copyOf(parameters);
    }

    /** Starts a request for {@code operation} on the named devices. */
    public static Builder of(Operation operation, String... targets) {
        Builder b = new Builder(operation);
        for (String t : targets) {
            b.target(t);
        }
        return b;
    }

    /** A parameter's value, if given. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** The targets' names joined by spaces, as a shell shows them. */
    public String targetNames() {
        StringBuilder sb = new StringBuilder();
        for (Target t : targets) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.name());
        }
        return sb.toString();
    }

    /** Builds a request. */
    public static final class Builder {
        private final Operation operation;
        private final List<Target> targets = new ArrayList<>();
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private boolean dryRun;
        private Duration deadline;
        private String origin = "api";

        private Builder(Operation operation) {
            this.operation = Objects.requireNonNull(operation, "operation");
        }

        /** Adds a target; throws IllegalArgumentException for a name that is not a device name. */
        public Builder target(String name) {
            targets.add(Target.of(name));
            return this;
        }

        public Builder targets(List<Target> all) {
            targets.addAll(all);
            return this;
        }

        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        public Builder deadline(Duration value) {
            this.deadline = value;
            return this;
        }

        public Builder origin(String value) {
            this.origin = value;
            return this;
        }

        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        public HotplugRequest build() {
            return new HotplugRequest(operation, targets, dryRun, Optional.ofNullable(deadline), origin, parameters);
        }
    }
}
