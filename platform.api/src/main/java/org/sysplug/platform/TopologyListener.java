package org.sysplug.platform;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the machine changed (whiteboard: register it as a service). Called after the
 * change, from the thread that made it; implementations hand the news on and return quickly.
 */
@ConsumerType
public interface TopologyListener {

    void topologyChanged(Topology topology);
}
