package org.sysplug.policy.autoonline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.Zone;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.IdList;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;

/**
 * What the policy tells the doctor: a configuration it cannot read, the other agents that online
 * devices, whether it stands down, devices it wants online that are offline, CPUs it keeps
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
            findings.add(new Finding(Severity.ERROR, CHECK, p.pid() + " " + p.key(), "the hot-plug policy cannot read "
                    + p.key() + " = '" + p.value() + "' and applies nothing: devices that appear stay offline",
                    "set " + p.key() + " in " + p.pid() + " to a value it reads: " + p.accepted()));
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
}
