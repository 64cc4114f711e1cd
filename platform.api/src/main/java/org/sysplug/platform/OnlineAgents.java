package org.sysplug.platform;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only: who else on this machine brings hot-added CPUs and memory online, so that a policy
 * that onlines them too can see the conflict and stand down instead of racing. Linux has three
 * such agents besides sysplug: the kernel itself ({@code auto_online_blocks}), udev rules that
 * write {@code state} or {@code online}, and daxctl, which keeps a dax device's memory away from
 * the page allocator while it is bound to {@code device_dax}. The backend reports what it sees;
 * it changes nothing.
 */
@ProviderType
public interface OnlineAgents {

    /**
     * What the kernel does with the memory blocks it adds: {@code devices/system/memory/auto_online_blocks}
     * ({@code offline}, {@code online}, {@code online_kernel}, {@code online_movable}) as the machine shows it;
     * empty when the machine has no such setting (a kernel without memory hot-plug, a partial tree).
     */
    Optional<String> autoOnlineBlocks();

    /** The udev rules in effect that online memory blocks or CPUs, in the order udev reads them; empty when none. */
    List<UdevRule> onliningRules();

    /** The dax devices the machine has, each with the driver it is bound to; empty when none. */
    List<DaxDevice> daxDevices();
}
