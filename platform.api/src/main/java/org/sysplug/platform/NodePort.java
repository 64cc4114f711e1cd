package org.sysplug.platform;

import org.osgi.annotation.versioning.ProviderType;

/** NUMA nodes. */
@ProviderType
public interface NodePort {

    /**
     * Brings a possible node online.
     *
     * @throws PortException ENODEV if it is not a possible node
     */
    void online(int node) throws PortException;

    /**
     * Takes a node offline.
     *
     * @throws PortException EBUSY while it still has present CPUs or memory
     */
    void offline(int node) throws PortException;
}
