package org.sysplug.platform;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Memory in blocks of {@link #blockSize()}: add, online, offline, remove. */
@ProviderType
public interface MemoryPort {

    /** {@code block_size_bytes}. */
    long blockSize();

    /**
     * Adds a physical range to a node, creating offline blocks (the kernel's
     * {@code add_memory}); brings the node online if it was not.
     *
     * @return the new blocks' ids
     * @throws PortException EINVAL if the range is not block-aligned, EBUSY if it overlaps memory
     */
    List<Integer> add(long start, long size, int node) throws PortException;

    /**
     * Onlines an offline block.
     *
     * @throws PortException EINVAL if the type's zone is not in the block's valid zones
     */
    void online(int block, OnlineType type) throws PortException;

    /**
     * Offlines an online block.
     *
     * @throws PortException EBUSY if it holds unmovable pages
     */
    void offline(int block) throws PortException;

    /**
     * Removes a range whose blocks are all offline (the kernel's {@code remove_memory}).
     *
     * @throws PortException EBUSY if a block in it is online
     */
    void remove(long start, long size) throws PortException;
}
