package org.sysplug.reliability;

import java.time.Duration;
import java.util.EnumSet;

import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Phase;
import org.sysplug.framework.core.LocalRunner.Registration;

/**
 * One fault of the matrix: a fault of the simulated machine on one of its operations (an errno, a
 * hang, a delay), or a handler that throws an unchecked exception at a phase and rank.
 */
sealed interface Fault {

    /** The name the throwing handler is registered under: outcomes name it. */
    String UNCHECKED_HANDLER = "fault.unchecked";

    enum Effect {
        ERRNO, HANG, DELAY
    }

    /** Makes the fault happen on the requests that follow. */
    void inject(SimulatedPlatform platform);

    /**
     * {@code sim:fault} on a machine operation.
     *
     * @param operation cpu.online, memory.offline, acpi.eject, ...
     * @param target cpuN, memoryN, nodeN, a namespace path or *
     * @param errno for {@link Effect#ERRNO}
     * @param times how many times it fires, or -1 for always
     */
    record OnMachine(Effect effect, String operation, String target, String errno, int times) implements Fault {

        /** Short, so that a case stays short (a sleep of Java 17 lasts at least a millisecond). */
        static final Duration DELAY = Duration.ofNanos(300_000);

        @Override
        public void inject(SimulatedPlatform platform) {
            switch (effect) {
                case ERRNO -> platform.machine.fail(operation, target, errno, times);
                case HANG -> platform.machine.hang(operation, target, times);
                case DELAY -> platform.machine.delay(operation, target, DELAY, times);
            }
            platform.superviseHangs(effect == Effect.HANG);
        }

        @Override
        public String toString() {
            String what = switch (effect) {
                case ERRNO -> "--errno " + errno;
                case HANG -> "--hang";
                case DELAY -> "--delay " + DELAY.toNanos() / 1000 + "us";
            };
            return "sim:fault " + what + " " + operation + " " + target + (times < 0 ? " (always)" : " (" + times + "x)");
        }
    }

    /** A handler that throws an IllegalStateException from apply at {@code rank} of {@code phase}. */
    record Unchecked(Phase phase, int rank) implements Fault {

        @Override
        public void inject(SimulatedPlatform platform) {
            HotplugHandler thrower = context -> {
                throw new IllegalStateException("injected unchecked failure at " + phase + " " + rank);
            };
            platform.register(new Registration(thrower, UNCHECKED_HANDLER, phase, rank, EnumSet.allOf(Kind.class)));
            platform.superviseHangs(false);
        }

        @Override
        public String toString() {
            return "unchecked exception in a handler at " + phase + " " + rank;
        }
    }
}
