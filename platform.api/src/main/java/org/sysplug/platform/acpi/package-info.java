/**
 * The firmware, ACPI-shaped: the namespace of device objects and the control methods the
 * hot-plug path uses ({@code _STA}, {@code _PXM}, {@code _CRS}, {@code _PS3}, {@code _LCK},
 * {@code _EJ0}, {@code _OST}), per-class hot-plug profiles, and notifications.
 */
@Version("1.1.0")
@Export
package org.sysplug.platform.acpi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
