package org.sysplug.doctor;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check the doctor runs, registered as a service by any bundle. It reads and never changes: a
 * check that would need to change something to know reports what it cannot tell instead.
 * Register it with the service property {@value #NAME} naming it.
 */
@ConsumerType
public interface DoctorCheck {

    /** The service property that names a check ({@code policy}, {@code zones}). */
    String NAME = "sysplug.doctor.check";

    /** What this check finds on the machine and about the planned requests; empty when all is well. */
    List<Finding> examine(Examination examination);
}
