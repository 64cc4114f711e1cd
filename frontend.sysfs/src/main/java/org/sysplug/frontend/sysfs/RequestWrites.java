package org.sysplug.frontend.sysfs;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import org.osgi.service.log.Logger;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;

/**
 * A write to the tree as ONE request through the queue, origin {@code sysfs}, the file written kept
 * as its {@code sysfs.file} parameter; the writer waits for the outcome, as the kernel's
 * {@code device_online()} returns only once the device is online, and a failure becomes the errno
 * the kernel would give (see {@link Errnos}). The failure's words go to the log: the writer, like a
 * kernel's, sees only the errno.
 */
final class RequestWrites implements MachineTree.Writes {

    /** The request's origin, as {@code sysplug:requests} shows it. */
    static final String ORIGIN = "sysfs";
    /** The parameter that names the attribute written. */
    static final String FILE = "sysfs.file";

    private final Supplier<RequestQueue> queue;
    private final Logger log;

    RequestWrites(Supplier<RequestQueue> queue, Logger log) {
        this.queue = queue;
        this.log = log;
    }

    @Override
    public void request(Operation operation, String target, Map<String, String> parameters, String file)
            throws SysfsError {
        HotplugRequest.Builder builder = HotplugRequest.of(operation, target).origin(ORIGIN).parameter(FILE, file);
        parameters.forEach(builder::parameter);
        RequestQueue q = queue.get();
        if (q == null) {
            throw new SysfsError(Errnos.EAGAIN, file + ": the request queue is not running");
        }
        Submission submission = q.submit(builder.build());
        Outcome outcome;
        try {
            outcome = submission.outcome().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SysfsError(Errnos.EINTR, file + ": stopped waiting for request " + submission.id());
        } catch (ExecutionException e) {
            throw new SysfsError(Errnos.EIO, file + ": request " + submission.id() + " ended without an outcome: "
                    + e.getCause());
        }
        int errno = Errnos.of(outcome);
        if (errno != 0) {
            String why = outcome.failure().map(f -> f.describe()).orElse(outcome.status().name());
            log.info("{}: request {} {} {} failed: {} (errno {})", file, outcome.id(), operation, target, why, errno);
            throw new SysfsError(errno, file + ": request " + outcome.id() + ": " + why);
        }
    }
}
