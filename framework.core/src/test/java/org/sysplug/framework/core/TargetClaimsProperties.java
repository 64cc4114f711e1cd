package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Target;
import org.sysplug.framework.TraceEntry.Action;
import org.sysplug.framework.core.Fixtures.Machine;
import org.sysplug.framework.core.Fixtures.Recording;

/**
 * The claims kept by position (in-order claims without a hash set) say exactly what a set of the
 * claimed targets said: the request's targets not claimed, each once, in the order given, for any
 * request (names given twice included), any claims (in order, out of order, of devices the request
 * does not name), made on the runner's thread or on another one.
 */
class TargetClaimsProperties {

    /** A few names, so that requests name some twice and claims hit and miss. */
    private static final List<String> NAMES = List.of("cpu0", "cpu1", "cpu2", "memory0", "memory1", "memory7",
            "node0", "\\_SB.NOD1");

    @Provide
    Arbitrary<List<Target>> requests() {
        return Arbitraries.of(NAMES).map(Target::of).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Target>> extraClaims() {
        return Arbitraries.of(NAMES).map(Target::of).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Boolean>> masks() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(true)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(false))).list().ofSize(12);
    }

    @Property(tries = 2000)
    void untakenTargetsAreWhatASetOfClaimsLeaves(@ForAll("requests") List<Target> targets,
            @ForAll("masks") List<Boolean> inOrder, @ForAll("extraClaims") List<Target> extra,
            @ForAll boolean extraFirst) {
        List<Target> claims = claims(targets, inOrder, extra, extraFirst);
        TargetClaims kept = new TargetClaims(targets);
        claims.forEach(kept::claim);

        assertThat(kept.untaken()).containsExactlyElementsOf(whatASetLeaves(targets, claims));
    }

    @Property(tries = 500)
    void aRequestRunCountsClaimsFromTheRunnerAndFromOtherThreads(@ForAll("requests") List<Target> targets,
            @ForAll("masks") List<Boolean> inOrder, @ForAll("extraClaims") List<Target> fromAnotherThread,
            @ForAll boolean validate) throws InterruptedException {
        RequestRun run = new RequestRun(1, org.sysplug.framework.HotplugRequest.of(Operation.HOT_ADD)
                .targets(targets).build(), java.time.Instant.now());
        Phase phase = validate ? Phase.ADD_VALIDATE : Phase.ADD_EXECUTE;
        List<Target> onRunner = claims(targets, inOrder, List.of(), false);
        run.enter(Fixtures.entry(new Recording("h", new Machine()), phase, 0), phase, Action.APPLY);
        onRunner.forEach(run::claim);
        // a handler handing part of its work to a thread of its own, and waiting for it
        Thread helper = new Thread(() -> fromAnotherThread.forEach(run::claim));
        helper.start();
        helper.join();
        run.leave();

        List<Target> all = new ArrayList<>(onRunner);
        all.addAll(fromAnotherThread);
        Phase.Step step = phase.step();
        Phase.Step other = validate ? Phase.Step.EXECUTE : Phase.Step.VALIDATE;
        assertThat(run.unclaimedTargets(step)).containsExactlyElementsOf(whatASetLeaves(targets, all));
        assertThat(run.unclaimedTargets(other)).containsExactlyElementsOf(whatASetLeaves(targets, List.of()));
    }

    @Property(tries = 200)
    void aClaimInTheCommitPhaseTakesNothing(@ForAll("requests") List<Target> targets) {
        RequestRun run = new RequestRun(1, org.sysplug.framework.HotplugRequest.of(Operation.HOT_ADD)
                .targets(targets).build(), java.time.Instant.now());
        run.enter(Fixtures.entry(new Recording("h", new Machine()), Phase.ADD_COMMIT, 0), Phase.ADD_COMMIT,
                Action.APPLY);
        targets.forEach(run::claim);
        run.leave();

        assertThat(run.unclaimedTargets(Phase.Step.EXECUTE)).containsExactlyElementsOf(whatASetLeaves(targets, List.of()));
    }

    /** Some of the targets in the order given (as a module takes its own), and other claims before or after. */
    private static List<Target> claims(List<Target> targets, List<Boolean> inOrder, List<Target> extra,
            boolean extraFirst) {
        List<Target> claims = new ArrayList<>();
        if (extraFirst) {
            claims.addAll(extra);
        }
        for (int i = 0; i < targets.size(); i++) {
            if (inOrder.get(i)) {
                claims.add(targets.get(i));
            }
        }
        if (!extraFirst) {
            claims.addAll(extra);
        }
        return claims;
    }

    /** What the runner computed before: every claim in a set, the targets not in it, each once. */
    private static List<Target> whatASetLeaves(List<Target> targets, Collection<Target> claims) {
        Set<Target> claimed = new HashSet<>(claims);
        List<Target> out = new ArrayList<>();
        for (Target t : targets) {
            if (!claimed.contains(t) && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
