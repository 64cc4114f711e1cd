package org.sysplug.platform.sim;

/**
 * What the firmware knows of a device beyond its namespace entry: whether it is in its slot,
 * powered ({@code _PS3} turns it off, insertion on) and locked ({@code _LCK}).
 */
record DeviceState(String path, boolean present, boolean powered, boolean locked) {
}
