package org.sysplug.platform;

/**
 * A possible CPU: every CPU the machine could hold, present or not.
 *
 * @param id the logical id ({@code cpuN})
 * @param apicId the physical (APIC) id, or -1 when none is mapped
 * @param node the NUMA node, or -1 when not known
 * @param present whether it is physically there (registered)
 * @param online whether it runs
 * @param hotpluggable whether it may be taken offline (x86's boot CPU is often not)
 */
public record CpuInfo(int id, long apicId, int node, boolean present, boolean online, boolean hotpluggable)
        implements Numbered {
}
