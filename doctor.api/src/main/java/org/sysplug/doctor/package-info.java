/**
 * The pre-flight doctor: what would go wrong on this machine, before it goes wrong.
 *
 * <p>A {@link org.sysplug.doctor.DoctorCheck} is a service any bundle registers (a whiteboard):
 * the auto-online policy reports its conflicts, the doctor's own checks report disabled hot-plug
 * profiles, memory that blocks a future unplug, per-node zone ratios. The {@link
 * org.sysplug.doctor.Doctor} runs every check on one view of the machine and runs each planned
 * request as a dry run through the request queue, so that the validate handlers that would refuse
 * a request give the same answer to {@code sysplug:doctor} as to {@code sysplug:submit --dry-run}.
 */
@Version("1.0.0")
@Export
package org.sysplug.doctor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
