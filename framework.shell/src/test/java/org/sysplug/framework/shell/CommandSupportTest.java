package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.RecordingQueue;

/** What {@code --async} reports: the id of a queued request, the refusal of a rejected one. */
class CommandSupportTest {

    private final RecordingQueue queue = new RecordingQueue();
    private final HotplugRequest offline = HotplugRequest.of(Operation.OFFLINE, "cpu5").build();

    @Test
    void aQueuedRequestAnswersWithItsIdAndExitsZero() {
        CommandSupport.Reply reply = CommandSupport.queuedReply(queue.submit(offline), false);

        assertThat(reply.status()).isZero();
        assertThat(reply.shown()).isEqualTo(new Views.Message("request 1 queued"));
    }

    @Test
    void aRequestTheFullQueueRejectedIsShownRejectedAndExitsOne() {
        // a -f script of 101 async submits behind a hung request printed 101 ids and exited 0,
        // though 36 had been rejected with QUEUE_FULL
        queue.answer = r -> new Outcome(1, r, Status.REJECTED, Optional.of(Failure.ofFramework(new HotplugException(
                HotplugException.QUEUE_FULL, null, "the queue is full (64 requests): try again once some have run"))),
                List.of(), List.of(), List.of(), List.of(), Instant.now(), Optional.empty(), Optional.of(Instant.now()));

        CommandSupport.Reply text = CommandSupport.queuedReply(queue.submit(offline), false);
        CommandSupport.Reply json = CommandSupport.queuedReply(queue.submit(offline), true);

        assertThat(text.status()).isEqualTo(1);
        assertThat(text.shown()).isInstanceOfSatisfying(Views.RequestDetail.class,
                d -> assertThat(Render.text(d)).contains("REJECTED").contains("the queue is full"));
        assertThat(json.status()).isEqualTo(1);
        assertThat(json.shown()).isInstanceOfSatisfying(Json.class,
                j -> assertThat(j.text()).contains("\"status\":\"REJECTED\"").contains("QUEUE_FULL"));
    }
}
