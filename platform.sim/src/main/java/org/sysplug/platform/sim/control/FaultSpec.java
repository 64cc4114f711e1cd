package org.sysplug.platform.sim.control;

import java.time.Duration;
import java.util.Objects;

import org.sysplug.platform.Errno;

/**
 * A fault to inject, in the operator's words: what happens to an operation on a target.
 *
 * @param operation the operation: {@code cpu.online}, {@code memory.offline}, {@code acpi.eject}, ...
 * @param target {@code cpuN}, {@code memoryN}, {@code nodeN}, a namespace path, or {@code *} for any
 * @param errno the error the operation fails with, or null when it does not fail
 * @param times how many times it fires, or 0 for always
 * @param delay how much longer the operation takes
 * @param hang whether the operation blocks until it is interrupted or the fault removed
 */
public record FaultSpec(String operation, String target, Errno errno, int times, Duration delay, boolean hang) {

    public FaultSpec {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(delay, "delay");
    }
}
