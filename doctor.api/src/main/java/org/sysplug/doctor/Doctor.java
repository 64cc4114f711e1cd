package org.sysplug.doctor;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.sysplug.framework.HotplugRequest;

/**
 * Runs every registered {@link DoctorCheck} on one view of the machine, and each planned request
 * as a dry run through the request queue (the validate handlers only: nothing changes). A planned
 * request the validate handlers refuse is an {@link Severity#ERROR} finding carrying their reason.
 */
@ProviderType
public interface Doctor {

    /**
     * Examines the machine now.
     *
     * @param planned requests to try as dry runs (a {@code dryRun} flag on them is not needed), or none
     */
    Report examine(List<HotplugRequest> planned);
}
