/**
 * A sysfs tree read (and, when opened writable, written) below a sysroot, as util-linux's
 * {@code --sysroot} reads it: {@link org.sysplug.platform.linux.sysfs.Sysroot} never lets a path
 * leave the tree or cross a link; {@link org.sysplug.platform.linux.sysfs.CpuReader} and
 * {@link org.sysplug.platform.linux.sysfs.MemoryReader} read the CPU and memory attributes the
 * way util-linux does; {@link org.sysplug.platform.linux.sysfs.TopologyReader} reads a whole tree
 * as a {@link org.sysplug.platform.Topology}; {@link org.sysplug.platform.linux.sysfs.SysfsTree}
 * is the running Linux backend's tree, read-only, for views such as lsmem and lscpu.
 */
@Version("1.1.0")
@Export
package org.sysplug.platform.linux.sysfs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
