package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.framework.TraceEntry.Action;
import org.sysplug.framework.TraceEntry.Result;
import org.sysplug.framework.core.Fixtures.Machine;
import org.sysplug.framework.core.Fixtures.Recording;

/**
 * Random handler sets, random failure points in random phases, random cancellations: a failed
 * request always leaves the handlers' state as it found it, and the walk back is exactly the
 * reverse of what applied.
 */
class RollbackProperties {

    /** One handler of a generated set. */
    record Spec(Phase phase, int rank, Set<Kind> kinds, Fault fault) {
    }

    enum Fault {
        NONE, FAIL, CRASH, CANCEL_DURING
    }

    @Provide
    Arbitrary<List<Spec>> handlerSets() {
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.of(Phase.values()),
                Arbitraries.integers().between(0, 5), // few ranks, many ties
                Arbitraries.of(Set.of(Kind.HOTPLUG), Set.of(Kind.ONLINE), Set.of(Kind.HOTPLUG, Kind.ONLINE)),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(12, Arbitraries.just(Fault.NONE)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Fault.FAIL)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Fault.CRASH)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Fault.CANCEL_DURING))))
                .as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(14);
    }

    @Property(tries = 3000)
    void aFailedRequestLeavesTheStateAsItFoundIt(@ForAll("handlerSets") List<Spec> specs,
            @ForAll Operation operation, @ForAll boolean dryRun, @ForAll @IntRange(min = 0, max = 2) int preApplied) {
        Machine machine = new Machine();
        // some state that was there before the request: it must be there after, untouched
        for (int i = 0; i < preApplied; i++) {
            machine.applied.add("before-" + i);
        }
        List<String> before = List.copyOf(machine.applied);
        RequestRun run = new RequestRun(1, org.sysplug.framework.HotplugRequest.of(operation, "cpu1").dryRun(dryRun)
                .build(), Instant.now());
        List<HandlerEntry> entries = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            Recording r = new Recording("h" + i, machine);
            switch (s.fault()) {
                case FAIL -> r.failApply = new HotplugException(HotplugException.EBUSY, "cpu1", "refused");
                case CRASH -> r.crash = new IllegalStateException("bug");
                case CANCEL_DURING -> r.onApply = c -> run.cancel(
                        new HotplugException(HotplugException.CANCELLED, null, "operator"));
                default -> { }
            }
            entries.add(Fixtures.entry(r, s.phase(), s.rank(), EnumSet.copyOf(s.kinds())));
        }

        PhaseRunner.Ending ending = Fixtures.runner().run(run, new HandlerSnapshot(entries));
        Outcome outcome = run.finish(ending.status(), ending.failure(), Instant.now());

        switch (outcome.status()) {
            case FAILED_ROLLED_BACK, CANCELLED -> {
                assertThat(machine.applied).containsExactlyElementsOf(before);
                assertRollbackMirrorsApply(outcome.trace());
            }
            case SUCCEEDED -> assertThat(outcome.trace()).allMatch(t -> t.action() == Action.APPLY
                    && t.result() == Result.OK);
            case REJECTED -> assertThat(outcome.trace()).isEmpty();
            case FAILED_INCONSISTENT -> {
                // only a commit can fail without a rollback here (no rollback fails in this property)
                assertThat(outcome.failure().orElseThrow().phase().orElseThrow().step()).isEqualTo(Phase.Step.COMMIT);
                assertThat(outcome.trace()).noneMatch(t -> t.action() == Action.ROLLBACK);
            }
            default -> throw new AssertionError("unexpected " + outcome.status());
        }
        if (dryRun) {
            assertThat(outcome.trace()).allMatch(t -> t.phase().step() == Phase.Step.VALIDATE);
            assertThat(machine.applied).containsExactlyElementsOf(before);
        }
        assertRunOrder(outcome.trace(), entries, operation);
    }

    /** The rollbacks are the successful applies in reverse, the failed handler excluded. */
    private static void assertRollbackMirrorsApply(List<TraceEntry> trace) {
        List<String> applied = new ArrayList<>();
        List<String> rolledBack = new ArrayList<>();
        for (TraceEntry t : trace) {
            if (t.action() == Action.APPLY && t.result() == Result.OK) {
                applied.add(t.handler());
            } else if (t.action() == Action.ROLLBACK) {
                rolledBack.add(t.handler());
            }
        }
        java.util.Collections.reverse(applied);
        assertThat(rolledBack).containsExactlyElementsOf(applied);
    }

    /** Applies follow the phases of the operation and, within a phase, the tie order. */
    private static void assertRunOrder(List<TraceEntry> trace, List<HandlerEntry> entries, Operation operation) {
        List<String> expected = new ArrayList<>();
        for (Phase phase : operation.phases()) {
            entries.stream().map(HandlerEntry::info)
                    .filter(i -> i.phase() == phase && i.kinds().contains(operation.kind()))
                    .sorted(HandlerInfo.TIE_ORDER).forEach(i -> expected.add(i.name()));
        }
        List<String> applies = trace.stream().filter(t -> t.action() == Action.APPLY).map(TraceEntry::handler).toList();
        assertThat(expected.subList(0, applies.size())).containsExactlyElementsOf(applies);
        if (trace.stream().noneMatch(t -> t.result() != Result.OK) && !applies.isEmpty()
                && trace.stream().noneMatch(t -> t.action() == Action.ROLLBACK)) {
            assertThat(applies.size()).isLessThanOrEqualTo(expected.size());
        }
    }

    @Property(tries = 200)
    void statusIsTerminalAndOnlySucceededIsNotAFailure(@ForAll Status status) {
        assertThat(status.isFailure()).isEqualTo(status.isTerminal() && status != Status.SUCCEEDED);
    }
}
