/**
 * The simulated machine as an operator drives it, for the {@code sim} commands and any other
 * control surface: {@link org.sysplug.platform.sim.control.SimulatedMachine}, the service
 * platform.sim offers while the simulator is the backend. The machine itself, its kernel and
 * firmware rules and its ports stay private to platform.sim.
 */
@Version("1.2.0")
@Export
package org.sysplug.platform.sim.control;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
