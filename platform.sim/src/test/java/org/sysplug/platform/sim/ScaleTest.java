package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.sim.description.MachineDescription;

/**
 * The 1,024-CPU, 4 TiB machine (32,768 blocks) boots fast and its snapshot stays cheap, even
 * when a listener takes one after every change of a large hot-add. Bounds are generous (slow CI
 * machines); the measured times are printed.
 */
class ScaleTest {

    private final MachineDescription description = Machines.shipped("scale-1024");

    @Test
    void bootAndTopologyStayFast() {
        SimMachine machine = null;
        long bestBoot = Long.MAX_VALUE;
        long bestFirstTopology = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            machine = SimMachine.boot(description);
            long booted = System.nanoTime();
            machine.topology();
            long snapshot = System.nanoTime();
            bestBoot = Math.min(bestBoot, booted - start);
            bestFirstTopology = Math.min(bestFirstTopology, snapshot - booted);
        }
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            machine.topology();
        }
        long cached = (System.nanoTime() - start) / 1000;

        Topology t = machine.topology();
        assertThat(t.cpus()).hasSize(1024).allSatisfy(c -> assertThat(c.online()).isTrue());
        assertThat(t.memory()).hasSize(32_768);
        assertThat(machine.topology()).as("cached per generation").isSameAs(t);
        System.out.printf("scale-1024: boot %.1f ms, first topology() %.2f ms, cached topology() %d ns%n",
                bestBoot / 1e6, bestFirstTopology / 1e6, cached);
    }

    @Test
    void aWholeNodeHotAddStaysFastEvenWithASnapshotAfterEveryChange() throws PortException {
        SimMachine quiet = SimMachine.boot(description);
        long withoutListener = hotAddNode5(quiet);

        SimMachine watched = SimMachine.boot(description);
        AtomicInteger snapshots = new AtomicInteger();
        watched.addListener(new SimMachine.Listener() {
            @Override
            public void topologyChanged(Topology topology) {
                snapshots.incrementAndGet();
            }
        });
        long withListener = hotAddNode5(watched);

        assertThat(watched.topology().memoryOf(5)).hasSize(2048).allSatisfy(b -> assertThat(b.online()).isTrue());
        assertThat(snapshots.get()).isGreaterThan(2048);
        System.out.printf("scale-1024: re-add node5 and online its 2,048 blocks one by one: %.1f ms; "
                + "with a listener taking a snapshot after each change: %.1f ms%n", withoutListener / 1e6, withListener / 1e6);
    }

    /** Takes node5 out as the OS and firmware would, puts it back, and returns how long adding and onlining its memory took. */
    private static long hotAddNode5(SimMachine machine) throws PortException {
        String node = "\\_SB.NOD5";
        AcpiResource.MemoryRange range = (AcpiResource.MemoryRange) machine.device(node + ".MEM0").orElseThrow()
                .resources().get(0);
        for (var cpu : machine.topology().cpusOf(5)) {
            machine.cpuOffline(cpu.id());
            machine.cpuUnregister(cpu.id());
        }
        for (var block : machine.topology().memoryOf(5)) {
            machine.memoryOffline(block.id());
        }
        machine.memoryRemove(range.start(), range.length());
        machine.eject(node);
        machine.insert(node);

        long start = System.nanoTime();
        List<Integer> blocks = machine.memoryAdd(range.start(), range.length(), 5);
        for (int block : blocks) {
            machine.memoryOnline(block, OnlineType.ONLINE_MOVABLE);
        }
        long elapsed = System.nanoTime() - start;
        assertThat(blocks).hasSize(2048);
        return elapsed;
    }
}
