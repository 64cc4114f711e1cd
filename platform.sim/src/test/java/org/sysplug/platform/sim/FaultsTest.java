package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sysplug.platform.sim.Machines.GIB;
import static org.sysplug.platform.sim.PortErrors.refused;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sysplug.platform.Errno;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;

/** Fault and latency injection: deterministic, consulted before anything changes, waits without the lock. */
@Timeout(20)
class FaultsTest {

    private final SimMachine machine = Machines.boot("default");
    private final Faults faults = machine.faults();

    @Test
    void aRuleFailsNTimesThenTheOperationGoesThrough() throws PortException {
        FaultRule rule = faults.add(FaultRule.on(MachineOperation.CPU_OFFLINE, "cpu5").failWith(Errno.EIO).times(2));
        assertThat(rule.id()).isPositive();
        assertThat(rule.toString()).isEqualTo("#" + rule.id() + " cpu.offline cpu5: fail EIO, 2 of 2 left");

        PortException e = refused(machine, Errno.EIO, "cpu5", () -> machine.cpuOffline(5));
        assertThat(e.getMessage()).contains("#" + rule.id());
        assertThat(faults.rules().get(0).remaining()).isEqualTo(1);
        refused(machine, Errno.EIO, "cpu5", () -> machine.cpuOffline(5));

        machine.cpuOffline(5);

        assertThat(machine.topology().cpu(5).orElseThrow().online()).isFalse();
        FaultRule spent = faults.rules().get(0);
        assertThat(spent.fired()).isEqualTo(2);
        assertThat(spent.spent()).isTrue();
        assertThat(spent.toString()).endsWith("spent (fired 2)");
    }

    @Test
    void anAlwaysRuleKeepsFailingUntilRemoved() throws PortException {
        FaultRule rule = faults.add(FaultRule.on(MachineOperation.MEMORY_OFFLINE, "memory32").failWith(Errno.EBUSY));
        for (int i = 0; i < 5; i++) {
            refused(machine, Errno.EBUSY, "memory32", () -> machine.memoryOffline(32));
        }
        assertThat(faults.rules().get(0).fired()).isEqualTo(5);
        assertThat(faults.rules().get(0).toString()).endsWith("always (fired 5)");

        assertThat(faults.remove(rule.id())).isTrue();
        assertThat(faults.remove(rule.id())).isFalse();
        machine.memoryOffline(32);
    }

    @Test
    void aRuleHitsOnlyItsOperationAndTarget() throws PortException {
        faults.add(FaultRule.on(MachineOperation.CPU_OFFLINE, "cpu5").failWith(Errno.EIO));
        machine.cpuOffline(4);
        machine.cpuOnline(5);
        assertThat(faults.rules().get(0).fired()).isZero();
    }

    @Test
    void aStarOrANodeTargetHitsEveryDeviceOfIt() throws PortException {
        faults.add(FaultRule.on(MachineOperation.MEMORY_ONLINE, "node1").failWith(Errno.EIO));
        machine.memoryAdd(9 * GIB, GIB, 1);
        refused(machine, Errno.EIO, "memory75", () -> machine.memoryOnline(75, OnlineType.ONLINE));
        faults.clear();

        faults.add(FaultRule.on(MachineOperation.NODE_OFFLINE, "*").failWith(Errno.EAGAIN));
        refused(machine, Errno.EAGAIN, "node1", () -> machine.nodeOffline(1));
    }

    @Test
    void aMemoryRangeIsHitThroughAnyOfItsBlocks() {
        faults.add(FaultRule.on(MachineOperation.MEMORY_ADD, "memory77").failWith(Errno.EIO));
        refused(machine, Errno.EIO, "memory72", () -> machine.memoryAdd(9 * GIB, GIB, 1));
    }

    @Test
    void firmwareMethodsAreHitByPath() throws PortException {
        machine.insert("\\_SB.NOD1");
        faults.add(FaultRule.on(MachineOperation.ACPI_EJECT, "_sb.nod1").failWith(Errno.EIO).times(1));
        refused(machine, Errno.EIO, "\\_SB.NOD1", () -> machine.eject("\\_SB.NOD1"));
        assertThat(machine.firmwareCalls()).as("a failed _EJ0 is not recorded").isEmpty();
        machine.eject("\\_SB.NOD1");
        assertThat(machine.device("\\_SB.NOD1").orElseThrow().present()).isFalse();
    }

    @Test
    void theFirstFailingRuleEndsTheWalk() {
        faults.add(FaultRule.on(MachineOperation.CPU_ONLINE, "cpu9").failWith(Errno.ENODEV).times(1));
        faults.add(FaultRule.on(MachineOperation.CPU_ONLINE, "*").failWith(Errno.EIO).times(1));
        refused(machine, Errno.ENODEV, "cpu9", () -> machine.cpuOnline(9));
        assertThat(faults.rules()).extracting(FaultRule::fired).containsExactly(1, 0);
    }

    @Test
    void aDelaySlowsTheOperationDown() throws PortException {
        faults.add(FaultRule.on(MachineOperation.CPU_OFFLINE, "*").delay(Duration.ofMillis(150)));
        long start = System.nanoTime();
        machine.cpuOffline(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(machine.topology().cpu(3).orElseThrow().online()).isFalse();
    }

    @Test
    void anInterruptedDelayFailsWithEagainAndChangesNothing() throws Exception {
        faults.add(FaultRule.on(MachineOperation.CPU_OFFLINE, "cpu3").delay(Duration.ofSeconds(30)));
        Topology before = machine.topology();
        AtomicReference<Boolean> interruptKept = new AtomicReference<>();

        PortException e = runAndInterrupt(() -> machine.cpuOffline(3), interruptKept);

        assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
        assertThat(e.getMessage()).contains("interrupted");
        assertThat(interruptKept.get()).as("the interrupt status stays set").isTrue();
        assertThat(machine.topology()).isSameAs(before);
    }

    @Test
    void aHangEndsWithEagainWhenInterrupted() throws Exception {
        faults.add(FaultRule.on(MachineOperation.MEMORY_OFFLINE, "memory40").hang().failWith(Errno.EIO));
        Topology before = machine.topology();

        PortException e = runAndInterrupt(() -> machine.memoryOffline(40), new AtomicReference<>());

        assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
        assertThat(machine.topology()).isSameAs(before);
    }

    @Test
    void aHangGoesOnWhenItsRuleIsRemovedAndHoldsNoLockMeanwhile() throws Exception {
        FaultRule rule = faults.add(FaultRule.on(MachineOperation.MEMORY_OFFLINE, "memory40").hang().failWith(Errno.EIO));
        CompletableFuture<Void> offline = CompletableFuture.runAsync(() -> {
            try {
                machine.memoryOffline(40);
            } catch (PortException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitFired(rule.id());

        // the machine stays usable while an operation hangs
        machine.cpuOffline(2);
        machine.memoryOffline(41);
        assertThat(offline).isNotDone();

        faults.remove(rule.id());
        offline.get(5, TimeUnit.SECONDS);
        assertThat(machine.topology().block(40).orElseThrow().online()).isFalse();
    }

    @Test
    void clearReleasesEveryHang() throws Exception {
        FaultRule rule = faults.add(FaultRule.on(MachineOperation.NODE_ONLINE, "node1").hang());
        CompletableFuture<Void> online = CompletableFuture.runAsync(() -> {
            try {
                machine.nodeOnline(1);
            } catch (PortException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitFired(rule.id());
        faults.clear();
        online.get(5, TimeUnit.SECONDS);
        assertThat(machine.topology().node(1).orElseThrow().online()).isTrue();
    }

    @Test
    void rulesAreCheckedWhenMade() {
        assertThatThrownBy(() -> faults.add(FaultRule.on(MachineOperation.CPU_ONLINE, "cpu1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does nothing");
        assertThatThrownBy(() -> FaultRule.on(MachineOperation.CPU_ONLINE, "processor one"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad fault target");
        assertThatThrownBy(() -> FaultRule.on(MachineOperation.CPU_ONLINE, "cpu1").times(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MachineOperation.parse("cpu.explode"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory.offline");
        assertThat(MachineOperation.parse("MEMORY_OFFLINE")).isEqualTo(MachineOperation.MEMORY_OFFLINE);
        assertThat(FaultRule.on(MachineOperation.ACPI_OST, "_SB.nod1").target()).isEqualTo("\\_SB.NOD1");
    }

    @Test
    void aRuleReadsWellToAnOperator() {
        FaultRule rule = faults.add(FaultRule.on(MachineOperation.ACPI_EJECT, "\\_SB.NOD1").delay(Duration.ofMillis(500))
                .hang().failWith(Errno.EIO).times(1));
        assertThat(rule).hasToString("#" + rule.id()
                + " acpi.eject \\_SB.NOD1: delay 500 ms, then hang until interrupted or removed, then fail EIO, 1 of 1 left");
    }

    private void awaitFired(long id) throws InterruptedException {
        while (faults.rules().stream().noneMatch(r -> r.id() == id && r.fired() > 0)) {
            Thread.sleep(5);
        }
    }

    @FunctionalInterface
    private interface PortCall {
        void run() throws PortException;
    }

    /** Runs {@code call} on a thread, interrupts it once it waits, and returns what it threw. */
    private PortException runAndInterrupt(PortCall call, AtomicReference<Boolean> interruptKept)
            throws InterruptedException, ExecutionException {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<PortException> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            started.countDown();
            try {
                call.run();
            } catch (PortException e) {
                thrown.set(e);
            }
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        started.await();
        while (faults.rules().stream().allMatch(r -> r.fired() == 0)) {
            Thread.sleep(5);
        }
        Thread.sleep(20);
        worker.interrupt();
        worker.join(5000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(thrown.get()).isNotNull();
        return thrown.get();
    }
}
