package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.sim.control.SimulatedMachine;

/** A machine loaded anew is another boot: what it booted with is kept, and the old machine is heard of no more. */
class MachineReplacedTest {

    @Test
    void theBootNamespaceIsTheNamespaceBeforeAnyHardwareEvent() throws Exception {
        TestMachine machine = TestMachine.boot("default");
        AcpiPort firmware = machine.firmware();
        List<AcpiDevice> booted = firmware.namespace();

        machine.insert("\\_SB.NOD1");

        assertThat(firmware.bootNamespace()).isEqualTo(booted);
        assertThat(present(firmware.bootNamespace(), "\\_SB.NOD1")).isFalse();
        assertThat(present(firmware.namespace(), "\\_SB.NOD1")).isTrue();
    }

    @Test
    void whatAReplacedMachineStillHadToTellIsDropped() throws Exception {
        TestSimulator simulator = TestSimulator.boot("default");
        SimulatedMachine control = simulator.control();
        List<String> heard = new CopyOnWriteArrayList<>();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        simulator.listen((path, notification) -> {
            heard.add(notification + " " + path);
            if (heard.size() == 1) {
                inside.countDown();
                await(release);
            }
        });

        // one thread delivers the old machine's insert and is held in the listener...
        CompletableFuture<Void> inserting = CompletableFuture.runAsync(() -> {
            try {
                control.insert("\\_SB.NOD1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        // ...so the old machine's next notification waits in its queue for that thread
        control.ejectRequest("\\_SB.NOD0");
        control.load("default");
        release.countDown();
        inserting.get(10, TimeUnit.SECONDS);

        assertThat(heard).containsExactly("BUS_CHECK \\_SB.NOD1");

        control.insert("\\_SB.NOD1");

        assertThat(heard).containsExactly("BUS_CHECK \\_SB.NOD1", "BUS_CHECK \\_SB.NOD1");
    }

    private static boolean present(List<AcpiDevice> namespace, String path) {
        return namespace.stream().filter(d -> d.path().equals(path)).findFirst().orElseThrow().present();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
