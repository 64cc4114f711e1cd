package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysplug.launcher.ComponentState.ACTIVE;
import static org.sysplug.launcher.ComponentState.FAILED_ACTIVATION;
import static org.sysplug.launcher.ComponentState.SATISFIED;
import static org.sysplug.launcher.ComponentState.UNSATISFIED_CONFIGURATION;
import static org.sysplug.launcher.ComponentState.UNSATISFIED_REFERENCE;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Scenarios of SCR states as its DTOs report them: a command component ({@code sim:topology})
 * that needs the machine view, provided by a component in every state it can be in.
 */
class CommandSetTest {

    private static final String VIEW = "org.sysplug.platform.MachineView";
    private static final Map<String, Object> COMMAND = Map.of("osgi.command.scope", "sim",
            "osgi.command.function", new String[] {"topology", "insert"});
    private static final Predicate<String> GOGO_KNOWS_THEM = name -> name.equals("sim:topology") || name.equals("sim:insert");
    private static final Predicate<String> GOGO_KNOWS_NOTHING = name -> false;

    private static ComponentState commands(int state, long serviceId, ComponentState.Missing... missing) {
        return new ComponentState(1, state, false, Set.of("java.lang.Object"), serviceId, COMMAND, false, List.of(missing));
    }

    private static ComponentState waitingForTheView(Set<Long> matched, String target) {
        return commands(UNSATISFIED_REFERENCE, -1, new ComponentState.Missing(VIEW, target, matched));
    }

    private static ComponentState waitingForTheView() {
        return waitingForTheView(Set.of(), null);
    }

    private static ComponentState view(int state, boolean immediate, long serviceId, Map<String, Object> properties) {
        return new ComponentState(2, state, immediate, Set.of(VIEW), serviceId, properties, false, List.of());
    }

    @Test
    void registeredCommandsThatGogoListsAreComplete() {
        assertTrue(CommandSet.complete(List.of(commands(SATISFIED, 40, new ComponentState.Missing[0])), GOGO_KNOWS_THEM));
    }

    @Test
    void registeredCommandsThatGogoDoesNotListYetAreNot() {
        assertFalse(CommandSet.complete(List.of(commands(ACTIVE, 40)), GOGO_KNOWS_NOTHING));
        assertFalse(CommandSet.complete(List.of(commands(ACTIVE, 40)), name -> name.equals("sim:topology")));
    }

    @Test
    void satisfiedCommandsWhoseServiceIsNotRegisteredYetAreNot() {
        assertFalse(CommandSet.complete(List.of(commands(SATISFIED, -1)), GOGO_KNOWS_NOTHING));
    }

    @Test
    void unsatisfiedWithNothingMissingIsAboutToActivate() {
        assertFalse(CommandSet.complete(List.of(commands(UNSATISFIED_REFERENCE, -1)), GOGO_KNOWS_NOTHING));
    }

    @Test
    void anImmediateProviderStillActivatingHoldsTheAnswer() {
        // The simulated machine loads its description in its constructor: slow, and immediate.
        assertFalse(CommandSet.complete(List.of(waitingForTheView(), view(SATISFIED, true, -1, Map.of())), GOGO_KNOWS_NOTHING));
    }

    @Test
    void aProviderEnabledButNotYetActivatedHoldsTheAnswer() {
        // enableComponent is asynchronous: enabled, references all there, SCR's thread not yet run.
        assertFalse(CommandSet.complete(List.of(waitingForTheView(), view(UNSATISFIED_REFERENCE, true, -1, Map.of())),
                GOGO_KNOWS_NOTHING));
    }

    @Test
    void aCommandComponentEnabledButNotYetTakenUpBySCRHoldsTheAnswer() {
        assertFalse(CommandSet.complete(List.of(commands(-1, -1)), GOGO_KNOWS_NOTHING));
    }

    @Test
    void aRegisteredProviderNotYetBoundHoldsTheAnswer() {
        assertFalse(CommandSet.complete(List.of(waitingForTheView(), view(ACTIVE, true, 7, Map.of())), GOGO_KNOWS_NOTHING));
    }

    @Test
    void aRegisteredProviderAlreadyCountedDoesNot() {
        assertTrue(CommandSet.complete(List.of(waitingForTheView(Set.of(7L), null), view(ACTIVE, true, 7, Map.of())),
                GOGO_KNOWS_NOTHING));
    }

    @Test
    void aProviderTheTargetRefusesDoesNot() {
        assertTrue(CommandSet.complete(List.of(waitingForTheView(Set.of(), "(backend=linux)"),
                view(ACTIVE, true, 7, Map.of("backend", "sim"))), GOGO_KNOWS_NOTHING));
        assertFalse(CommandSet.complete(List.of(waitingForTheView(Set.of(), "(backend=linux)"),
                view(ACTIVE, true, 7, Map.of("backend", "linux"))), GOGO_KNOWS_NOTHING));
    }

    @Test
    void aProviderThatFailedToActivateOrNoProviderAtAllCannotSatisfyIt() {
        assertTrue(CommandSet.complete(List.of(waitingForTheView(), view(FAILED_ACTIVATION, true, -1, Map.of())),
                GOGO_KNOWS_NOTHING));
        assertTrue(CommandSet.complete(List.of(waitingForTheView()), GOGO_KNOWS_NOTHING));
    }

    @Test
    void aConfigurationOnItsWayHoldsTheAnswerAndAnAbsentOneDoesNot() {
        ComponentState awaiting = new ComponentState(1, UNSATISFIED_CONFIGURATION, false, Set.of("java.lang.Object"), -1,
                COMMAND, true, List.of());
        ComponentState absent = new ComponentState(1, UNSATISFIED_CONFIGURATION, false, Set.of("java.lang.Object"), -1,
                COMMAND, false, List.of());
        assertFalse(CommandSet.complete(List.of(awaiting), GOGO_KNOWS_NOTHING));
        assertTrue(CommandSet.complete(List.of(absent), GOGO_KNOWS_NOTHING));
    }

    @Test
    void aPendingProviderTwoStepsAwayHoldsTheAnswer() {
        String port = "org.sysplug.platform.CpuPort";
        ComponentState ports = new ComponentState(3, UNSATISFIED_REFERENCE, false, Set.of(port), -1, Map.of(), false,
                List.of(new ComponentState.Missing(VIEW, null, Set.of())));
        ComponentState command = commands(UNSATISFIED_REFERENCE, -1, new ComponentState.Missing(port, null, Set.of()));
        assertFalse(CommandSet.complete(List.of(command, ports, view(SATISFIED, false, -1, Map.of())), GOGO_KNOWS_NOTHING));
        assertTrue(CommandSet.complete(List.of(command, ports), GOGO_KNOWS_NOTHING));
    }

    @Test
    void componentsWaitingForEachOtherCannotMoveAndDoNotLoop() {
        String a = "a.A";
        String b = "b.B";
        ComponentState first = new ComponentState(3, UNSATISFIED_REFERENCE, false, Set.of(a), -1, Map.of(), false,
                List.of(new ComponentState.Missing(b, null, Set.of())));
        ComponentState second = new ComponentState(4, UNSATISFIED_REFERENCE, false, Set.of(b), -1, Map.of(), false,
                List.of(new ComponentState.Missing(a, null, Set.of())));
        ComponentState command = commands(UNSATISFIED_REFERENCE, -1, new ComponentState.Missing(a, null, Set.of()));
        assertTrue(CommandSet.complete(List.of(command, first, second), GOGO_KNOWS_NOTHING));
    }

    @Test
    void componentsWithoutCommandsNeverHoldTheAnswerByThemselves() {
        assertTrue(CommandSet.complete(List.of(view(SATISFIED, true, -1, Map.of())), GOGO_KNOWS_NOTHING));
    }
}
