package org.sysplug.framework;

/**
 * A CPU: its physical (APIC) id, its NUMA node and its logical id once the kernel has one.
 *
 * @param device the device that holds it ({@code \_SB.NOD1.CPU0} or {@code cpu5})
 * @param apicId the physical id the firmware reports
 * @param node the NUMA node, from {@code _PXM}
 * @param cpu the logical CPU id, or {@link #UNASSIGNED} before the CPU is registered
 */
public record CpuResource(String device, long apicId, int node, int cpu) implements Resource {

    /** The logical id of a CPU not registered yet. */
    public static final int UNASSIGNED = -1;

    /** The same CPU with its logical id. */
    public CpuResource withCpu(int logicalId) {
        return new CpuResource(device, apicId, node, logicalId);
    }

    public boolean isAssigned() {
        return cpu != UNASSIGNED;
    }
}
