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

    /** The name of {@link #firmwareDescribing}'s stand-in, which {@link #run} completes on delete. */
    static final String FIRMWARE_RESOURCES = "acpi.resource";

    /**
     * firmware.acpi's part of the request contract, for a resource module's tests: a handler at
     * the ACPI resource rank (ADD_EXECUTE 20 on add, DELETE_VALIDATE 10 on delete) that records
     * {@code resources} in the request, and takes its firmware paths in the execute phase, as
     * firmware.acpi's execute handlers do (on delete {@link #run} adds that second stand-in).
     */
    public static Registration firmwareDescribing(boolean add, org.sysplug.framework.Resource... resources) {
        HotplugHandler h = context -> {
            // firmware.acpi takes the request's firmware paths
            context.request().targets().stream().filter(t -> t.isFirmwarePath()).forEach(context::claim);
            for (org.sysplug.framework.Resource r : resources) {
                context.addResource(r);
            }
        };
        return add
                ? new Registration(h, FIRMWARE_RESOURCES, Phase.ADD_EXECUTE, org.sysplug.framework.Order.ADD_EXECUTE_ACPI_RESOURCE,
                        EnumSet.of(Kind.HOTPLUG))
                : new Registration(h, FIRMWARE_RESOURCES, Phase.DELETE_VALIDATE,
                        org.sysplug.framework.Order.DELETE_VALIDATE_ACPI_RESOURCE, EnumSet.of(Kind.HOTPLUG));
    }

    /**
     * The rest of the platform, for a test of a handler that takes no target itself (it reports or
     * records): a handler in {@code phase} that changes nothing and takes every target of the
     * request, as the modules that handle them would, so that the request is not refused for
     * targets no handler took.
     */
    public static Registration takingTheTargets(Phase phase) {
        return new Registration(context -> context.request().targets().forEach(context::claim), "others", phase,
                Integer.MAX_VALUE / 2, EnumSet.allOf(Kind.class));
    }

    /** A handler that fails at {@code rank} of {@code phase}: what ran before it is rolled back. */
    public static Registration failingAt(Phase phase, int rank) {
        return new Registration(context -> {
            throw new org.sysplug.framework.HotplugException(org.sysplug.framework.HotplugException.EIO, "test",
                    "injected failure after the handlers under test");
        }, "fail", phase, rank, EnumSet.allOf(Kind.class));
    }

    public static Outcome run(HotplugRequest request, Registration... handlers) {
        return run(request, List.of(handlers));
    }

    /** Runs the request against these handlers, as the queue's worker would. */
    public static Outcome run(HotplugRequest request, List<Registration> handlers) {
        return new CancellableRun(request).run(handlers);
    }

    /** The delete stand-in of firmware.acpi describes in validate; its execute handler takes the paths. */
    static List<Registration> withFirmwareExecute(List<Registration> handlers) {
        boolean describesDelete = handlers.stream()
                .anyMatch(r -> r.name().equals(FIRMWARE_RESOURCES) && r.phase() == Phase.DELETE_VALIDATE);
        if (!describesDelete) {
            return handlers;
        }
        List<Registration> all = new java.util.ArrayList<>(handlers);
        all.add(new Registration(context -> context.request().targets().stream().filter(t -> t.isFirmwarePath())
                .forEach(context::claim), "acpi.objects", Phase.DELETE_EXECUTE,
                org.sysplug.framework.Order.DELETE_EXECUTE_ACPI_BUS, EnumSet.of(Kind.HOTPLUG)));
        return all;
    }
}
