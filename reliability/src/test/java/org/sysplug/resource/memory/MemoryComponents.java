package org.sysplug.resource.memory;

import org.sysplug.framework.HotplugHandler;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryPort;

/**
 * The memory module's configured handlers as DS builds them with no configuration (online
 * policy online_movable, movable_only false): their typed configuration is package-private,
 * so the reliability tests reach it from here.
 */
public final class MemoryComponents {

    private MemoryComponents() {
    }

    public static HotplugHandler add(MemoryPort memory, MachineView view) {
        return new MemoryAdd(memory, view, defaults());
    }

    public static HotplugHandler validate(MachineView view) {
        return new MemoryValidate(view, defaults());
    }

    private static MemorySettings defaults() {
        return MemorySettings.of(OnlinePolicy.ONLINE_MOVABLE, false);
    }
}
