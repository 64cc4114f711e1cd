package org.sysplug.platform.linux.sysfs;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The sysfs tree the running Linux backend works on, offered as a service while that backend
 * runs, so that a view of the running machine (lsmem, lscpu) can read every attribute the tree
 * has instead of the smaller {@link org.sysplug.platform.Topology}. The tree is handed out
 * read-only whatever access the backend has: changes go through requests, never around them.
 */
@ProviderType
public interface SysfsTree {

    /** The backend's tree, opened read-only. */
    Sysroot sysroot();

    /** What the tree is, as {@link org.sysplug.platform.MachineView#describe()} says it ({@code linux: /}). */
    String describe();
}
