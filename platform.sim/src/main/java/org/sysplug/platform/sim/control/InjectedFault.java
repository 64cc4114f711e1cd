package org.sysplug.platform.sim.control;

import java.time.Duration;
import java.util.Optional;

import org.sysplug.platform.Errno;

/**
 * An injected fault as the machine holds it now, for scripts ({@code sim:faults --json}); its
 * {@link #toString()} is the line {@link SimulatedMachine#faults()} lists.
 *
 * @param id its id, for {@link SimulatedMachine#removeFault}
 * @param operation the port operation it hits ({@code memory.offline})
 * @param target its target in canonical form ({@code memory32}, {@code \_SB.NOD1}, {@code *})
 * @param errno the error it fails with, if it fails
 * @param delay how long it delays the operation (zero: none)
 * @param hang whether it blocks the operation until interrupted or removed
 * @param times how many times it fires in all, empty when it always fires
 * @param fired how many times it has fired
 * @param line the operator's line for it
 */
public record InjectedFault(long id, String operation, String target, Optional<Errno> errno, Duration delay,
        boolean hang, Optional<Integer> times, int fired, String line) {

    @Override
    public String toString() {
        return line;
    }
}
