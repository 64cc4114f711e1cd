package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.framework.core.Fixtures.entry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RefusedHandler;
import org.sysplug.framework.core.Fixtures.Machine;
import org.sysplug.framework.core.Fixtures.Recording;

class HandlerRegistryTest {

    private final HandlerRegistry registry = new HandlerRegistry();
    private final Machine machine = new Machine();

    @Test
    void eachChangeMakesANewSnapshotAndOldSnapshotsStayAsTheyWere() throws Exception {
        HandlerEntry a = entry(new Recording("a", machine), Phase.ADD_EXECUTE, 10);
        registry.add(a);
        HandlerSnapshot before = registry.snapshot();
        registry.add(entry(new Recording("b", machine), Phase.ADD_EXECUTE, 5));

        assertThat(before.size()).isEqualTo(1);
        assertThat(registry.snapshot().all()).extracting(e -> e.info().name()).containsExactly("b", "a");
        registry.remove(a.info().serviceId(), Duration.ZERO);
        assertThat(registry.snapshot().all()).extracting(e -> e.info().name()).containsExactly("b");
        assertThat(before.contains(a)).isTrue();
        assertThat(a.departed()).isTrue();
    }

    @Test
    void aRefusedHandlerIsListedUntilItsServiceGoesAndNeverRuns() throws Exception {
        RefusedHandler typo = new RefusedHandler("typo.execute", "org.example.typo", 42, -1001,
                "it has sysplug.handler.phase=ADD_EXECUTEE, which is not one of [...]");
        registry.refuse(typo);
        registry.add(entry(new Recording("a", machine), Phase.ADD_EXECUTE, 10));

        assertThat(registry.refused()).containsExactly(typo);
        assertThat(registry.snapshot().all()).extracting(e -> e.info().name()).containsExactly("a");
        assertThat(registry.remove(-1001, Duration.ZERO)).isTrue();
        assertThat(registry.refused()).isEmpty();
        assertThat(registry.snapshot().all()).extracting(e -> e.info().name()).containsExactly("a");
    }

    @Test
    void aDepartureWaitsForTheRequestThatUsesTheHandler() throws Exception {
        HandlerEntry a = entry(new Recording("a", machine), Phase.ADD_EXECUTE, 10);
        registry.add(a);
        CompletableFuture<HandlerSnapshot> leased = new CompletableFuture<>();
        CompletableFuture<Void> releaseNow = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            leased.complete(registry.lease());
            releaseNow.join();
            registry.release();
        });
        worker.start();
        leased.get(10, TimeUnit.SECONDS);

        CompletableFuture<Boolean> departure = CompletableFuture.supplyAsync(() -> {
            try {
                return registry.remove(a.info().serviceId(), Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(departure).as("the departure waits while the request runs").isNotDone();
        assertThat(a.departed()).isFalse();
        assertThat(registry.snapshot().size()).as("new requests no longer see it").isZero();

        releaseNow.complete(null);
        assertThat(departure.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(a.departed()).isTrue();
        worker.join();
    }

    @Test
    void theDepartureWaitIsBounded() throws Exception {
        HandlerEntry a = entry(new Recording("a", machine), Phase.ADD_EXECUTE, 10);
        registry.add(a);
        CompletableFuture<Void> leased = new CompletableFuture<>();
        CompletableFuture<Void> releaseNow = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            registry.lease();
            leased.complete(null);
            releaseNow.join();
            registry.release();
        });
        worker.start();
        leased.get(10, TimeUnit.SECONDS);

        long start = System.nanoTime();
        boolean clean = registry.remove(a.info().serviceId(), Duration.ofMillis(100));

        assertThat(clean).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(a.departed()).as("a request still running must not call it any more").isTrue();
        releaseNow.complete(null);
        worker.join();
    }

    @Test
    void aHandlerNotInTheRunningSnapshotLeavesAtOnce() throws Exception {
        registry.lease();
        HandlerEntry late = entry(new Recording("late", machine), Phase.ADD_EXECUTE, 10);
        Thread other = new Thread(() -> registry.add(late));
        other.start();
        other.join();
        CompletableFuture<Boolean> departure = CompletableFuture.supplyAsync(() -> {
            try {
                return registry.remove(late.info().serviceId(), Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(departure.get(5, TimeUnit.SECONDS)).isTrue();
        registry.release();
    }
}
