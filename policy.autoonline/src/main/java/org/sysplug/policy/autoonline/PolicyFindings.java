package org.sysplug.policy.autoonline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.Zone;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.IdList;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;

/**
 * What the policy tells the doctor: a configuration it cannot read (with the one command that
 * mends it), a node override for a node the machine does not have, CPUs it is told to keep offline
 * that cannot be, the other agents that online devices, whether it stands down, devices it wants online that are offline, CPUs it keeps
 * offline, and nodes whose movable memory is past the ratio. A pure function of what it is given.
 * Offline devices are the policy's concern only where it is configured for their class: without
 * a configuration an operator's offline CPU or the memory module's offline hot-add is no finding.
 */
final class PolicyFindings {

    /** The check's name, the service property {@code sysplug.doctor.check}. */
    static final String CHECK = "policy";

    private PolicyFindings() {
    }

    static List<Finding> of(Policy.Reading reading, Conflicts conflicts, Topology t) {
        List<Finding> findings = new ArrayList<>();
        for (Policy.Problem p : reading.problems()) {
            String what = switch (p.kind()) {
                case UNREADABLE -> "the hot-plug policy cannot read " + p.key() + " = '" + p.value() + "' (" + p.accepted() + ")"
                        + p.fromFile();
                case MISSING -> "the hot-plug policy misses " + p.key() + " in " + p.pid() + " (" + p.accepted() + ")";
                case DUPLICATE -> "duplicate overrides of node" + p.value() + ": " + p.accepted() + " and " + p.pid()
                        + ", and the policy cannot tell which one rules node" + p.value();
            };
            findings.add(new Finding(Severity.ERROR, CHECK, p.pid() + " " + p.key(), what
                    + "; the policy applies nothing until it is mended: devices that appear stay offline", p.fix()));
        }
        // another agent onlining a class is a conflict only where the policy is configured for that class:
        // an unconfigured policy leaves the kernel's (or a udev rule's) onlining to do its work, and telling the
        // operator to turn it off would leave hot-added devices offline for nothing
        for (Conflicts.Conflict c : conflicts.found()) {
            boolean contested = reading.policy().map(p -> switch (c.scope()) {
                case MEMORY -> p.memoryConfigured();
                case CPU -> p.cpuConfigured();
                case REPORT -> true;
            }).orElse(c.scope() == Conflicts.Scope.REPORT);
            if (contested) {
                findings.add(new Finding(Severity.WARNING, CHECK, c.subject(), c.problem(), c.fix()));
            } else {
                findings.add(new Finding(Severity.INFO, CHECK, c.subject(), c.problem()
                        + "; the policy is not configured for these devices, so nothing conflicts", ""));
            }
        }
        if (reading.policy().isEmpty()) {
            return findings;
        }
        Policy policy = reading.policy().get();
        boolean memoryDown = conflicts.memoryStandsDown(policy);
        boolean cpuDown = conflicts.cpuStandsDown(policy);
        if (memoryDown) {
            findings.add(new Finding(Severity.INFO, CHECK, "memory", "the policy stands down for memory: another agent onlines "
                    + "hot-added memory, so the policy submits nothing for it", "fix the conflicts this check names"));
        }
        if (cpuDown) {
            findings.add(new Finding(Severity.INFO, CHECK, "cpu", "the policy stands down for CPUs: a udev rule onlines "
                    + "them, so the policy submits nothing for them", "fix the conflicts this check names"));
        }
        Set<Integer> nodes = t.nodes().stream().map(NodeInfo::id).collect(Collectors.toSet());
        policy.overrides().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(o -> !nodes.contains(o.getKey())).forEach(o -> findings.add(new Finding(Severity.WARNING, CHECK,
                        o.getValue(), o.getValue() + " overrides node" + o.getKey() + ", which this machine does not have, not even offline: it "
                                + "stays in force and rules node" + o.getKey() + " if that node is hot-added later",
                        "config:delete " + o.getValue())));
        notHotpluggable(policy, t).ifPresent(findings::add);
        List<Integer> wanted = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (CpuInfo c : t.cpus()) {
            if (!c.present() || c.online() || !c.hotpluggable()) {
                continue;
            }
            if (policy.keepOffline().contains(c.id())) {
                kept.add(c.id());
            } else if (policy.cpuConfigured() && !cpuDown && policy.rule(c.node()).cpu() == Policy.CpuAction.ONLINE) {
                wanted.add(c.id());
            }
        }
        if (!wanted.isEmpty()) {
            String cpus = IdList.format("cpu", wanted);
            findings.add(new Finding(Severity.WARNING, CHECK, cpus, cpus + " offline, and the policy wants CPUs that appear online",
                    "sysplug:online cpu " + IdList.format(wanted) + ", or add them to " + Policy.KEEP_OFFLINE));
        }
        if (!kept.isEmpty()) {
            String cpus = IdList.format("cpu", kept);
            findings.add(new Finding(Severity.INFO, CHECK, cpus, cpus + " offline, kept offline by " + Policy.KEEP_OFFLINE, ""));
        }
        Map<Integer, List<Integer>> offlineByNode = new TreeMap<>();
        Map<Integer, long[]> zonesByNode = new TreeMap<>();
        for (MemoryBlock b : t.memory()) {
            long[] zones = zonesByNode.computeIfAbsent(b.node(), n -> new long[2]);
            if (b.online()) {
                zones[b.zone() == Zone.MOVABLE ? 1 : 0]++;
            } else if (policy.memoryConfigured() && !memoryDown && policy.rule(b.node()).memory() != Policy.MemoryAction.OFFLINE) {
                offlineByNode.computeIfAbsent(b.node(), n -> new ArrayList<>()).add(b.id());
            }
        }
        offlineByNode.forEach((node, ids) -> {
            String blocks = IdList.format("memory", ids);
            findings.add(new Finding(Severity.WARNING, CHECK, blocks, blocks + " on node" + node + " offline, and the policy wants "
                    + "memory that appears online (" + policy.rule(node).memory().configName() + ")",
                    "sysplug:online memory " + IdList.format(ids) + ", or set " + Policy.MEMORY_ACTION + " offline for node" + node));
        });
        zonesByNode.forEach((node, zones) -> policy.rule(node).ratio().ifPresent(r -> {
            if (policy.rule(node).memory() == Policy.MemoryAction.ONLINE_MOVABLE && !r.allows(zones[1], zones[0])) {
                findings.add(new Finding(Severity.WARNING, CHECK, "node" + node, "node" + node + " has " + zones[1]
                        + " movable block(s) per " + zones[0] + " normal, past the ratio " + r
                        + ": the kernel may run short of memory for its own structures",
                        "online more memory in the kernel zone on node" + node + ", or offline movable blocks"));
            }
        }));
        return findings;
    }

    /**
     * CPUs in {@value Policy#KEEP_OFFLINE} that are present and cannot be taken offline (the boot
     * CPU on most x86 machines): the policy never sees them appear, and they stay online. The
     * fix is the list without them.
     */
    private static Optional<Finding> notHotpluggable(Policy policy, Topology t) {
        List<Integer> fixed = t.cpus().stream().filter(c -> c.present() && !c.hotpluggable()
                && policy.keepOffline().contains(c.id())).map(CpuInfo::id).sorted().toList();
        if (fixed.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> rest = policy.keepOffline().stream().filter(id -> !fixed.contains(id)).sorted().toList();
        String cpus = IdList.format("cpu", fixed);
        return Optional.of(new Finding(Severity.WARNING, CHECK, cpus, cpus + " in " + Policy.KEEP_OFFLINE
                + " cannot be kept offline: not hot-pluggable on this machine (" + (fixed.contains(0) ? "cpu0 is the boot CPU; " : "")
                + "it never appears, so the policy never acts on it), and it stays online",
                rest.isEmpty() ? "config:unset " + Policy.PID + " " + Policy.KEEP_OFFLINE
                        : "config:set " + Policy.PID + " " + Policy.KEEP_OFFLINE + " " + IdList.format(rest)));
    }
}
