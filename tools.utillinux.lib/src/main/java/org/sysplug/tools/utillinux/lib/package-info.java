/**
 * What util-linux's tools share, as its {@code lib/} and glibc give it to them, for sysplug's
 * copies of those tools: GNU {@code getopt_long} with util-linux's mutually exclusive options
 * ({@link org.sysplug.tools.utillinux.lib.Getopt}), {@code strtoumax}, {@code strtosize} and their
 * error texts ({@link org.sysplug.tools.utillinux.lib.CNumbers}), {@code strverscmp}
 * ({@link org.sysplug.tools.utillinux.lib.VersionSort}), and a run's output, early exit and
 * result ({@link org.sysplug.tools.utillinux.lib.ToolOutput},
 * {@link org.sysplug.tools.utillinux.lib.ToolExit}, {@link org.sysplug.tools.utillinux.lib.ToolResult}).
 */
@Version("1.0.0")
@Export
package org.sysplug.tools.utillinux.lib;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
