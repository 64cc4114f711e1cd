package org.sysplug.platform.linux;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Target;
import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * A read-only sysroot (the backend's default: a tree opened without {@code --writable} or
 * {@code --live}, as the fleet's DaemonSet runs it) refuses every write with EPERM at execute.
 * These handlers give that answer at validate, first in the list, so that a dry run, the doctor
 * and a remote {@code dryRun} answer a change as the request itself would, instead of "would pass".
 * An online of devices that are all online already writes nothing (the modules note "online
 * already"), so it passes here as it would succeed; on a writable or live tree everything passes.
 */
final class ReadOnlyRefusal {

    private ReadOnlyRefusal() {
    }

    /** Refuses {@code request} with EPERM when the machine's tree is read-only and the request would write. */
    static void check(LinuxMachine machine, HotplugRequest request) throws HotplugException {
        Sysroot root = machine.sysroot();
        if (root.access() != Sysroot.Access.READ_ONLY || onlineAlready(machine, request)) {
            return;
        }
        List<Target> targets = request.targets();
        String devices = targets.size() == 1 ? targets.get(0).name()
                : targets.get(0).name() + " and " + (targets.size() - 1) + " more device(s)";
        try {
            root.requireWritable(request.operation().name().toLowerCase(Locale.ROOT) + " of " + devices);
        } catch (Sysroot.ReadOnlyException e) {
            throw new HotplugException(HotplugException.EPERM, targets.get(0).name(), e.getMessage());
        }
    }

    /** An online whose every target (cpuN, memoryN, nodeN) is online now: nothing to write. */
    private static boolean onlineAlready(LinuxMachine machine, HotplugRequest request) {
        if (request.operation() != Operation.ONLINE) {
            return false;
        }
        Topology t;
        try {
            t = machine.topology();
        } catch (IOException e) {
            return false; // unreadable: the request would fail anyway; refuse for the read-only tree
        }
        for (Target target : request.targets()) {
            if (target.isFirmwarePath()) {
                return false;
            }
            int id = target.index();
            boolean online = switch (target.deviceClass()) {
                case "cpu" -> t.cpu(id).map(c -> c.present() && c.online()).orElse(false);
                case "memory" -> t.memory().stream().anyMatch(b -> b.id() == id && b.online());
                case "node" -> t.node(id).map(n -> n.online()).orElse(false);
                default -> false;
            };
            if (!online) {
                return false;
            }
        }
        return true;
    }

    /** ADD_VALIDATE: an online or a hot-add on a read-only tree. */
    @Component(name = "linux.writable.add", service = HotplugHandler.class)
    @Handler(phase = Phase.ADD_VALIDATE, order = Order.ADD_VALIDATE_BACKEND)
    public static final class Add implements HotplugHandler {
        private final Supplier<LinuxMachine> machine;

        @Activate
        public Add(@Reference LinuxBackendComponent backend) {
            this.machine = backend::machine;
        }

        @Override
        public void apply(RequestContext context) throws HotplugException {
            check(machine.get(), context.request());
        }
    }

    /** DELETE_VALIDATE: an offline or an eject on a read-only tree. */
    @Component(name = "linux.writable.delete", service = HotplugHandler.class)
    @Handler(phase = Phase.DELETE_VALIDATE, order = Order.DELETE_VALIDATE_BACKEND)
    public static final class Delete implements HotplugHandler {
        private final Supplier<LinuxMachine> machine;

        @Activate
        public Delete(@Reference LinuxBackendComponent backend) {
            this.machine = backend::machine;
        }

        @Override
        public void apply(RequestContext context) throws HotplugException {
            check(machine.get(), context.request());
        }
    }
}
