package org.sysplug.framework;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A submitted request: its id, at once, and its outcome when it ends.
 *
 * @param id the id to cancel or look it up with
 * @param outcome completes with the outcome (a rejected request's completes at once)
 */
public record Submission(long id, CompletionStage<Outcome> outcome) {

    /**
     * Waits for the outcome.
     *
     * @throws TimeoutException if the request has not ended within {@code timeout}
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public Outcome await(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return outcome.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // the queue always completes normally; an exception here is a framework bug
            throw new IllegalStateException("request " + id + " ended without an outcome", e.getCause());
        }
    }
}
