package org.sysplug.framework.core;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;

/**
 * For the modules' unit tests (framework.core's test jar): runs a request through the real
 * phase runner and the real request context, without OSGi and without a queue. The handlers
 * under test get exactly what they get in the platform: the same context, memo, resources and
 * rollback walk.
 *
 * <p>{@link CancellableRun} does the same with a cancel button.
 *
 * <pre>
 * Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu5").build(),
 *         LocalRunner.handler(new CpuAdd(cpus), Phase.ADD_EXECUTE, Order.ADD_EXECUTE_CPU));
 * </pre>
 */
public final class LocalRunner {

    /** A handler with the properties its {@code @Handler} annotation gives it in the platform. */
    public record Registration(HotplugHandler handler, String name, Phase phase, int rank, Set<Kind> kinds) {
    }

    private LocalRunner() {
    }

    /** A handler serving both kinds, named after its class. */
    public static Registration handler(HotplugHandler handler, Phase phase, int rank) {
        return new Registration(handler, handler.getClass().getSimpleName(), phase, rank, EnumSet.allOf(Kind.class));
    }

    /** A handler serving the given kinds. */
    public static Registration handler(HotplugHandler handler, Phase phase, int rank, Kind first, Kind... rest) {
        return new Registration(handler, handler.getClass().getSimpleName(), phase, rank, EnumSet.of(first, rest));
    }

    public static Outcome run(HotplugRequest request, Registration... handlers) {
        return run(request, List.of(handlers));
    }

    /** Runs the request against these handlers, as the queue's worker would. */
    public static Outcome run(HotplugRequest request, List<Registration> handlers) {
        return new CancellableRun(request).run(handlers);
    }
}
