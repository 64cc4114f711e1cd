package org.sysplug.doctor.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Report;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;
import org.sysplug.framework.Target;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.Topology;

/**
 * One examination, without OSGi: reads the machine once, runs every check on that one view (each
 * in a thread of its own, all within one bounded time, so that a check that hangs or throws costs
 * only its own findings), then runs each planned request as a dry run through the queue, where the
 * same validate handlers answer as for {@code sysplug:submit --dry-run}.
 */
public final class Examiner implements AutoCloseable {

    /** The origin of the doctor's dry runs in the request history and the journal. */
    public static final String ORIGIN = "doctor";
    /** The name of the findings the dry runs give. */
    public static final String DRY_RUN = "dry-run";
    /** The name of the finding when the machine cannot be read at all. */
    static final String MACHINE = "machine";

    /** A check and the name it registered with. */
    public record NamedCheck(String name, DoctorCheck check) {
    }

    private final MachineView machine;
    private final RequestQueue queue;
    private final Duration checkTime;
    private final Duration dryRunTime;
    private final BiConsumer<String, Throwable> log;
    private final IntFunction<Optional<String>> nodeContainer;
    private final Clock clock;
    private final ExecutorService threads;

    /**
     * @param checkTime how long the checks may take together; one still running then is stopped and reported
     * @param dryRunTime how long one dry run may take, queueing included
     * @param log where a check's failure goes with its stack trace (never to the operator)
     * @param nodeContainer the firmware path of a node's container, if the firmware has one: what to ask
     *        about instead of {@code nodeN}, since an eject takes a firmware path
     */
    public Examiner(MachineView machine, RequestQueue queue, Duration checkTime, Duration dryRunTime,
            BiConsumer<String, Throwable> log, IntFunction<Optional<String>> nodeContainer, Clock clock) {
        this.machine = machine;
        this.queue = queue;
        this.checkTime = checkTime;
        this.dryRunTime = dryRunTime;
        this.log = log;
        this.nodeContainer = nodeContainer;
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sysplug-doctor-check-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Examines the machine with {@code checks} and tries {@code planned} as dry runs. */
    public Report examine(List<NamedCheck> checks, List<HotplugRequest> planned) {
        Instant at = clock.instant();
        Topology now;
        try {
            now = machine.topology();
        } catch (RuntimeException e) {
            log.accept("cannot read the machine " + machine.describe(), e);
            return new Report(at, List.of(), List.of(new Finding(Severity.ERROR, MACHINE, machine.describe(),
                    "the machine cannot be read, so nothing could be checked",
                    "see the log for the reason; 'sysplug:topology' shows whether the backend answers")));
        }
        Examination examination = new Examination(now, planned);
        List<Finding> findings = new ArrayList<>(runChecks(checks, examination));
        List<String> ran = new ArrayList<>(checks.stream().map(NamedCheck::name).toList());
        if (!planned.isEmpty()) {
            ran.add(DRY_RUN);
        }
        for (HotplugRequest request : planned) {
            findings.add(dryRun(request));
        }
        return new Report(at, ran, findings);
    }

    private List<Finding> runChecks(List<NamedCheck> checks, Examination examination) {
        List<Future<List<Finding>>> running = new ArrayList<>();
        for (NamedCheck c : checks) {
            running.add(threads.submit(() -> c.check().examine(examination)));
        }
        long deadline = System.nanoTime() + checkTime.toNanos();
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            String name = checks.get(i).name();
            Future<List<Finding>> result = running.get(i);
            try {
                List<Finding> found = result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (found != null) {
                    findings.addAll(found);
                }
            } catch (TimeoutException e) {
                result.cancel(true);
                findings.add(new Finding(Severity.ERROR, name, name, "the check did not answer within "
                        + checkTime.toSeconds() + " s and was stopped: its findings are missing from this report",
                        "run the doctor again; if it keeps timing out, stop the bundle that registers check " + name));
            } catch (ExecutionException e) {
                log.accept("doctor check " + name + " failed", e.getCause());
                findings.add(new Finding(Severity.ERROR, name, name,
                        "the check failed (the log has why): its findings are missing from this report",
                        "report it to whoever ships check " + name + "; the other checks ran"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(f -> f.cancel(true));
                findings.add(new Finding(Severity.ERROR, name, name, "the examination was interrupted before "
                        + "this check answered", "run the doctor again"));
                break;
            }
        }
        return findings;
    }

    /** The request as a dry run through the queue: its validate handlers' answer as one finding. */
    Finding dryRun(HotplugRequest planned) {
        HotplugRequest request = new HotplugRequest(planned.operation(), planned.targets(), true, planned.deadline(),
                ORIGIN, planned.parameters());
        String asked = operation(request) + " " + request.targetNames();
        String again = operation(request) + " " + quoted(request);
        Submission submission = queue.submit(request);
        Outcome outcome;
        try {
            outcome = submission.await(dryRunTime);
        } catch (TimeoutException e) {
            queue.cancel(submission.id());
            return new Finding(Severity.ERROR, DRY_RUN, request.targetNames(), asked + ": the dry run (request "
                    + submission.id() + ") did not end within " + dryRunTime.toSeconds() + " s and was cancelled",
                    "'sysplug:status' shows what the queue is busy with; ask again when it is idle");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.cancel(submission.id());
            return new Finding(Severity.ERROR, DRY_RUN, request.targetNames(), asked
                    + ": interrupted while the dry run (request " + submission.id() + ") ran", "ask again");
        }
        if (outcome.succeeded()) {
            return new Finding(Severity.INFO, DRY_RUN, request.targetNames(), asked
                    + " would pass validation: every validate handler agreed (dry run, request " + outcome.id() + ")",
                    "");
        }
        String why = outcome.failure().map(Failure::describe)
                .orElse("it ended " + outcome.status() + " without a reason");
        String subject = outcome.failure().map(Failure::device).filter(d -> !d.isEmpty())
                .orElse(request.targetNames());
        return new Finding(Severity.ERROR, DRY_RUN, subject, asked + " would be refused (dry run, request "
                + outcome.id() + "): " + why, containers(request).orElse("do what the refusal asks, then ask "
                + "again with sysplug:doctor " + again + " or sysplug:submit --dry-run " + again
                + " (the same handlers answer both)"));
    }

    /**
     * For a hot-plug request that names nodes ({@code hot-remove node1}), the question the firmware
     * can answer: the same operation on the containers that are those nodes.
     */
    private Optional<String> containers(HotplugRequest request) {
        if (request.operation().kind() != Kind.HOTPLUG) {
            return Optional.empty();
        }
        StringBuilder paths = new StringBuilder();
        for (Target t : request.targets()) {
            if (t.isFirmwarePath() || !t.deviceClass().equals("node")) {
                return Optional.empty();
            }
            Optional<String> path = nodeContainer.apply(t.index());
            if (path.isEmpty()) {
                return Optional.empty();
            }
            paths.append(paths.length() == 0 ? "" : " ").append('\'').append(path.get()).append('\'');
        }
        return Optional.of("a node comes and goes with the firmware device that holds it: ask about that, "
                + "sysplug:doctor " + operation(request) + " " + paths);
    }

    /** As an operator types it: {@code hot-remove}. */
    static String operation(HotplugRequest request) {
        return request.operation().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The targets as they are typed at the prompt: a firmware path in single quotes, as the shell needs it. */
    static String quoted(HotplugRequest request) {
        StringBuilder sb = new StringBuilder();
        request.targets().forEach(t -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.name().startsWith("\\") ? "'" + t.name() + "'" : t.name());
        });
        return sb.toString();
    }

    /** Stops the check threads. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
