package org.sysplug.framework.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;

/**
 * The request queue without OSGi: a bounded queue, one worker thread running one request at a
 * time through a {@link PhaseRunner}, cancellation, deadlines and a bounded history. The DS
 * component {@link RequestQueueService} wraps it; tests and benchmarks use it directly.
 */
final class SerialQueue {

    /**
     * Told about every request's life. {@code queued} is called under the queue's lock (so it
     * precedes {@code started}): implementations hand the news on and return at once.
     */
    interface Listener {
        default void queued(Outcome state) {
        }

        default void started(Outcome state) {
        }

        default void finished(Outcome outcome) {
        }

        /**
         * The device changes of an ended request that stand (none that a rollback undid), in the
         * order made; called before {@link #finished}.
         */
        default void devicesChanged(long id, List<DeviceChange> changes) {
        }

        /** The runner itself failed on request {@code id}: a defect of the framework's, for the log. */
        default void frameworkFailed(long id, Throwable error) {
        }
    }

    private final HandlerRegistry registry;
    private final PhaseRunner runner;
    private final Listener listener;
    private final RequestLog log;
    private final Clock clock;
    // settings an operator may change while requests run (ConfigAdmin); read under the lock
    private int capacity;
    private int historySize;
    private Duration defaultDeadline;
    /** How long one handler call may run (null: no limit), and how long it may ignore being stopped. */
    private Duration handlerTimeout;
    private Duration stuckAfter = DEFAULT_STUCK_AFTER;

    private final Object lock = new Object();
    private final Deque<RequestRun> waiting = new ArrayDeque<>();
    /** Ended requests, newest first; they no longer change, so their outcomes are kept, not their runs. */
    private final Deque<Outcome> history = new ArrayDeque<>();
    private RequestRun running;
    private long lastId;
    private boolean stopping;

    private final Thread worker;
    private final ScheduledExecutorService timer;

    SerialQueue(HandlerRegistry registry, PhaseRunner runner, Listener listener, Clock clock, int capacity,
            int historySize, Duration defaultDeadline) {
        this(registry, runner, listener, RequestLog.NONE, Journal.Recovery.EMPTY, clock, capacity, historySize,
                defaultDeadline);
    }

    /**
     * A queue that tells {@code log} every request's life and starts from what a journal
     * recovered: its history, and ids that go on after the last one it gave.
     */
    SerialQueue(HandlerRegistry registry, PhaseRunner runner, Listener listener, RequestLog log,
            Journal.Recovery recovered, Clock clock, int capacity, int historySize, Duration defaultDeadline) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
        }
        this.registry = registry;
        this.runner = runner;
        this.listener = listener;
        this.log = log;
        this.clock = clock;
        this.capacity = capacity;
        this.historySize = Math.max(1, historySize);
        this.defaultDeadline = defaultDeadline;
        this.lastId = recovered.lastId();
        recovered.history().stream().limit(this.historySize).forEach(history::addLast);
        this.worker = new Thread(this::work, "sysplug-request-worker");
        this.worker.setDaemon(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sysplug-request-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        worker.start();
        timer.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Sets the handler timeout (null or zero: none) and how long a call may ignore being stopped
     * before the queue is stuck. Applies to the call in progress too.
     */
    void watchdog(Duration newHandlerTimeout, Duration newStuckAfter) {
        synchronized (lock) {
            handlerTimeout = newHandlerTimeout == null || newHandlerTimeout.isZero() ? null : newHandlerTimeout;
            stuckAfter = newStuckAfter;
        }
    }

    /** Stops a handler call that ran past the handler timeout, as a deadline stops a request. */
    private void watch() {
        RequestRun run;
        Duration limit;
        synchronized (lock) {
            run = running;
            limit = handlerTimeout;
        }
        if (run == null || limit == null) {
            return;
        }
        run.overran(limit).ifPresent(what -> run.cancel(new HotplugException(HotplugException.TIMEOUT, null,
                what + ": it was interrupted and request " + run.id() + " rolled back; raise the queue's "
                        + "handler.timeout.ms if the call needs longer, or find why it hangs")));
    }

    /**
     * Applies new settings in place: no request is disturbed, ids go on. A smaller capacity
     * rejects new requests until the queue has drained below it; a smaller history forgets
     * the oldest requests now.
     */
    void reconfigure(int newCapacity, int newHistorySize, Duration newDefaultDeadline) {
        if (newCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + newCapacity);
        }
        synchronized (lock) {
            capacity = newCapacity;
            historySize = Math.max(1, newHistorySize);
            defaultDeadline = newDefaultDeadline;
            while (history.size() > historySize) {
                history.removeLast();
            }
        }
    }

    Submission submit(HotplugRequest request) {
        RequestRun run;
        boolean full;
        int limit;
        Optional<String> stuck;
        synchronized (lock) {
            run = new RequestRun(++lastId, request, clock.instant());
            limit = capacity;
            stuck = running == null ? Optional.empty() : running.stuck(stuckAfter);
            full = stopping || waiting.size() >= limit || stuck.isPresent();
            log.queued(run);
            if (!full) {
                // announced before the worker can see it, so QUEUED always precedes STARTED;
                // listeners only hand events on (EventAdmin.postEvent is asynchronous)
                listener.queued(run.outcome());
                waiting.addLast(run);
                lock.notifyAll();
            }
        }
        if (full) {
            HotplugException why = stopping
                    ? new HotplugException(HotplugException.QUEUE_FULL, null,
                            "the request queue is stopping: submit again once sysplug runs")
                    : stuck.isPresent()
                    ? new HotplugException(HotplugException.STUCK, null, "the request queue is stuck: " + stuck.get()
                            + "; nothing else can run until that call returns: stop or update its bundle "
                            + "('sysplug:status' shows the call), or restart sysplug")
                    : new HotplugException(HotplugException.QUEUE_FULL, null, "the request queue is full ("
                            + limit + " waiting): wait for queued requests to finish or cancel some, then submit again");
            finish(run, Status.REJECTED, Failure.ofFramework(why));
        }
        return new Submission(run.id(), run.future().minimalCompletionStage());
    }

    boolean cancel(long id) {
        return cancel(id, "");
    }

    /** Cancels, the failure naming who asked ({@code by}, one line; blank: an operator). */
    boolean cancel(long id, String by) {
        RequestRun queued = null;
        RequestRun active = null;
        synchronized (lock) {
            for (Iterator<RequestRun> it = waiting.iterator(); it.hasNext();) {
                RequestRun r = it.next();
                if (r.id() == id) {
                    it.remove();
                    queued = r;
                    break;
                }
            }
            if (queued == null && running != null && running.id() == id) {
                active = running;
            }
        }
        HotplugException why = new HotplugException(HotplugException.CANCELLED, null,
                "request " + id + " was cancelled by " + canceller(by));
        if (queued != null) {
            queued.cancel(why);
            finish(queued, Status.CANCELLED, Failure.ofFramework(why));
            return true;
        }
        return active != null && active.cancel(why);
    }

    /** Who cancelled, as the failure says it: one line, never empty, never a journal-breaking length. */
    private static String canceller(String by) {
        if (by == null || by.isBlank()) {
            return "an operator";
        }
        String line = by.strip().replaceAll("\\p{Cntrl}+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    QueueStatus status() {
        synchronized (lock) {
            List<Long> ids = new ArrayList<>();
            waiting.forEach(r -> ids.add(r.id()));
            Optional<String> call = Optional.ofNullable(running).flatMap(RequestRun::activeCall);
            Optional<String> stuck = Optional.ofNullable(running).flatMap(r -> r.stuck(stuckAfter));
            if (stuck.isPresent()) {
                call = Optional.of(call.orElse("") + " — STUCK: " + stuck.get() + "; new requests are refused");
            }
            return new QueueStatus(capacity, ids, Optional.ofNullable(running).map(RequestRun::outcome),
                    registry.snapshot().size(), call, Optional.ofNullable(running).flatMap(RequestRun::progress));
        }
    }

    Optional<Outcome> find(long id) {
        for (Outcome o : recent()) {
            if (o.id() == id) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    List<Outcome> recent() {
        List<RequestRun> runs = new ArrayList<>();
        synchronized (lock) {
            waiting.descendingIterator().forEachRemaining(runs::add);
            if (running != null) {
                runs.add(running);
            }
            List<Outcome> outcomes = new ArrayList<>(runs.size() + history.size());
            runs.forEach(r -> outcomes.add(r.outcome()));
            outcomes.addAll(history);
            return outcomes;
        }
    }

    /**
     * Stops taking requests, cancels the waiting ones, cancels the running one and waits up to
     * {@code maxWait} for it to roll back.
     */
    void stop(Duration maxWait) throws InterruptedException {
        List<RequestRun> dropped;
        RequestRun active;
        synchronized (lock) {
            stopping = true;
            dropped = new ArrayList<>(waiting);
            waiting.clear();
            active = running;
            lock.notifyAll();
        }
        HotplugException why = new HotplugException(HotplugException.CANCELLED, null,
                "sysplug is stopping: the request was cancelled; submit it again once sysplug runs");
        for (RequestRun r : dropped) {
            r.cancel(why);
            finish(r, Status.CANCELLED, Failure.ofFramework(why));
        }
        if (active != null) {
            active.cancel(why);
        }
        worker.join(maxWait.toMillis());
        timer.shutdownNow();
    }

    private void work() {
        while (true) {
            RequestRun run;
            synchronized (lock) {
                while (waiting.isEmpty() && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopping) {
                    return;
                }
                run = waiting.removeFirst();
                running = run;
            }
            try {
                execute(run);
            } catch (RuntimeException | Error e) {
                // the runner itself failed (a bug of the framework's): the request ends and the
                // worker lives on, or every later request would wait for ever; what it had done
                // is not known, so it is reported as possibly half-applied, never as rolled back
                listener.frameworkFailed(run.id(), e);
                if (!run.status().isTerminal()) {
                    finish(run, Status.FAILED_INCONSISTENT, Failure.ofFramework(new HotplugException(HotplugException.EIO,
                            null, "the framework failed while running the request, a defect of sysplug's (the log has "
                                    + "the details): its devices may be left half-done, check them ('sysplug:topology'); "
                                    + "the queue goes on",
                            e)));
                }
            }
        }
    }

    private void execute(RequestRun run) {
        run.start(clock.instant());
        log.started(run);
        listener.started(run.outcome());
        Duration fallback;
        synchronized (lock) {
            fallback = defaultDeadline;
        }
        Duration limit = run.request().deadline().orElse(fallback);
        ScheduledFuture<?> deadline = null;
        if (limit != null && limit.compareTo(NO_DEADLINE_BEYOND) < 0) { // longer than a century: none, not an overflow
            deadline = timer.schedule(() -> run.cancel(new HotplugException(HotplugException.DEADLINE, null,
                    "request " + run.id() + " ran past its deadline of " + format(limit)
                            + ": it was stopped and rolled back; give it a longer deadline or find the slow handler in its trace")),
                    limit.toNanos(), TimeUnit.NANOSECONDS);
        }
        PhaseRunner.Ending ending;
        HandlerSnapshot snapshot = registry.lease();
        try {
            ending = runner.run(run, snapshot);
        } finally {
            registry.release();
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
        finish(run, ending.status(), ending.failure());
    }

    private void finish(RequestRun run, Status status, Failure failure) {
        Outcome outcome;
        synchronized (lock) {
            // one step for readers: never a "running" request whose outcome says it ended
            outcome = run.finish(status, failure, clock.instant());
            if (running == run) {
                running = null;
            }
            history.addFirst(outcome);
            while (history.size() > historySize) {
                history.removeLast();
            }
        }
        // on the record before anyone hears of it
        log.finished(outcome);
        run.future().complete(outcome);
        List<DeviceChange> changes = run.standingChanges();
        if (!changes.isEmpty()) {
            listener.devicesChanged(outcome.id(), changes);
        }
        listener.finished(outcome);
    }

    /**
     * A deadline this long or longer is no deadline: a duration's nanoseconds overflow a long after
     * 292 years, and no request waits that long.
     */
    static final Duration NO_DEADLINE_BEYOND = Duration.ofDays(36_500);

    static final Duration DEFAULT_STUCK_AFTER = Duration.ofSeconds(10);
    /** How often the watchdog looks at the call in progress. */
    private static final long WATCH_MILLIS = 50;

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
