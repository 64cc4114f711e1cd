/**
 * Ports to the machine. Handlers never touch files or simulator objects: they call these
 * services, which the simulated machine (platform.sim) or the sysfs backend (platform.linux)
 * provide. Every operation fails with a {@link org.sysplug.platform.PortException} carrying a
 * kernel-like code and a message naming the device. What the machine announces by itself
 * (devices that appear or change outside a request) a backend reports to {@link
 * org.sysplug.platform.DeviceListener}s; it never submits requests.
 */
@Version("1.4.0")
@Export
package org.sysplug.platform;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
