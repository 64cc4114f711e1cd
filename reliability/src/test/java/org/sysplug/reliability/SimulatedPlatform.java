package org.sysplug.reliability;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.log.Logger;
import org.sysplug.firmware.acpi.AddCommit;
import org.sysplug.firmware.acpi.AddObjects;
import org.sysplug.firmware.acpi.AddResources;
import org.sysplug.firmware.acpi.AddValidate;
import org.sysplug.firmware.acpi.EjectCommit;
import org.sysplug.firmware.acpi.EjectObjects;
import org.sysplug.firmware.acpi.EjectResources;
import org.sysplug.firmware.acpi.EjectValidate;
import org.sysplug.firmware.acpi.FirmwareNotifications;
import org.sysplug.firmware.acpi.core.AcpiNamespace;
import org.sysplug.firmware.acpi.core.AcpiSettings;
import org.sysplug.firmware.acpi.core.EjectPolicy;
import org.sysplug.firmware.acpi.core.OstReporter;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.core.CancellableRun;
import org.sysplug.framework.core.LocalRunner.Registration;
import org.sysplug.framework.core.RecordingQueue;
import org.sysplug.platform.CpuPort;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.NodePort;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.resource.cpu.CpuAdd;
import org.sysplug.resource.cpu.CpuRemove;
import org.sysplug.resource.cpu.CpuValidate;
import org.sysplug.resource.memory.MemoryComponents;
import org.sysplug.resource.memory.MemoryRemove;
import org.sysplug.resource.node.NodeAdd;
import org.sysplug.resource.node.NodeRemove;
import org.sysplug.resource.node.NodeValidate;

/**
 * The platform without OSGi: every handler of firmware.acpi, resource.node, resource.memory and
 * resource.cpu, built as DS builds them (their {@code @Activate} constructors over the ports of
 * one simulated machine) and registered under the component name, phase, rank and kinds their
 * {@code @Handler} annotations give them; the firmware's notifications reach the firmware
 * module's listener, whose submissions this class runs at once through the real phase runner.
 *
 * <p>A request runs on a worker thread of its own while the caller watches it: a hang that
 * fires is cancelled (as an operator's cancel or a deadline does), and when cancel cannot end it
 * (a commit, or an undo, which no cancel interrupts) the hang is lifted so that the request can
 * finish.
 */
final class SimulatedPlatform {

    /** How long a request may take before the test calls it lost: far beyond any case's run. */
    private static final long LOST_AFTER_SECONDS = 60;
    /** How long a cancelled request is given to end before its hang is lifted. */
    private static final long CANCEL_GRACE_MILLIS = 100;

    final TestMachine machine;
    final AcpiNamespace namespace;
    final FirmwareNotifications notifications;
    /** The machine operations the handlers called. */
    final OperationLog operations = new OperationLog();
    private final List<Registration> handlers = new ArrayList<>();
    private final RecordingQueue queue = new RecordingQueue();
    private Registration extra;
    private boolean superviseHang;
    private boolean hangLifted;
    private String liftedIn = "";
    private Outcome last;

    SimulatedPlatform(TestMachine machine) {
        this.machine = machine;
        Logger log = silentLogger();
        AcpiPort firmware = operations.firmware(machine.firmware());
        CpuPort cpus = operations.cpus(machine.cpus());
        MemoryPort memory = operations.memory(machine.memory());
        NodePort nodes = operations.nodes(machine.nodes());
        this.namespace = new AcpiNamespace(firmware, log);
        OstReporter ost = new OstReporter(firmware, log);
        AcpiSettings settings = new AcpiSettings(EjectPolicy.DEFAULT, log);
        // firmware.acpi
        hotplug(new AddValidate(namespace, firmware, ost), "acpi.add.validate", Phase.ADD_VALIDATE,
                Order.ADD_VALIDATE_ACPI_BUS);
        hotplug(new AddObjects(namespace), "acpi.add.objects", Phase.ADD_EXECUTE, Order.ADD_EXECUTE_ACPI_BUS);
        hotplug(new AddResources(namespace, machine.view()), "acpi.add.resources", Phase.ADD_EXECUTE,
                Order.ADD_EXECUTE_ACPI_RESOURCE);
        hotplug(new AddCommit(ost), "acpi.add.commit", Phase.ADD_COMMIT, Order.ADD_COMMIT_ACPI_BUS);
        hotplug(new EjectValidate(namespace, firmware, ost), "acpi.eject.validate", Phase.DELETE_VALIDATE,
                Order.DELETE_VALIDATE_ACPI_BUS);
        hotplug(new EjectResources(namespace, settings, machine.view()), "acpi.eject.resources",
                Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_ACPI_RESOURCE);
        hotplug(new EjectObjects(namespace), "acpi.eject.objects", Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_ACPI_BUS);
        hotplug(new EjectCommit(firmware, ost), "acpi.eject.commit", Phase.DELETE_COMMIT,
                Order.DELETE_COMMIT_ACPI_BUS);
        // resource.node
        both(new NodeValidate(machine.view()), "node.validate", Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_NODE);
        both(new NodeAdd(nodes, machine.view()), "node.add", Phase.ADD_EXECUTE, Order.ADD_EXECUTE_NODE);
        both(new NodeRemove(nodes, machine.view()), "node.remove", Phase.DELETE_EXECUTE,
                Order.DELETE_EXECUTE_NODE);
        // resource.memory
        both(MemoryComponents.validate(machine.view()), "memory.validate", Phase.DELETE_VALIDATE,
                Order.DELETE_VALIDATE_MEMORY);
        both(MemoryComponents.add(memory, machine.view()), "memory.add", Phase.ADD_EXECUTE,
                Order.ADD_EXECUTE_MEMORY);
        both(new MemoryRemove(memory, machine.view()), "memory.remove", Phase.DELETE_EXECUTE,
                Order.DELETE_EXECUTE_MEMORY);
        // resource.cpu
        both(new CpuValidate(machine.view()), "cpu.validate", Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_CPU);
        both(new CpuAdd(cpus, machine.view()), "cpu.add", Phase.ADD_EXECUTE, Order.ADD_EXECUTE_CPU);
        both(new CpuRemove(cpus, machine.view()), "cpu.remove", Phase.DELETE_EXECUTE,
                Order.DELETE_EXECUTE_CPU);

        this.notifications = new FirmwareNotifications(namespace, firmware, queue, log);
        queue.answer = this::execute;
    }

    private void hotplug(HotplugHandler handler, String name, Phase phase, int rank) {
        handlers.add(new Registration(handler, name, phase, rank, EnumSet.of(Kind.HOTPLUG)));
    }

    private void both(HotplugHandler handler, String name, Phase phase, int rank) {
        handlers.add(new Registration(handler, name, phase, rank, EnumSet.of(Kind.HOTPLUG, Kind.ONLINE)));
    }

    /** The registrations, in registration order (the runner orders them by phase and rank). */
    List<Registration> handlers() {
        List<Registration> all = new ArrayList<>(handlers);
        if (extra != null) {
            all.add(extra);
        }
        return all;
    }

    /** Registers one more handler (an injected fault) for the requests that follow. */
    void register(Registration registration) {
        this.extra = registration;
    }

    /** Cancels a request whose hang fired, and lifts the hang when cancel cannot end it. */
    void superviseHangs(boolean on) {
        this.superviseHang = on;
    }

    /** Whether the last request's hang had to be lifted: cancel could not end it. */
    boolean hangLifted() {
        return hangLifted;
    }

    /** Where the lifted hang was: {@code commit}, {@code undo}, or {@code apply} (where cancel should have reached it). */
    String liftedIn() {
        return liftedIn;
    }

    /** Tells a commit handler's call and an undo (a rollback, or a failed apply undoing itself) from the rest. */
    private static String whereHung(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String method = e.getMethodName().toLowerCase(Locale.ROOT);
            if (method.contains("rollback") || method.contains("undo")) {
                return "undo";
            }
        }
        for (StackTraceElement e : stack) {
            if (e.getClassName().endsWith("Commit")) {
                return "commit";
            }
        }
        return "apply";
    }

    /** Runs a request as the queue's worker would, as a shell command submits it. */
    Outcome submit(HotplugRequest request) {
        return queue.submit(request).outcome().toCompletableFuture().getNow(null);
    }

    /** The outcome of the last request that ran (a firmware notification submits its own), or null. */
    Outcome last() {
        return last;
    }

    /** Forgets the last outcome, before a notification that may submit nothing. */
    void forgetLast() {
        last = null;
    }

    private Outcome execute(HotplugRequest request) {
        CancellableRun run = new CancellableRun(request);
        List<Registration> registrations = handlers();
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                done.complete(run.run(registrations));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "fault-matrix-request");
        worker.setDaemon(true);
        int firedBefore = machine.faultsFired();
        hangLifted = false;
        liftedIn = "";
        worker.start();
        try {
            if (superviseHang) {
                while (!done.isDone() && machine.faultsFired() == firedBefore) {
                    Thread.onSpinWait();
                    LockSupport.parkNanos(50_000);
                }
                if (!done.isDone()) {
                    run.cancel();
                    try {
                        done.get(CANCEL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        // a commit or an undo: no cancel interrupts them, the hang must be lifted
                        hangLifted = true;
                        liftedIn = whereHung(worker.getStackTrace());
                        machine.clearFaults();
                    }
                }
            }
            last = done.get(LOST_AFTER_SECONDS, TimeUnit.SECONDS);
            return last;
        } catch (TimeoutException e) {
            machine.clearFaults();
            throw new AssertionError("request " + request.operation() + " " + request.targetNames()
                    + " did not end within " + LOST_AFTER_SECONDS + " s: lost");
        } catch (ExecutionException e) {
            throw new AssertionError("the runner itself failed on " + request.operation() + " "
                    + request.targetNames() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The OSGi log's Logger, saying nothing: the outcomes are what the matrix judges. */
    private static Logger silentLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] { Logger.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName", "toString" -> "fault-matrix";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
    }
}
