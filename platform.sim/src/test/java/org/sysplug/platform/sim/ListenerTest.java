package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.Notification;

/** Listeners hear every change after it happened, outside the machine's lock. */
class ListenerTest {

    private final SimMachine machine = Machines.boot("default");

    @Test
    void aListenerGetsTheSnapshotOfEachChange() throws PortException {
        List<Topology> seen = new ArrayList<>();
        machine.addListener(new SimMachine.Listener() {
            @Override
            public void topologyChanged(Topology topology) {
                seen.add(topology);
            }
        });
        long generation = machine.generation();

        machine.cpuOffline(3);
        machine.cpuOffline(3);
        machine.cpuOnline(3);

        assertThat(seen).extracting(Topology::generation).containsExactly(generation + 1, generation + 2);
        assertThat(seen.get(0).cpu(3).orElseThrow().online()).isFalse();
        assertThat(seen.get(1)).isSameAs(machine.topology());
    }

    @Test
    void everyBlockOnlinedIsHeardInASnapshotOfItsOwnAndEarlierSnapshotsStayAsTheyWere() throws PortException {
        SimMachine machine = Machines.boot("server-4node");
        List<Integer> blocks = machine.topology().memoryOf(1).stream().map(b -> b.id()).toList();
        for (int block : blocks) {
            machine.memoryOffline(block);
        }
        List<Topology> seen = new ArrayList<>();
        machine.addListener(new SimMachine.Listener() {
            @Override
            public void topologyChanged(Topology topology) {
                seen.add(topology);
            }
        });

        for (int block : blocks) {
            machine.memoryOnline(block, org.sysplug.platform.OnlineType.ONLINE_MOVABLE);
        }

        assertThat(blocks).hasSizeGreaterThan(2);
        assertThat(seen).hasSameSizeAs(blocks);
        for (int i = 0; i < seen.size(); i++) {
            Topology t = seen.get(i);
            for (int j = 0; j < blocks.size(); j++) {
                assertThat(t.block(blocks.get(j)).orElseThrow().online()).as("memory%d in snapshot %d", blocks.get(j), i)
                        .isEqualTo(j <= i);
            }
            assertThat(t.memory()).as("snapshot %d, apart from node1, is the machine before", i)
                    .filteredOn(b -> b.node() != 1).isEqualTo(machine.topology().memory().stream()
                            .filter(b -> b.node() != 1).toList());
        }
    }

    @Test
    void listenersAreCalledOutsideTheLock() throws PortException {
        List<String> calls = new ArrayList<>();
        machine.addListener(new SimMachine.Listener() {
            @Override
            public void notified(String path, Notification notification) {
                // another thread can use the machine while we are being told
                Topology fromElsewhere = CompletableFuture.supplyAsync(machine::topology).orTimeout(5, TimeUnit.SECONDS).join();
                calls.add(notification + " " + path + " at generation " + fromElsewhere.generation());
            }

            @Override
            public void topologyChanged(Topology topology) {
                // and this thread may call back into it
                calls.add("changed " + machine.device("\\_SB.NOD1").orElseThrow().present());
            }
        });

        machine.insert("\\_SB.NOD1");

        assertThat(calls).containsExactly("changed true", "BUS_CHECK \\_SB.NOD1 at generation " + machine.generation());
    }

    @Test
    void aListenerMayWaitForAnotherThreadThatChangesTheMachine() throws PortException {
        List<String> calls = new ArrayList<>();
        machine.addListener(new SimMachine.Listener() {
            @Override
            public void notified(String path, Notification notification) {
                // as a firmware handler that submits a request and waits for a worker to run it
                CompletableFuture.runAsync(() -> {
                    try {
                        machine.nodeOnline(1);
                    } catch (PortException e) {
                        throw new IllegalStateException(e);
                    }
                }).orTimeout(5, TimeUnit.SECONDS).join();
                calls.add(notification + " " + path);
            }

            @Override
            public void topologyChanged(Topology topology) {
                calls.add("node1 " + (topology.node(1).orElseThrow().online() ? "online" : "offline"));
            }
        });

        machine.insert("\\_SB.NOD1");

        assertThat(calls).as("in the order of the changes, the worker's change after the callback that waited for it")
                .containsExactly("node1 offline", "BUS_CHECK \\_SB.NOD1", "node1 online");
    }

    @Test
    void aListenerThatChangesTheMachineHearsOfItAfterItReturns() throws PortException {
        List<Long> generations = new ArrayList<>();
        machine.addListener(new SimMachine.Listener() {
            @Override
            public void topologyChanged(Topology topology) {
                generations.add(topology.generation());
                if (generations.size() == 1) {
                    try {
                        machine.cpuOffline(6);
                    } catch (PortException e) {
                        throw new IllegalStateException(e);
                    }
                    generations.add(-1L);
                }
            }
        });
        long generation = machine.generation();

        machine.cpuOffline(5);

        assertThat(generations).containsExactly(generation + 1, -1L, generation + 2);
    }

    @Test
    void aRemovedOrFailingListenerDoesNotStopTheMachine() throws PortException {
        List<Long> seen = new ArrayList<>();
        SimMachine.Listener failing = new SimMachine.Listener() {
            @Override
            public void topologyChanged(Topology topology) {
                throw new IllegalStateException("listener bug");
            }
        };
        SimMachine.Listener counting = new SimMachine.Listener() {
            @Override
            public void topologyChanged(Topology topology) {
                seen.add(topology.generation());
            }
        };
        machine.addListener(failing);
        machine.addListener(counting);

        machine.cpuOffline(4);
        machine.removeListener(counting);
        machine.cpuOffline(5);

        assertThat(seen).hasSize(1);
        assertThat(machine.topology().cpu(5).orElseThrow().online()).isFalse();
    }

    @Test
    void aRefusedOperationTellsNobody() {
        List<String> calls = new ArrayList<>();
        machine.addListener(new SimMachine.Listener() {
            @Override
            public void topologyChanged(Topology topology) {
                calls.add("changed");
            }

            @Override
            public void notified(String path, Notification notification) {
                calls.add("notified");
            }
        });
        PortErrors.refused(machine, org.sysplug.platform.Errno.EBUSY, "\\_SB.NOD0", () -> machine.insert("\\_SB.NOD0"));
        assertThat(calls).isEmpty();
    }

    @Test
    void aListenerThatWantsNoTopologyGetsNotificationsButNoSnapshots() throws Exception {
        SimMachine machine = Machines.boot("default");
        List<String> calls = new java.util.ArrayList<>();
        machine.addListener(new SimMachine.Listener() {
            @Override
            public boolean wantsTopology() {
                return false;
            }

            @Override
            public void topologyChanged(Topology topology) {
                calls.add("snapshot " + topology.generation());
            }

            @Override
            public void notified(String path, Notification notification) {
                calls.add(notification + " " + path);
            }
        });

        machine.cpuOffline(3);
        machine.insert("\\_SB.NOD1");

        assertThat(calls).containsExactly("BUS_CHECK \\_SB.NOD1");
    }
}
