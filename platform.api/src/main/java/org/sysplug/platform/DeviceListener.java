package org.sysplug.platform;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of devices the machine announced by itself ({@link DeviceEvent}s), whiteboard style:
 * register it as a service. The backend reports; a listener (a policy such as auto-online)
 * decides what to do, for example submit a request. Called from the backend's event thread with
 * the events that arrived together and the machine as it is after them; implementations hand the
 * news on and return quickly, and a listener that throws is logged and does not stop the others.
 */
@ConsumerType
public interface DeviceListener {

    /**
     * @param events the events that arrived together, in arrival order
     * @param machine the machine after them (read once for the whole batch)
     */
    void devicesChanged(List<DeviceEvent> events, Topology machine);
}
