package org.sysplug.tools.utillinux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Submission;
import org.sysplug.shell.RequestWaiter;
import org.sysplug.tools.utillinux.lib.ToolOutput;

/**
 * What chcpu and chmem print for the running machine, where every device they change goes into
 * ONE sysplug request: the lines of the devices decided before the request (already enabled,
 * does not exist...) and those of the devices in the request, which are known only once its
 * outcome is; all in device order on each stream, as util-linux prints them one device at a
 * time. A request is atomic: when it fails, it was rolled back as a whole and every device in it
 * failed.
 */
final class MachineRequest {

    /** One line, on stdout or stderr, or the place of a device the request decides. */
    private record Line(boolean stderr, String text, int pending) {
    }

    private final ToolOutput out;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    MachineRequest(ToolOutput out) {
        this.out = out;
    }

    void println(String text) {
        lines.add(new Line(false, text, -1));
    }

    void warnx(String text) {
        lines.add(new Line(true, text, -1));
    }

    /** A device for the request, at this place in the output. */
    void target(String name) {
        lines.add(new Line(false, null, targets.size()));
        targets.add(name);
    }

    /** How many devices the request holds. */
    int size() {
        return targets.size();
    }

    List<String> targets() {
        return List.copyOf(targets);
    }

    /**
     * Submits the request (if it holds any device), waits for its outcome and prints every line;
     * {@code success} and {@code failure} give a device's line from its place in the request
     * (failure: from the reason as well, as {@code warn} adds strerror).
     *
     * @return how many devices of the request failed: none, or all of them
     */
    int run(RequestWaiter queue, HotplugRequest.Builder builder, IntFunction<String> success,
            IntFunction<String> failure) {
        String reason = null;
        if (!targets.isEmpty()) {
            targets.forEach(builder::target);
            reason = submitAndWait(queue, builder.build());
        }
        for (Line l : lines) {
            if (l.pending() < 0 && l.stderr()) {
                out.warnx(l.text());
            } else if (l.pending() < 0) {
                out.println(l.text());
            } else if (reason == null) {
                String text = success.apply(l.pending());
                if (text != null) {
                    out.println(text);
                }
            } else {
                out.warnx(failure.apply(l.pending()) + ": " + reason);
            }
        }
        return reason == null ? 0 : targets.size();
    }

    /** Null when the request succeeded, else why not, naming the request. */
    private static String submitAndWait(RequestWaiter queue, HotplugRequest request) {
        Submission submission = queue.submit(request);
        Optional<Outcome> outcome = queue.await(submission);
        return outcome.isPresent() ? reason(outcome.get()) : RequestWaiter.stoppedWaiting(submission.id());
    }

    /** The outcome's failure as one line: which device, rule and handler, and what became of the request. */
    static String reason(Outcome outcome) {
        if (outcome.succeeded()) {
            return null;
        }
        String why = outcome.failure().map(f -> f.describe()).orElse("no reason given");
        String what = switch (outcome.status()) {
            case FAILED_ROLLED_BACK -> "rolled back";
            case FAILED_INCONSISTENT -> "failed; " + String.join(" ", outcome.inconsistent())
                    + " may be left in an intermediate state";
            case CANCELLED -> "cancelled";
            case REJECTED -> "rejected";
            default -> outcome.status().name().toLowerCase(java.util.Locale.ROOT);
        };
        return why + " (request " + outcome.id() + " " + what + ")";
    }
}
