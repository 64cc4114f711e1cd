package org.sysplug.policy.autoonline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.sysplug.platform.DaxDevice;
import org.sysplug.platform.OnlineAgents;
import org.sysplug.platform.UdevRule;

/**
 * The other agents that online the devices the policy would online, as seen at one moment. The
 * policy stands down for a class (submits nothing for it) when it is configured for that class
 * and another agent onlines it too: two agents racing for the same block decide its zone by who
 * comes first, and the loser's request fails for a device that is fine.
 *
 * @param found every conflict, in the order: kernel, memory module, udev rules, dax devices
 */
record Conflicts(List<Conflict> found) {

    /** The PID and key of the memory module's own onlining of the memory it hot-adds. */
    static final String MEMORY_PID = "org.sysplug.resource.memory";
    static final String MEMORY_ONLINE_POLICY = "online.policy";
    /** The memory module's online.policy when nothing is configured. */
    static final String MEMORY_DEFAULT = "online_movable";

    /** Which devices a conflict is about: memory, CPUs, or neither (reported only). */
    enum Scope {
        MEMORY, CPU, REPORT
    }

    /**
     * One other agent.
     *
     * @param scope what it onlines
     * @param subject the setting, rule file or device
     * @param problem what goes wrong, one sentence
     * @param fix what to do, one sentence
     */
    record Conflict(Scope scope, String subject, String problem, String fix) {
    }

    Conflicts {
        found = List.copyOf(found);
    }

    static final Conflicts NONE = new Conflicts(List.of());

    /**
     * Reads the conflicts.
     *
     * @param agents the backend's port, or none when the backend offers none
     * @param memoryOnlinePolicy the memory module's configured online.policy, or none when it has no configuration
     * @param policy the policy: the memory module's onlining conflicts only with a configured memory policy
     */
    static Conflicts read(Optional<OnlineAgents> agents, Optional<String> memoryOnlinePolicy, Policy policy) {
        List<Conflict> found = new ArrayList<>();
        if (agents.isPresent()) {
            OnlineAgents a = agents.get();
            try {
                a.autoOnlineBlocks().filter(v -> !v.equals("offline")).ifPresent(v -> found.add(new Conflict(Scope.MEMORY,
                        "auto_online_blocks", "the kernel onlines hot-added memory itself (auto_online_blocks is " + v
                                + "), before the policy sees it",
                        "echo offline > /sys/devices/system/memory/auto_online_blocks and boot with memhp_default_state=offline "
                                + "(on the simulator: sim:autoonline offline)")));
                for (UdevRule r : a.onliningRules()) {
                    Scope scope = r.subsystem().equals("cpu") ? Scope.CPU : Scope.MEMORY;
                    found.add(new Conflict(scope, r.where(), "a udev rule onlines " + (scope == Scope.CPU ? "CPUs" : "memory blocks")
                            + " when they appear: " + r.text(), "remove or rename " + r.file()
                            + " (or mask it: ln -s /dev/null /etc/udev/rules.d/" + r.file().substring(r.file().lastIndexOf('/') + 1)
                            + ") and run udevadm control --reload"));
                }
                for (DaxDevice d : a.daxDevices()) {
                    if (d.devdax()) {
                        found.add(new Conflict(Scope.REPORT, d.name(), d.name() + " is in devdax mode: its memory is not "
                                + "system RAM and no online policy reaches it",
                                "daxctl reconfigure-device --mode=system-ram " + d.name()
                                        + " if it should be hot-plugged memory; leave it if an application maps it"));
                    }
                }
            } catch (RuntimeException e) {
                found.add(new Conflict(Scope.REPORT, "online agents", "cannot tell whether another agent onlines devices: "
                        + e.getMessage(), "check that the machine's tree is readable"));
            }
        }
        String memoryPolicy = memoryOnlinePolicy.orElse(MEMORY_DEFAULT);
        if (policy.memoryConfigured() && !memoryPolicy.trim().equalsIgnoreCase("offline")) {
            found.add(new Conflict(Scope.MEMORY, MEMORY_PID + " " + MEMORY_ONLINE_POLICY, "the memory module onlines the memory "
                    + "it hot-adds itself (" + MEMORY_ONLINE_POLICY + " is " + memoryPolicy + "), before the policy sees it",
                    "config:set " + MEMORY_PID + " " + MEMORY_ONLINE_POLICY + " offline"));
        }
        return new Conflicts(found);
    }

    /** The conflicts about one class. */
    List<Conflict> of(Scope scope) {
        return found.stream().filter(c -> c.scope() == scope).toList();
    }

    /** Whether the policy stands down for memory: it is configured for memory and another agent onlines it. */
    boolean memoryStandsDown(Policy policy) {
        return policy.memoryConfigured() && !of(Scope.MEMORY).isEmpty();
    }

    /** Whether the policy stands down for CPUs. */
    boolean cpuStandsDown(Policy policy) {
        return policy.cpuConfigured() && !of(Scope.CPU).isEmpty();
    }
}
