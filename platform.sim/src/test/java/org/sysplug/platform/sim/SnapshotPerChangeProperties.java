package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.MachineInvariantsProperties.Action;
import org.sysplug.platform.sim.description.MachineDescription;

/**
 * A listener hears of every change with the machine as it is right after it, although the
 * snapshots share all unchanged devices with the one before: under random sequences of every
 * operation, hardware event and fault, each snapshot a listener gets equals the machine built
 * afresh at that moment, one per generation, none skipped, and every snapshot it kept still reads
 * as it did when it came.
 */
class SnapshotPerChangeProperties {

    /** What a listener got, with a plain copy of it taken when it came. */
    private record Heard(Topology snapshot, Topology copy) {
    }

    private final MachineDescription defaultMachine = Machines.shipped("default");
    private final MachineDescription server = Machines.shipped("server-4node");

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void theDefaultMachineTellsEveryChange(@ForAll("defaultMachine") List<Action> actions) {
        run(defaultMachine, actions);
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void theFourNodeServerTellsEveryChange(@ForAll("server") List<Action> actions) {
        run(server, actions);
    }

    @Provide
    Arbitrary<List<Action>> defaultMachine() {
        return MachineInvariantsProperties.actions(defaultMachine);
    }

    @Provide
    Arbitrary<List<Action>> server() {
        return MachineInvariantsProperties.actions(server);
    }

    private static void run(MachineDescription description, List<Action> actions) {
        SimMachine machine = SimMachine.boot(description);
        // a snapshot before the listener comes, so that the first one heard is made from an older list
        machine.topology();
        List<Heard> heard = new ArrayList<>();
        machine.addListener(new SimMachine.Listener() {
            @Override
            public void topologyChanged(Topology topology) {
                // told on the changing thread, nothing else changes the machine meanwhile
                heard.add(new Heard(topology, machine.topologyBuiltAnew()));
            }
        });
        long first = machine.generation();
        for (Action action : actions) {
            try {
                action.apply(machine);
            } catch (PortException refused) {
                // a refused operation is no change: nothing to hear
            }
        }
        assertThat(heard).extracting(h -> h.snapshot().generation()).as("one snapshot per change, in order")
                .containsExactlyElementsOf(generations(first + 1, machine.generation()));
        for (Heard h : heard) {
            assertThat(h.snapshot()).as("generation %d as it was when heard", h.copy().generation()).isEqualTo(h.copy());
        }
        assertThat(machine.topology()).isEqualTo(machine.topologyBuiltAnew());
    }

    private static List<Long> generations(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long g = from; g <= to; g++) {
            out.add(g);
        }
        return out;
    }
}
