package org.sysplug.framework.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.core.LocalRunner.Registration;

/**
 * {@link LocalRunner} with a cancel button: runs a request through the real phase runner and
 * request context, and {@link #cancel()} cancels it as the queue does (an operator's cancel or
 * a deadline), from any thread, also from inside a port call (which cancel interrupts, as in the
 * platform).
 */
public final class CancellableRun {

    private static final AtomicLong IDS = new AtomicLong(1_000_000);

    private final RequestRun run;

    public CancellableRun(HotplugRequest request) {
        this.run = new RequestRun(IDS.incrementAndGet(), request, Instant.now());
    }

    /** Cancels the request, as {@code RequestQueue.cancel} does. */
    public void cancel() {
        run.cancel(new HotplugException(HotplugException.CANCELLED, null, "request cancelled by the test"));
    }

    public Outcome run(List<Registration> handlers) {
        handlers = LocalRunner.withFirmwareExecute(handlers);
        List<HandlerEntry> entries = new ArrayList<>();
        for (Registration r : handlers) {
            entries.add(new HandlerEntry(new HandlerInfo(r.name(), "local", 0, IDS.incrementAndGet(), r.phase(),
                    r.rank(), r.kinds()), r.handler()));
        }
        run.start(Instant.now());
        PhaseRunner.Ending ending = new PhaseRunner((h, a, e) -> e.printStackTrace()).run(run, new HandlerSnapshot(entries));
        return run.finish(ending.status(), ending.failure(), Instant.now());
    }
}
