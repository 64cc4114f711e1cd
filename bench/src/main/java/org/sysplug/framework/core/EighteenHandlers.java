package org.sysplug.framework.core;

import java.util.EnumSet;
import java.util.List;

import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Target;

/**
 * The handler set the dispatch measurements share: 6 handlers in each of HOT_ADD's 3 phases, each
 * doing a small piece of work per target device, as a port call for every target would; the first
 * execute handler takes (claims) the targets, as the one module per device class does.
 */
final class EighteenHandlers {

    static final int PER_PHASE = 6;

    private EighteenHandlers() {
    }

    /** Per-device work: what a handler does with each target. */
    static final class DeviceHandler implements HotplugHandler {
        final long[] state;
        /** Whether it takes (claims) the targets: one handler per request does, as one module per device class does. */
        final boolean takes;

        DeviceHandler(long[] state, boolean takes) {
            this.state = state;
            this.takes = takes;
        }

        @Override
        public void apply(RequestContext context) {
            List<Target> targets = context.request().targets();
            for (int i = 0; i < targets.size(); i++) {
                state[i] += targets.get(i).name().length();
                if (takes) {
                    context.claim(targets.get(i));
                }
            }
        }

        @Override
        public void rollback(RequestContext context) {
            // never called: nothing fails
        }
    }

    /** A registry holding the 18 handlers, writing into {@code state} (one slot per target at least). */
    static HandlerRegistry registry(long[] state) {
        HandlerRegistry registry = new HandlerRegistry();
        long serviceId = 1;
        for (Phase phase : Operation.HOT_ADD.phases()) {
            for (int rank = 0; rank < PER_PHASE; rank++) {
                registry.add(new HandlerEntry(new HandlerInfo("h" + phase + rank, "bench", 1, serviceId++, phase,
                        rank * 10, EnumSet.allOf(Kind.class)),
                        new DeviceHandler(state, phase.step() == Phase.Step.EXECUTE && rank == 0)));
            }
        }
        return registry;
    }

    /** A HOT_ADD request for {@code devices} memory blocks from {@code first} on, built as a caller builds one. */
    static HotplugRequest request(int devices, int first) {
        HotplugRequest.Builder builder = HotplugRequest.of(Operation.HOT_ADD);
        for (int i = 0; i < devices; i++) {
            builder.target("memory" + (first + i));
        }
        return builder.build();
    }
}
