package org.sysplug.framework.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;

/** A small machine for the runner's tests: handlers that change a shared state and undo it. */
final class Fixtures {

    private static final AtomicLong SERVICE_IDS = new AtomicLong(100);

    private Fixtures() {
    }

    /** The state handlers change: the names of the handlers whose change is in effect, in order. */
    static final class Machine {
        final List<String> applied = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
    }

    /** A handler that records its calls in the machine; execute and commit handlers change it. */
    static class Recording implements HotplugHandler {
        final String name;
        final Machine machine;
        Consumer<RequestContext> onApply = c -> { };
        HotplugException failApply;
        HotplugException failRollback;
        RuntimeException crash;
        boolean changesState;
        /** Takes every target of the request, as a module that handles them does; off for one that takes none. */
        boolean takesTargets = true;

        Recording(String name, Machine machine) {
            this.name = name;
            this.machine = machine;
        }

        @Override
        public void apply(RequestContext context) throws HotplugException {
            machine.calls.add("apply " + name);
            if (takesTargets) {
                context.request().targets().forEach(context::claim);
            }
            onApply.accept(context);
            if (crash != null) {
                throw crash;
            }
            if (failApply != null) {
                throw failApply;
            }
            if (changesState) {
                machine.applied.add(name);
                context.memo().put("applied", name);
            }
        }

        @Override
        public void rollback(RequestContext context) throws HotplugException {
            machine.calls.add("rollback " + name);
            if (failRollback != null) {
                throw failRollback;
            }
            if (changesState) {
                Object mine = context.memo().get("applied");
                if (!name.equals(mine)) {
                    throw new AssertionError(name + " rolled back with someone else's memo: " + mine);
                }
                machine.applied.remove(name);
            }
        }
    }

    static HandlerEntry entry(Recording handler, Phase phase, int rank) {
        return entry(handler, phase, rank, EnumSet.allOf(Kind.class));
    }

    static HandlerEntry entry(Recording handler, Phase phase, int rank, Set<Kind> kinds) {
        handler.changesState = phase.step() != Phase.Step.VALIDATE;
        return new HandlerEntry(new HandlerInfo(handler.name, "org.sysplug.test", 7, SERVICE_IDS.incrementAndGet(),
                phase, rank, kinds), handler);
    }

    static RequestRun run(Operation op, String... targets) {
        return new RequestRun(1, HotplugRequest.of(op, targets).build(), Instant.now());
    }

    static RequestRun dryRun(Operation op, String... targets) {
        return new RequestRun(1, HotplugRequest.of(op, targets).dryRun(true).build(), Instant.now());
    }

    static PhaseRunner runner() {
        return new PhaseRunner((handler, action, error) -> { });
    }
}
