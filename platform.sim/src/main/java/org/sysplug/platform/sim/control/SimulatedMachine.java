package org.sysplug.platform.sim.control;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.Notification;
import org.sysplug.platform.sim.description.DescriptionException;

/**
 * The running simulated machine, as an operator drives it: hardware events (a device inserted,
 * the eject button, a surprise removal), injected faults, pinned pages, which machine runs, and
 * what the machine recorded. Registered while the simulator is the backend; every call goes to
 * the machine that is current at the time of the call.
 */
@ProviderType
public interface SimulatedMachine {

    /** Puts a device or container into its slot and returns the notification the firmware raised for it. */
    Notification insert(String path) throws PortException;

    /** Presses a present device's eject button: the firmware raises an eject request. */
    void ejectRequest(String path) throws PortException;

    /** Pulls a device out without asking the OS; the hardware log says what the OS lost. */
    void surpriseRemove(String path) throws PortException;

    /** Pins (or unpins) pages in a memory block: a block holding unmovable pages cannot go offline. */
    void pin(int block, boolean pinned) throws PortException;

    /**
     * Injects a fault.
     *
     * @return the fault with its id, as {@link #faults()} lists it
     * @throws IllegalArgumentException an unknown operation, a bad target, or a fault without effect,
     *         in one line for the operator
     */
    String addFault(FaultSpec fault);

    /** Every injected fault, spent ones too, in the order they fire, with how often each fired: one line each. */
    List<String> faults();

    /** The same faults as {@link #faults()}, as values. */
    List<InjectedFault> injectedFaults();

    /** Removes a fault (an operation hanging on it goes on); false when no fault has that id. */
    boolean removeFault(long id);

    /** Removes every fault; operations hanging on them go on. */
    void clearFaults();

    /** The names {@link #load} takes besides files. */
    List<String> builtInMachines();

    /** Where the running machine came from: a built-in name, a file, or a sysfs tree. */
    String source();

    /**
     * Replaces the machine with a built-in one or a YAML machine file; on error nothing changes.
     *
     * @throws DescriptionException one line naming the file, and the line and field when the content is wrong
     */
    LoadedMachine load(String machine) throws DescriptionException;

    /**
     * Replaces the machine with the one a sysfs tree describes (its CPUs, nodes and memory blocks,
     * no firmware); on error nothing changes.
     *
     * @param tree the tree's directory, for names and messages
     * @param machine what the tree describes
     * @throws DescriptionException one line naming the tree and what the simulator cannot take
     */
    LoadedMachine loadTree(Path tree, Topology machine) throws DescriptionException;

    /** The {@code _OST} calls the firmware received, oldest first. */
    List<OstRecord> ostLog();

    /** The hardware log: insertions, ejections, and what the OS lost to them, oldest first. */
    List<String> hardwareLog();

    /** Whether anything acts on the firmware's notifications (firmware.acpi submits requests for them). */
    boolean notificationsHeard();

    /** The simulated kernel's {@code auto_online_blocks} (reported to a policy; the simulator does not act on it). */
    String autoOnlineBlocks();

    /**
     * Sets the simulated kernel's {@code auto_online_blocks}, so that a policy sees the kernel
     * onlining by itself.
     *
     * @throws PortException EINVAL for a value other than offline, online, online_kernel, online_movable
     */
    void setAutoOnlineBlocks(String value) throws PortException;
}
