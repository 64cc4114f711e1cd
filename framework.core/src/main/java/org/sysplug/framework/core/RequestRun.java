package org.sysplug.framework.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.sysplug.framework.Device;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Progress;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Resource;
import org.sysplug.framework.Status;
import org.sysplug.framework.Target;
import org.sysplug.framework.TraceEntry;

/**
 * One request from submission to outcome: the context its handlers see, its trace, and its
 * future. The worker thread writes it; any thread may read a consistent {@link #outcome()} or
 * cancel it, so state is guarded by this object's monitor.
 */
final class RequestRun implements RequestContext {

    private final long id;
    private final HotplugRequest request;
    private final Instant submitted;
    private final CompletableFuture<Outcome> future = new CompletableFuture<>();

    private final ArrayList<TraceEntry> trace = new ArrayList<>();
    private final List<String> inconsistent = new ArrayList<>();
    /**
     * The targets taken by validate handlers (what a dry run needs) and by execute handlers (what
     * counts): claims made on the thread running the request go into these without a lock (that
     * thread alone reads and writes them); claims from any other thread a handler uses go into the
     * sets beside them, under the lock.
     */
    private TargetClaims claimedInValidate;
    private TargetClaims claimedInExecute;
    private Set<Target> claimedOffRunnerInValidate;
    private Set<Target> claimedOffRunnerInExecute;
    /**
     * The thread calling the handlers, set as each call begins. Read without the lock by
     * {@link #claim}: a thread can only ever see itself here if it wrote itself here.
     */
    private Thread runner;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final List<Resource> resources = new ArrayList<>();
    /** Each handler's memo, made on its first use (most handlers keep none). */
    private Map<HandlerEntry, Map<String, Object>> memos;
    private final List<Runnable> cancelActions = new ArrayList<>();
    /** The device changes reported, each with the handler that made it, in the order made. */
    private final List<Change> changes = new ArrayList<>();

    private Failure rollbackCause;
    private Status status = Status.QUEUED;
    private Failure failure;
    private Instant started;
    private Instant finished;
    /** Why it was cancelled, null while it is not; written under the lock, read without it between calls. */
    private volatile HotplugException cancellation;

    /** When (System.nanoTime) someone last asked to stop this request: cancel, deadline, timeout; 0 never. */
    private long stopAskedAt;

    /** The thread inside a handler's apply, which cancel interrupts; null between calls. */
    private Thread interruptible;

    /** The call in progress: set by the runner around each handler call (worker thread only). */
    private HandlerEntry currentHandler;
    private Phase currentPhase;
    private long currentSince;
    private TraceEntry.Action currentAction;
    /** The notes of the call in progress; null until it leaves one (most calls leave none). */
    private List<String> currentNotes;
    /** The devices the call in progress reports done, of how many (0: it does not count). */
    private int currentDone;
    private int currentTotal;

    RequestRun(long id, HotplugRequest request, Instant submitted) {
        this.id = id;
        this.request = request;
        this.submitted = submitted;
    }

    // --- RequestContext, as handlers see it -------------------------------------------------

    @Override
    public long id() {
        return id;
    }

    @Override
    public HotplugRequest request() {
        return request;
    }

    @Override
    public synchronized Phase phase() {
        return currentPhase;
    }

    @Override
    public synchronized List<Device> devices() {
        return List.copyOf(devices.values());
    }

    @Override
    public synchronized void addDevice(Device device) {
        devices.put(device.name(), device);
    }

    @Override
    public synchronized boolean removeDevice(String name) {
        return devices.remove(name) != null;
    }

    @Override
    public synchronized List<Resource> resources() {
        return List.copyOf(resources);
    }

    @Override
    public synchronized <R extends Resource> List<R> resources(Class<R> type) {
        List<R> found = new ArrayList<>();
        for (Resource r : resources) {
            if (type.isInstance(r)) {
                found.add(type.cast(r));
            }
        }
        return found;
    }

    @Override
    public synchronized void addResource(Resource resource) {
        if (!resources.contains(resource)) {
            resources.add(resource);
        }
    }

    @Override
    public synchronized boolean removeResource(Resource resource) {
        return resources.remove(resource);
    }

    @Override
    public synchronized Map<String, Object> memo() {
        if (currentHandler == null) {
            throw new IllegalStateException("memo() is for handlers, during their call");
        }
        if (memos == null) {
            memos = new IdentityHashMap<>();
        }
        return memos.computeIfAbsent(currentHandler, h -> new HashMap<>());
    }

    @Override
    public synchronized Optional<Failure> rollbackCause() {
        return Optional.ofNullable(rollbackCause);
    }

    /** The runner starts walking back because of {@code cause}. */
    synchronized void rollingBack(Failure cause) {
        rollbackCause = cause;
    }

    @Override
    public boolean isCancelled() {
        return cancellation != null;
    }

    @Override
    public void checkCancelled() throws HotplugException {
        HotplugException reason = cancellation();
        if (reason != null) {
            throw new HotplugException(reason.code(), reason.device(), reason.getMessage());
        }
    }

    @Override
    public void onCancel(Runnable action) {
        boolean runNow;
        synchronized (this) {
            runNow = cancellation != null;
            if (!runNow) {
                cancelActions.add(action);
            }
        }
        if (runNow) {
            action.run();
        }
    }

    @Override
    public synchronized void note(String text) {
        if (currentNotes == null) {
            currentNotes = new ArrayList<>();
        }
        currentNotes.add(text);
    }

    @Override
    public synchronized void progress(int done, int total) {
        if (currentHandler != null) {
            currentDone = Math.max(0, done);
            currentTotal = Math.max(0, total);
        }
    }

    @Override
    public synchronized void changed(DeviceChange change) {
        if (currentHandler != null) {
            changes.add(new Change(currentHandler, change));
        }
    }

    /** A device change and the handler whose call made it. */
    private record Change(HandlerEntry handler, DeviceChange change) {
    }

    // --- the runner's side ------------------------------------------------------------------

    HotplugException cancellation() {
        return cancellation;
    }

    /**
     * Cancels the request for {@code reason}; the first reason wins. Runs the handlers'
     * cancel actions on the calling thread. Returns false if it had ended already.
     */
    boolean cancel(HotplugException reason) {
        List<Runnable> actions;
        synchronized (this) {
            if (status.isTerminal()) {
                return false;
            }
            stopAskedAt = System.nanoTime();
            if (currentPhase != null && !currentPhase.isReversible()) {
                // a commit does what cannot be undone, and every commit handler runs: it cannot be
                // stopped; the ask is remembered, so that a commit that never returns counts as stuck
                return false;
            }
            if (cancellation != null) {
                return true;
            }
            cancellation = reason;
            actions = List.copyOf(cancelActions);
            cancelActions.clear();
            if (interruptible != null) {
                // like a signal to a process blocked in a sysfs write: a port call that waits
                // (offlining memory, an injected hang) ends with an error and the request rolls back
                interruptible.interrupt();
            }
        }
        for (Runnable action : actions) {
            action.run();
        }
        return true;
    }

    synchronized void start(Instant when) {
        status = Status.RUNNING;
        started = when;
    }

    /**
     * Sets the call in progress before a handler call. An apply may be interrupted by cancel; a
     * rollback never is.
     */
    synchronized void enter(HandlerEntry handler, Phase phase, TraceEntry.Action action) {
        boolean interruptibleCall = action == TraceEntry.Action.APPLY && phase.isReversible();
        currentAction = action;
        currentHandler = handler;
        currentPhase = phase;
        currentSince = System.nanoTime();
        currentNotes = null;
        currentDone = 0;
        currentTotal = 0;
        runner = Thread.currentThread();
        interruptible = interruptibleCall ? runner : null;
    }

    /** Clears the call in progress and returns the notes it left. */
    List<String> leave() {
        List<String> notes;
        synchronized (this) {
            currentHandler = null;
            interruptible = null;
            notes = currentNotes == null ? List.of() : currentNotes;
            currentNotes = null;
        }
        // no cancel can interrupt this thread any more; clear an interrupt that came during the
        // call so that it does not hit the next one (or the queue's own waits)
        Thread.interrupted();
        return notes;
    }

    /** Makes room in the trace for {@code calls} entries at once, rather than growing it call by call. */
    synchronized void expectCalls(int calls) {
        trace.ensureCapacity(calls);
    }

    synchronized void record(TraceEntry entry) {
        trace.add(entry);
    }

    synchronized List<String> inconsistentDevices() {
        return List.copyOf(inconsistent);
    }

    @Override
    public synchronized void markInconsistent(String device) {
        if (!inconsistent.contains(device)) {
            inconsistent.add(device);
        }
    }

    @Override
    public void claim(Target target) {
        if (Thread.currentThread() == runner) {
            // the thread that sets the phase reads it without the lock, and it alone touches these claims
            Phase.Step step = currentPhase == null ? null : currentPhase.step();
            // a commit is too late to take a target: the check ran before it
            if (step == Phase.Step.VALIDATE || step == Phase.Step.EXECUTE) {
                claimsOf(step).claim(target);
            }
            return;
        }
        synchronized (this) {
            if (currentPhase == null) {
                return;
            }
            switch (currentPhase.step()) {
                case VALIDATE -> claimedOffRunnerInValidate = addTo(claimedOffRunnerInValidate, target);
                case EXECUTE -> claimedOffRunnerInExecute = addTo(claimedOffRunnerInExecute, target);
                default -> {
                    // a commit is too late to take a target: the check ran before it
                }
            }
        }
    }

    private static Set<Target> addTo(Set<Target> claimed, Target target) {
        Set<Target> set = claimed == null ? new HashSet<>() : claimed;
        set.add(target);
        return set;
    }

    /** The claims made on the runner's thread in {@code step}: called on that thread only. */
    private TargetClaims claimsOf(Phase.Step step) {
        if (step == Phase.Step.VALIDATE) {
            if (claimedInValidate == null) {
                claimedInValidate = new TargetClaims(request.targets());
            }
            return claimedInValidate;
        }
        if (claimedInExecute == null) {
            claimedInExecute = new TargetClaims(request.targets());
        }
        return claimedInExecute;
    }

    /**
     * The request's targets that no handler of {@code step} has taken, each once, in the order
     * given. Called by the runner's thread, between handler calls.
     */
    List<Target> unclaimedTargets(Phase.Step step) {
        Set<Target> offRunner;
        synchronized (this) {
            offRunner = step == Phase.Step.VALIDATE ? claimedOffRunnerInValidate : claimedOffRunnerInExecute;
            offRunner = offRunner == null ? Set.of() : Set.copyOf(offRunner);
        }
        return claimsOf(step).untaken(offRunner);
    }

    /** Every device the request concerns: its targets, then what handlers recorded. */
    synchronized List<String> concernedDevices() {
        List<String> names = new ArrayList<>();
        request.targets().forEach(t -> names.add(t.name()));
        for (String d : devices.keySet()) {
            if (!names.contains(d)) {
                names.add(d);
            }
        }
        return names;
    }

    /** Ends the request and returns its outcome; the queue completes the future once it is recorded. */
    synchronized Outcome finish(Status end, Failure why, Instant when) {
        status = end;
        failure = why;
        finished = when;
        cancelActions.clear();
        return outcome();
    }

    /** True once the request is in its commit phase: it can no longer be cancelled. */
    synchronized boolean committing() {
        return currentPhase != null && !currentPhase.isReversible();
    }

    /**
     * The call in progress when it has ignored being stopped for longer than {@code after}: asked
     * to stop during this very call (a later rollback call is new work, not a stuck one).
     */
    synchronized Optional<String> stuck(Duration after) {
        if (currentHandler == null || stopAskedAt == 0 || stopAskedAt < currentSince) {
            return Optional.empty();
        }
        long ignored = System.nanoTime() - stopAskedAt;
        if (ignored < after.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT, "request %d has been in %s (%s, %s %d) of %s for %.0f s "
                + "and has ignored being stopped for %.0f s", id, currentHandler.info().name(),
                currentAction.name().toLowerCase(java.util.Locale.ROOT), currentPhase, currentHandler.info().rank(),
                currentHandler.info().bundle(), (System.nanoTime() - currentSince) / 1e9, ignored / 1e9));
    }

    /** The call in progress when it has run longer than {@code limit} and nobody asked it to stop yet. */
    synchronized Optional<String> overran(Duration limit) {
        if (currentHandler == null || (stopAskedAt != 0 && stopAskedAt >= currentSince)
                || System.nanoTime() - currentSince < limit.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(currentHandler.info().name() + " (" + currentAction.name().toLowerCase(java.util.Locale.ROOT)
                + ", " + currentPhase + " " + currentHandler.info().rank() + ") ran past the handler timeout of "
                + (limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms"));
    }

    /**
     * Forgets the changes {@code handler} reported: it undid them, by its rollback or because its
     * own apply failed part-way.
     */
    synchronized void undone(HandlerEntry handler) {
        changes.removeIf(c -> c.handler() == handler);
    }

    /** The device changes that stand, in the order they were made. */
    synchronized List<DeviceChange> standingChanges() {
        if (changes.isEmpty()) {
            return List.of();
        }
        return changes.stream().map(Change::change).toList();
    }

    /** The call in progress and its device counts, for an operator watching a slow request. */
    synchronized Optional<Progress> progress() {
        if (currentHandler == null) {
            return Optional.empty();
        }
        int done = currentTotal > 0 ? Math.min(currentDone, currentTotal) : currentDone;
        return Optional.of(new Progress(currentPhase, currentHandler.info().name(), done, currentTotal));
    }

    /** The handler call in progress, for an operator watching a slow request. */
    synchronized Optional<String> activeCall() {
        if (currentHandler == null) {
            return Optional.empty();
        }
        double seconds = (System.nanoTime() - currentSince) / 1e9;
        return Optional.of(String.format(java.util.Locale.ROOT, "%s %s (%s %d) for %.3f s",
                currentHandler.info().name(), currentAction.name().toLowerCase(java.util.Locale.ROOT), currentPhase,
                currentHandler.info().rank(), seconds));
    }

    synchronized Status status() {
        return status;
    }

    CompletableFuture<Outcome> future() {
        return future;
    }

    /** The outcome, or the state so far. */
    synchronized Outcome outcome() {
        return new Outcome(id, request, status, Optional.ofNullable(failure), trace, inconsistent,
                List.copyOf(devices.values()), resources, submitted, Optional.ofNullable(started),
                Optional.ofNullable(finished));
    }
}
