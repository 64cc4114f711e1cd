package org.sysplug.platform.sim.control;

import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;

/**
 * One {@code _OST} evaluation the firmware received.
 *
 * @param path the device it was evaluated on
 * @param event the source event it reports on
 * @param status how that event ended
 * @param sequence its place among every {@code _OST} of this machine, from 1
 */
public record OstRecord(String path, OstEvent event, OstStatus status, long sequence) {

    @Override
    public String toString() {
        return "#" + sequence + " _OST " + path + " " + event + " " + status;
    }
}
