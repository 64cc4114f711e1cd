package org.sysplug.platform;

import org.osgi.annotation.versioning.ProviderType;

/** A device the kernel names by number: {@code cpuN}, {@code memoryN}, {@code nodeN}. */
@ProviderType
public interface Numbered {

    /** N of the device's name. */
    int id();
}
