package org.sysplug.framework.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.Target;
import org.sysplug.framework.TraceEntry;
import org.sysplug.framework.TraceEntry.Action;
import org.sysplug.framework.TraceEntry.Result;

/**
 * Runs one request through its phases against one handler snapshot, with the RFC's rollback
 * rule: when a validate or execute handler fails (or the request is cancelled between calls),
 * walk back from the failed handler, calling rollback on every handler that already applied,
 * newest first, validate handlers included and the failed handler excluded. Commit failures are
 * recorded and the commit phase goes on. A failed rollback is recorded and the walk goes on.
 */
final class PhaseRunner {

    /** Where problems that an operator does not see in the outcome go: the log. */
    interface Diagnostics {
        void handlerError(HandlerEntry handler, Action action, Throwable error);
    }

    /** How a run ended. */
    record Ending(Status status, Failure failure) {
    }

    private final Diagnostics diagnostics;
    private final RequestLog log;

    PhaseRunner(Diagnostics diagnostics) {
        this(diagnostics, RequestLog.NONE);
    }

    PhaseRunner(Diagnostics diagnostics, RequestLog log) {
        this.diagnostics = diagnostics;
        this.log = log;
    }

    Ending run(RequestRun run, HandlerSnapshot snapshot) {
        Operation operation = run.request().operation();
        if (!snapshot.serves(operation)) {
            return new Ending(Status.REJECTED, Failure.ofFramework(new HotplugException(HotplugException.NO_HANDLER,
                    null, "no handler serves " + operation + " requests: install the module that handles "
                            + run.request().targetNames())));
        }
        Deque<CallSite> applied = new ArrayDeque<>();
        run.expectCalls(snapshot.size());
        Failure commitFailure = null;
        for (Phase phase : operation.phases()) {
            if (run.request().dryRun() && phase.step() != Phase.Step.VALIDATE) {
                break;
            }
            for (HandlerEntry handler : snapshot.list(phase, operation)) {
                if (phase.isReversible()) {
                    HotplugException stop = run.cancellation();
                    if (stop == null && handler.departed()) {
                        stop = new HotplugException(HotplugException.HANDLER_GONE, null, "handler " + handler
                                + " went away while the request ran: run the request again");
                    }
                    if (stop != null) {
                        return rollBack(run, applied, Failure.ofFramework(stop),
                                stop == run.cancellation() ? Status.CANCELLED : Status.FAILED_ROLLED_BACK);
                    }
                    Failure failed = call(run, handler, phase, Action.APPLY);
                    if (failed != null) {
                        HotplugException cancelled = run.cancellation();
                        // a call that failed because cancel interrupted it ends as cancelled; its
                        // own error stays in the trace
                        return cancelled != null
                                ? rollBack(run, applied, Failure.ofFramework(cancelled), Status.CANCELLED)
                                : rollBack(run, applied, failed, Status.FAILED_ROLLED_BACK);
                    }
                    applied.push(new CallSite(handler, phase));
                    HotplugException cancelled = run.cancellation();
                    if (cancelled != null) {
                        // cancelled during this call (the deadline, or an operator): it applied, so it
                        // is rolled back with the others; nothing after it runs
                        return rollBack(run, applied, Failure.ofFramework(cancelled), Status.CANCELLED);
                    }
                } else {
                    // commit does what cannot be undone: every commit handler runs, failures are kept
                    if (handler.departed()) {
                        skipped(run, handler, phase, Action.APPLY);
                        commitFailure = commitFailure != null ? commitFailure
                                : failure(handler, phase, new HotplugException(HotplugException.HANDLER_GONE, null,
                                        "commit handler went away before it could run"));
                        continue;
                    }
                    Failure failed = call(run, handler, phase, Action.APPLY);
                    if (failed != null && commitFailure == null) {
                        commitFailure = failed;
                    }
                }
            }
            Phase.Step taking = run.request().dryRun() ? Phase.Step.VALIDATE : Phase.Step.EXECUTE;
            if (phase.step() == taking) {
                // before anything is committed: a target no handler of this phase took was not done,
                // whatever else ran (a module's validate handler without its execute handler does nothing)
                List<Target> untaken = run.unclaimedTargets(taking);
                if (!untaken.isEmpty()) {
                    return rollBack(run, applied, Failure.ofFramework(untaken(run, untaken)), Status.FAILED_ROLLED_BACK);
                }
            }
            log.phaseEnded(run, phase);
        }
        if (commitFailure != null) {
            run.concernedDevices().forEach(run::markInconsistent);
            return new Ending(Status.FAILED_INCONSISTENT, commitFailure);
        }
        return new Ending(Status.SUCCEEDED, null);
    }

    private static HotplugException untaken(RequestRun run, List<Target> untaken) {
        Operation operation = run.request().operation();
        Set<String> classes = new LinkedHashSet<>();
        untaken.forEach(t -> classes.add(t.deviceClass()));
        String names = untaken.stream().map(Target::name).collect(Collectors.joining(" "));
        String what = run.request().dryRun()
                ? "no handler checked " + names + " for " + operation + " in this dry run (the validate phase takes no "
                        + String.join("/", classes) + " target of this operation): run it without --dry-run to have it done"
                : "no handler took " + names + " for " + operation + ": no running module handles "
                        + String.join("/", classes) + " devices in " + operation
                        + " requests, so nothing was done to them; 'sysplug:handlers' lists the running handlers "
                        + "(cpuN, memoryN, nodeN need resource.cpu, resource.memory, resource.node; a firmware path needs firmware.acpi)";
        return new HotplugException(HotplugException.NO_HANDLER, untaken.get(0).name(), what);
    }

    private Ending rollBack(RequestRun run, Deque<CallSite> applied, Failure cause, Status whenClean) {
        run.rollingBack(cause);
        log.rollingBack(run, cause);
        boolean clean = true;
        while (!applied.isEmpty()) {
            CallSite site = applied.pop();
            if (site.handler.departed()) {
                skipped(run, site.handler, site.phase, Action.ROLLBACK);
                run.concernedDevices().forEach(run::markInconsistent);
                clean = false;
                continue;
            }
            Failure failed = call(run, site.handler, site.phase, Action.ROLLBACK);
            if (failed != null) {
                if (failed.device().isEmpty()) {
                    run.concernedDevices().forEach(run::markInconsistent);
                } else {
                    run.markInconsistent(failed.device());
                }
                clean = false;
            }
        }
        // the failing handler's own undo may have left devices behind too (markInconsistent)
        return new Ending(clean && run.inconsistentDevices().isEmpty() ? whenClean : Status.FAILED_INCONSISTENT, cause);
    }

    /** Calls one handler, records the call, and returns its failure or null. */
    private Failure call(RequestRun run, HandlerEntry handler, Phase phase, Action action) {
        run.enter(handler, phase, action);
        log.entering(run, handler, phase, action);
        long start = System.nanoTime();
        HotplugException error = null;
        try {
            if (action == Action.APPLY) {
                handler.handler().apply(run);
            } else {
                handler.handler().rollback(run);
            }
        } catch (HotplugException e) {
            error = e;
        } catch (Exception | Error e) {
            // a bug in the handler, or an Error it raised (a class gone with its updated bundle, a
            // stack overflow): the request fails and the worker goes on to the next one; the
            // operator gets one line, the log gets the stack trace
            diagnostics.handlerError(handler, action, e);
            error = new HotplugException(HotplugException.HANDLER_ERROR, null,
                    "the handler failed unexpectedly, a defect in it rather than a refusal"
                            + (e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")")
                            + ": the log has the details; report it to the handler's authors", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (action == Action.ROLLBACK || (error != null && phase.isReversible())) {
            // rolled back, or failed and left nothing behind (a failing handler undoes itself): its
            // changes no longer stand and are never announced
            run.undone(handler);
        }
        List<String> notes = run.leave();
        TraceEntry entry = new TraceEntry(handler.info().name(), handler.info().bundle(), phase, handler.info().rank(),
                action, took, error == null ? Result.OK : Result.FAILED, error == null ? "" : error.describe(), notes);
        run.record(entry);
        log.called(run, entry);
        return error == null ? null : failure(handler, phase, error);
    }

    private void skipped(RequestRun run, HandlerEntry handler, Phase phase, Action action) {
        TraceEntry entry = new TraceEntry(handler.info().name(), handler.info().bundle(), phase, handler.info().rank(),
                action, Duration.ZERO, Result.SKIPPED, "handler went away before it could be called", List.of());
        run.record(entry);
        log.called(run, entry);
    }

    private static Failure failure(HandlerEntry handler, Phase phase, HotplugException e) {
        return new Failure(handler.info().name(), handler.info().bundle(), Optional.of(phase), handler.info().rank(),
                e.code(), e.device() == null ? "" : e.device(), e.getMessage());
    }

    private record CallSite(HandlerEntry handler, Phase phase) {
    }
}
