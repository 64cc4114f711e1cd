package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Phase;
import org.sysplug.framework.core.Fixtures.Machine;
import org.sysplug.framework.core.Fixtures.Recording;

/**
 * The lists a snapshot splits once per change are the ones filtering at every request gave: for
 * each list and operation, the handlers of that list serving the operation's kind, in run order.
 */
class HandlerSnapshotProperties {

    record Spec(Phase phase, int rank, Set<Kind> kinds) {
    }

    @Provide
    Arbitrary<List<Spec>> handlerSets() {
        return Combinators.combine(Arbitraries.of(Phase.values()), Arbitraries.integers().between(0, 4),
                Arbitraries.of(Set.of(Kind.HOTPLUG), Set.of(Kind.ONLINE), Set.of(Kind.HOTPLUG, Kind.ONLINE), Set.<Kind>of()))
                .as(Spec::new).list().ofMaxSize(16);
    }

    @Property(tries = 1000)
    void eachListIsTheRunOrderFilteredByKind(@ForAll("handlerSets") List<Spec> specs) {
        Machine machine = new Machine();
        List<HandlerEntry> entries = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            entries.add(Fixtures.entry(new Recording("h" + i, machine), s.phase(), s.rank(), s.kinds()));
        }
        HandlerSnapshot snapshot = new HandlerSnapshot(entries);

        for (Operation operation : Operation.values()) {
            boolean anyServes = false;
            for (Phase phase : Phase.values()) {
                List<HandlerEntry> filtered = snapshot.all().stream()
                        .filter(e -> e.info().phase() == phase && e.info().kinds().contains(operation.kind())).toList();
                assertThat(snapshot.list(phase, operation)).containsExactlyElementsOf(filtered);
                anyServes |= operation.phases().contains(phase) && !filtered.isEmpty();
            }
            assertThat(snapshot.serves(operation)).isEqualTo(anyServes);
        }
    }
}
