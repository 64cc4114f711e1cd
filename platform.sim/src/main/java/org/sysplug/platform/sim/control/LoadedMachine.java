package org.sysplug.platform.sim.control;

/**
 * A machine just loaded.
 *
 * @param name its name
 * @param summary the machine in one line: a description's own summary, or for a sysfs tree its CPUs,
 *        blocks and nodes, what it lacks and what the simulator assumed
 */
public record LoadedMachine(String name, String summary) {
}
