package org.sysplug.framework;

/** Which kinds of operation a handler serves. */
public enum Kind {
    /** Physical hot-add and hot-remove (eject): {@link Operation#HOT_ADD}, {@link Operation#HOT_REMOVE}. */
    HOTPLUG,
    /** Logical online and offline of devices already present: {@link Operation#ONLINE}, {@link Operation#OFFLINE}. */
    ONLINE
}
