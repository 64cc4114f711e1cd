package org.sysplug.policy.autoonline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.sysplug.platform.IdList;

/**
 * The hot-plug policy as configured, read whole or not at all: {@link #read} gives either a policy
 * or every problem it found, never a policy with the unreadable parts left out.
 *
 * @param memoryConfigured whether any configuration says something about memory (then the memory
 *        module's own online.policy onlining hot-added memory is a conflict)
 * @param cpuConfigured whether any configuration says something about CPUs
 * @param defaults the rule of every node without an override
 * @param nodes the overrides by node
 * @param overrides the PID of each node's override, by node
 * @param keepOffline the CPUs that stay offline when they appear
 * @param retry how devices that cannot go online yet are retried
 */
record Policy(boolean memoryConfigured, boolean cpuConfigured, NodeRule defaults, Map<Integer, NodeRule> nodes,
        Map<Integer, String> overrides, Set<Integer> keepOffline, Retry retry) {

    /** The configuration PID of the defaults. */
    static final String PID = "org.sysplug.policy";
    /** The factory PID of the per-node overrides. */
    static final String NODE_PID = "org.sysplug.policy.node";

    static final String MEMORY_ACTION = "memory.action";
    static final String RATIO = "memory.movable.ratio";
    static final String CPU_ACTION = "cpu.action";
    static final String KEEP_OFFLINE = "cpu.keep.offline";
    static final String RETRY_ATTEMPTS = "retry.attempts";
    static final String RETRY_DELAY = "retry.delay.ms";
    static final String RETRY_DELAY_MAX = "retry.delay.max.ms";
    static final String NODE = "node";
    /** Where Felix FileInstall notes the deploy file a configuration came from. */
    static final String FILEINSTALL_FILE = "felix.fileinstall.filename";

    /** What happens to a memory block that appears offline. */
    enum MemoryAction {
        ONLINE, ONLINE_MOVABLE, ONLINE_KERNEL, OFFLINE;

        String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What happens to a CPU that appears offline. */
    enum CpuAction {
        ONLINE, OFFLINE;

        String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A node's rule. */
    record NodeRule(MemoryAction memory, Optional<Ratio> ratio, CpuAction cpu) {
    }

    /** Retry with back-off: {@code attempts} retries after the first request, waits doubling from {@code first} up to {@code longest}. */
    record Retry(int attempts, Duration first, Duration longest) {

        /** The wait before retry number {@code n} (from 1). */
        Duration delay(int n) {
            long ms = first.toMillis();
            for (int i = 1; i < n && ms < longest.toMillis(); i++) {
                ms *= 2;
            }
            return Duration.ofMillis(Math.min(ms, longest.toMillis()));
        }
    }

    /**
     * A configuration the policy cannot apply: which configuration, which key, the value as
     * written, what is accepted, and one command that config.shell takes as printed and that
     * mends it (a {@code config:unset} back to the default, a {@code config:set} of the value it
     * can only be, or a {@code config:delete} of an override that cannot stand).
     */
    record Problem(Kind kind, String pid, String key, String value, String accepted, String fix, String file) {

        Problem(Kind kind, String pid, String key, String value, String accepted, String fix) {
            this(kind, pid, key, value, accepted, fix, null);
        }

        /**
         * Where a deploy file made the configuration: mending it in ConfigAdmin lasts until
         * FileInstall reads the file again, so the file wants the same change.
         */
        String fromFile() {
            return file == null ? "" : "; it comes from " + file + ": change the file too";
        }
        // for a DUPLICATE, accepted is the PID of the override kept (the first by PID) and value the node

        /** What is wrong. */
        enum Kind {
            /** A value the policy cannot read. */
            UNREADABLE,
            /** A key the configuration must have. */
            MISSING,
            /** A second override of a node that has one. */
            DUPLICATE
        }

        /** One line: the configuration, the key, what is wrong with it. */
        String describe() {
            return switch (kind) {
                case UNREADABLE -> pid + ": " + key + " = '" + value + "' cannot be read: " + accepted + fromFile();
                case MISSING -> pid + ": " + key + " is missing: " + accepted;
                case DUPLICATE -> pid + ": duplicate override of node" + value + ": " + accepted + " overrides it too, and "
                        + "the policy cannot tell which one rules it: keep one configuration per node";
            };
        }
    }

    /** A policy, or the problems that stop it being read. */
    record Reading(Optional<Policy> policy, List<Problem> problems) {
    }

    /** No configuration: every device that appears offline goes online, where the memory module's online.policy puts it. */
    static final Policy DEFAULT = new Policy(false, false, new NodeRule(MemoryAction.ONLINE, Optional.empty(), CpuAction.ONLINE),
            Map.of(), Map.of(), Set.of(), new Retry(5, Duration.ofMillis(200), Duration.ofSeconds(10)));

    /** The rule of a node. */
    NodeRule rule(int node) {
        return nodes.getOrDefault(node, defaults);
    }

    /**
     * Reads the configurations.
     *
     * @param defaults the properties of {@value #PID} (empty when it has no configuration)
     * @param overrides the properties of each {@value #NODE_PID} configuration
     */
    static Reading read(Map<String, ?> defaults, Collection<? extends Map<String, ?>> overrides) {
        Parser p = new Parser(PID, defaults);
        MemoryAction memory = p.memoryAction(DEFAULT.defaults.memory());
        Optional<Ratio> ratio = p.ratio(Optional.empty());
        CpuAction cpu = p.cpuAction(DEFAULT.defaults.cpu());
        Set<Integer> keep = p.keepOffline();
        int attempts = p.integer(RETRY_ATTEMPTS, DEFAULT.retry.attempts(), 0, 100);
        int delay = p.integer(RETRY_DELAY, (int) DEFAULT.retry.first().toMillis(), 1, 600_000);
        int longest = p.integer(RETRY_DELAY_MAX, (int) DEFAULT.retry.longest().toMillis(), 1, 3_600_000);
        List<Problem> problems = new ArrayList<>(p.problems);
        if (p.problems.isEmpty() && longest < delay) {
            problems.add(new Problem(Problem.Kind.UNREADABLE, PID, RETRY_DELAY_MAX, String.valueOf(longest),
                    "the longest delay cannot be shorter than " + RETRY_DELAY + " (" + delay + ")",
                    "config:set " + PID + " " + RETRY_DELAY_MAX + " " + delay));
        }
        NodeRule rule = new NodeRule(memory, ratio, cpu);
        boolean memoryConfigured = p.has(MEMORY_ACTION) || p.has(RATIO);
        boolean cpuConfigured = p.has(CPU_ACTION) || p.has(KEEP_OFFLINE);
        Map<Integer, NodeRule> nodes = new HashMap<>();
        Map<Integer, String> pids = new HashMap<>();
        // sorted by PID, so that which of two overrides of a node is called the duplicate does not depend on service order
        List<Map<String, ?>> sorted = new ArrayList<>(overrides);
        sorted.sort(Comparator.comparing(Policy::overridePid));
        for (Map<String, ?> o : sorted) {
            String pid = overridePid(o);
            Parser n = new Parser(pid, o);
            int node = n.integer(NODE, -1, 0, IdList.MAX_ID);
            boolean nodeRead = n.problems.isEmpty();
            if (!n.has(NODE)) {
                nodeRead = false;
                n.problems.add(new Problem(Problem.Kind.MISSING, pid, NODE, "",
                        "a node override names its node: node = N (of nodeN)", nodeFix(pid)));
            }
            NodeRule r = new NodeRule(n.memoryAction(memory), n.ratio(ratio), n.cpuAction(cpu));
            // a second override of a node is a duplicate whatever else is wrong with either
            if (nodeRead && pids.containsKey(node)) {
                n.problems.add(new Problem(Problem.Kind.DUPLICATE, pid, NODE, String.valueOf(node), pids.get(node),
                        "config:delete " + pid));
            } else if (nodeRead) {
                pids.put(node, pid);
                nodes.put(node, r);
            }
            problems.addAll(n.problems);
            memoryConfigured |= n.has(MEMORY_ACTION) || n.has(RATIO);
            cpuConfigured |= n.has(CPU_ACTION);
        }
        if (!problems.isEmpty()) {
            return new Reading(Optional.empty(), List.copyOf(problems));
        }
        Duration first = Duration.ofMillis(delay);
        return new Reading(Optional.of(new Policy(memoryConfigured, cpuConfigured, rule, Map.copyOf(nodes), Map.copyOf(pids), keep,
                new Retry(attempts, first, Duration.ofMillis(longest)))), List.of());
    }

    /** An override's PID, as ConfigAdmin gives it in its properties. */
    private static String overridePid(Map<String, ?> override) {
        return override.get("service.pid") instanceof String s ? s : NODE_PID;
    }

    /**
     * The fix of an override without a readable node: the node its name says, as FileInstall
     * names {@code org.sysplug.policy.node-node1.cfg}, or else its deletion (it overrides nothing).
     */
    private static String nodeFix(String pid) {
        Matcher named = NAMED_NODE.matcher(pid);
        return named.matches() ? "config:set " + pid + " " + NODE + " " + Integer.parseInt(named.group(1))
                : "config:delete " + pid;
    }

    private static final Pattern NAMED_NODE = Pattern.compile(Pattern.quote(NODE_PID) + "~node(\\d{1,4})");

    /** Reads one configuration's values, collecting a problem for each it cannot read. */
    private static final class Parser {
        private final String pid;
        private final Map<String, ?> properties;
        final List<Problem> problems = new ArrayList<>();

        Parser(String pid, Map<String, ?> properties) {
            this.pid = pid;
            this.properties = properties;
        }

        boolean has(String key) {
            return properties.get(key) != null;
        }

        /**
         * A value that cannot be read. The fix takes the key back to the default (the defaults' own,
         * or for an override the defaults' value); an override's node has no default, so its fix
         * names the node or deletes the override.
         */
        private Problem unreadable(String key, String value, String accepted) {
            String fix = key.equals(NODE) ? nodeFix(pid) : "config:unset " + pid + " " + key;
            return new Problem(Problem.Kind.UNREADABLE, pid, key, value, accepted, fix, file());
        }

        /** The deploy file FileInstall made the configuration from, or null. */
        private String file() {
            Object file = properties.get(FILEINSTALL_FILE);
            return file == null ? null : String.valueOf(file);
        }

        /** The value as text; null when absent. A multi-valued setting is taken as its values joined by commas. */
        private String text(String key) {
            Object v = properties.get(key);
            if (v == null) {
                return null;
            }
            if (v instanceof String[] a) {
                return String.join(",", a);
            }
            if (v instanceof Collection<?> c) {
                return c.stream().map(String::valueOf).collect(Collectors.joining(","));
            }
            return String.valueOf(v).trim();
        }

        MemoryAction memoryAction(MemoryAction otherwise) {
            return choice(MEMORY_ACTION, MemoryAction.values(), MemoryAction::configName, otherwise);
        }

        CpuAction cpuAction(CpuAction otherwise) {
            return choice(CPU_ACTION, CpuAction.values(), CpuAction::configName, otherwise);
        }

        private <E> E choice(String key, E[] values, java.util.function.Function<E, String> name, E otherwise) {
            String t = text(key);
            if (t == null) {
                return otherwise;
            }
            String wanted = t.toLowerCase(Locale.ROOT).replace('-', '_');
            for (E e : values) {
                if (name.apply(e).equals(wanted)) {
                    return e;
                }
            }
            problems.add(unreadable(key, t, "use one of " + Arrays.stream(values).map(name).collect(Collectors.joining(", "))));
            return otherwise;
        }

        Optional<Ratio> ratio(Optional<Ratio> otherwise) {
            String t = text(RATIO);
            if (t == null) {
                return otherwise;
            }
            if (t.isEmpty() || t.equalsIgnoreCase("none")) {
                return Optional.empty();
            }
            try {
                return Optional.of(Ratio.parse(t));
            } catch (IllegalArgumentException e) {
                problems.add(unreadable(RATIO, t, e.getMessage()));
                return otherwise;
            }
        }

        Set<Integer> keepOffline() {
            String t = text(KEEP_OFFLINE);
            if (t == null || t.isEmpty()) {
                return Set.of();
            }
            try {
                return Set.copyOf(new TreeSet<>(IdList.parse(t)));
            } catch (IllegalArgumentException e) {
                problems.add(unreadable(KEEP_OFFLINE, t, e.getMessage()));
                return Set.of();
            }
        }

        int integer(String key, int otherwise, int min, int max) {
            Object v = properties.get(key);
            if (v == null) {
                return otherwise;
            }
            String t = text(key);
            long value;
            if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                value = ((Number) v).longValue();
            } else {
                try {
                    value = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    problems.add(unreadable(key, t, "a whole number from " + min + " to " + max));
                    return otherwise;
                }
            }
            if (value < min || value > max) {
                problems.add(unreadable(key, t, "a whole number from " + min + " to " + max));
                return otherwise;
            }
            return (int) value;
        }
    }
}
