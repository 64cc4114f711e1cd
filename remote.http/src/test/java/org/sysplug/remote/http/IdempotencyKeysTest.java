package org.sysplug.remote.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;

/** Which request a key finds: the newest that ran, runs or waits; one that ended without running frees the key. */
class IdempotencyKeysTest {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    private static Outcome outcome(long id, String key, Status status, boolean started) {
        HotplugRequest r = HotplugRequest.of(Operation.OFFLINE, "memory50").parameter(IdempotencyKeys.PARAMETER, key).build();
        boolean ended = status.isTerminal();
        return new Outcome(id, r, status, Optional.empty(), List.of(), List.of(), List.of(), List.of(), T,
                started ? Optional.of(T) : Optional.empty(), ended ? Optional.of(T) : Optional.empty());
    }

    @Test
    void aRequestThatRanOrWaitsKeepsItsKey() {
        assertThat(IdempotencyKeys.find(List.of(outcome(3, "k", Status.SUCCEEDED, true)), "k")).map(Outcome::id).contains(3L);
        assertThat(IdempotencyKeys.find(List.of(outcome(4, "k", Status.FAILED_ROLLED_BACK, true)), "k")).map(Outcome::id).contains(4L);
        assertThat(IdempotencyKeys.find(List.of(outcome(5, "k", Status.QUEUED, false)), "k")).map(Outcome::id).contains(5L);
        assertThat(IdempotencyKeys.find(List.of(outcome(6, "k", Status.CANCELLED, true)), "k"))
                .as("cancelled while it ran: it may have changed something").map(Outcome::id).contains(6L);
    }

    @Test
    void aRequestThatEndedWithoutRunningFreesItsKey() {
        assertThat(IdempotencyKeys.find(List.of(outcome(7, "k", Status.REJECTED, false)), "k")).isEmpty();
        assertThat(IdempotencyKeys.find(List.of(outcome(8, "k", Status.CANCELLED, false)), "k"))
                .as("cancelled while it waited (sysplug stopped with it queued)").isEmpty();
        assertThat(IdempotencyKeys.find(List.of(outcome(9, "k", Status.SUCCEEDED, true), outcome(8, "k", Status.CANCELLED, false)), "k"))
                .map(Outcome::id).contains(9L);
    }
}
