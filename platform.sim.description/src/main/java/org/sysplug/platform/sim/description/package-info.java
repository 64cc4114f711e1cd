/**
 * The machine description language of the simulated machine: YAML machine files read into a
 * {@link org.sysplug.platform.sim.description.MachineDescription} (kernel parameters, hot-plug
 * profiles, the firmware namespace), errors that name the file, line and field
 * ({@link org.sysplug.platform.sim.description.DescriptionException}), the built-in machines
 * ({@link org.sysplug.platform.sim.description.MachineSource}), and the two words of the language
 * the simulator also speaks in its messages and lookups: sizes
 * ({@link org.sysplug.platform.sim.description.ByteSize}) and namespace paths
 * ({@link org.sysplug.platform.sim.description.AcpiPaths}).
 */
@Version("1.0.0")
@Export
package org.sysplug.platform.sim.description;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
