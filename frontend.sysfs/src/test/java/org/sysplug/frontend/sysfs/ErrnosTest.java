package org.sysplug.frontend.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;

/** A request's outcome as the errno the writer gets. */
class ErrnosTest {

    private static Outcome outcome(Status status, String code) {
        Optional<Failure> failure = code == null ? Optional.empty()
                : Optional.of(new Failure("h", "b", Optional.empty(), 0, code, "cpu3", "why"));
        return new Outcome(1, HotplugRequest.of(Operation.ONLINE, "cpu3").build(), status, failure, List.of(), List.of(),
                List.of(), List.of(), Instant.EPOCH, Optional.empty(), Optional.empty());
    }

    @Test
    void theKernelsErrnosAreThemselvesAndTheFrameworksHaveTheNearestKernelWord() {
        assertThat(Errnos.of(outcome(Status.SUCCEEDED, null))).isZero();
        assertThat(Errnos.of(outcome(Status.FAILED_ROLLED_BACK, "EBUSY"))).isEqualTo(16);
        assertThat(Errnos.of(outcome(Status.FAILED_ROLLED_BACK, "EINVAL"))).isEqualTo(22);
        assertThat(Errnos.of(outcome(Status.FAILED_ROLLED_BACK, "EPERM"))).isEqualTo(1);
        assertThat(Errnos.of(outcome(Status.FAILED_INCONSISTENT, "EIO"))).isEqualTo(5);
        assertThat(Errnos.of(outcome(Status.FAILED_ROLLED_BACK, "NO_HANDLER"))).isEqualTo(Errnos.ENODEV);
        assertThat(Errnos.of(outcome(Status.FAILED_ROLLED_BACK, "TIMEOUT"))).isEqualTo(Errnos.ETIMEDOUT);
        assertThat(Errnos.of(outcome(Status.REJECTED, "QUEUE_FULL"))).isEqualTo(Errnos.EAGAIN);
        assertThat(Errnos.of(outcome(Status.REJECTED, "STUCK"))).isEqualTo(Errnos.EBUSY);
        assertThat(Errnos.of(outcome(Status.FAILED_ROLLED_BACK, "SOMETHING_NEW"))).isEqualTo(Errnos.EIO);
        assertThat(Errnos.of(outcome(Status.CANCELLED, null))).as("a failed request without a failure is still a failure")
                .isEqualTo(Errnos.EIO);
    }

    @Test
    void anInjectedErrnoTheSimulatorDoesNotKnowFailsAsEio() {
        assertThat(Errnos.portErrno(16)).isEqualTo(org.sysplug.platform.Errno.EBUSY);
        assertThat(Errnos.portErrno(12)).isEqualTo(org.sysplug.platform.Errno.EIO);
    }
}
