package org.sysplug.policy.autoonline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.service.log.Logger;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Submission;
import org.sysplug.framework.Target;
import org.sysplug.framework.Zone;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.DeviceEvent;
import org.sysplug.platform.IdList;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;

/**
 * The policy applied: for the CPUs and memory blocks that appeared offline, which to online and
 * where, as ONLINE requests; the devices a request could not online yet retried with back-off;
 * nothing for a class another agent onlines; nothing at all when the configuration cannot be read.
 * One instance lives as long as one configuration: {@link #close} cancels its retries.
 */
final class HotplugPolicy implements AutoCloseable {

    /** The origin of the first request for devices that appeared. */
    static final String ORIGIN = "uevent";
    /** The origin of a retry. */
    static final String RETRY_ORIGIN = "policy";
    /** The failures worth a retry: the device may be able to go online a moment later. */
    static final Set<String> RETRIABLE = Set.of("EAGAIN", "EBUSY", "EIO");

    private final Policy.Reading reading;
    private final RequestQueue queue;
    private final Supplier<Topology> machine;
    private final Supplier<Conflicts> conflicts;
    private final Logger log;
    private final ScheduledExecutorService timer;
    /** Blocks a request of this policy is bringing online, with the zone it asked for: the ratio counts them. */
    private final Map<Integer, Zone> inFlight = new ConcurrentHashMap<>();
    /** The conflicts already logged, so that each is logged once, not at every event. */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param reading the configuration as read; with problems, the policy submits nothing
     * @param machine the machine now, for a retry
     * @param conflicts the other agents now
     */
    HotplugPolicy(Policy.Reading reading, RequestQueue queue, Supplier<Topology> machine, Supplier<Conflicts> conflicts,
            Logger log) {
        this.reading = reading;
        this.queue = queue;
        this.machine = machine;
        this.conflicts = conflicts;
        this.log = log;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "sysplug-policy-retry");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer = t;
    }

    Policy.Reading reading() {
        return reading;
    }

    /** Cancels every pending retry; outcomes that arrive later start none. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }

    /**
     * Decides for devices that appeared.
     *
     * @param events what the machine announced, or what a hot-add request of sysplug's own added
     * @param t the machine after them
     * @param hotAdded whether the devices came from a hot-add request of sysplug's own: the
     *        memory module onlined them already unless its online.policy says offline, which an
     *        unconfigured policy respects (only a policy configured for a class overrides it)
     */
    void devicesChanged(List<DeviceEvent> events, Topology t, boolean hotAdded) {
        // a device announced twice in one batch (add, remove, add) is decided once
        Set<CpuInfo> cpus = new LinkedHashSet<>();
        Set<CpuInfo> cpusOnline = new LinkedHashSet<>();
        Set<MemoryBlock> blocks = new LinkedHashSet<>();
        for (DeviceEvent e : events) {
            if (e.action() != DeviceEvent.Action.ADD) {
                continue;
            }
            if (e.isCpu()) {
                t.cpu(e.index()).filter(c -> c.present() && c.hotpluggable())
                        .ifPresent(c -> (c.online() ? cpusOnline : cpus).add(c));
            } else {
                t.block(e.index()).filter(b -> !b.online()).ifPresent(blocks::add);
            }
        }
        if (hotAdded) {
            Policy configured = reading.policy().orElse(Policy.DEFAULT);
            if (reading.policy().isPresent() && !configured.cpuConfigured()) {
                cpus.clear();
                cpusOnline.clear();
            }
            if (reading.policy().isPresent() && !configured.memoryConfigured()) {
                blocks.clear();
            }
        }
        // a CPU that appeared online matters only when it is to stay offline
        Set<Integer> keep = reading.policy().map(Policy::keepOffline).orElse(Set.of());
        cpusOnline.removeIf(c -> !keep.contains(c.id()));
        if (cpus.isEmpty() && blocks.isEmpty() && cpusOnline.isEmpty()) {
            return;
        }
        if (reading.policy().isEmpty()) {
            log.warn("left offline {}: the hot-plug policy's configuration cannot be read ({}); fix it and online them",
                    describe(cpus, blocks), reading.problems().get(0).describe());
            return;
        }
        Policy policy = reading.policy().get();
        Conflicts now = conflicts.get();
        if (!cpus.isEmpty() || !cpusOnline.isEmpty()) {
            if (now.cpuStandsDown(policy)) {
                List<Integer> ids = new ArrayList<>();
                cpus.forEach(c -> ids.add(c.id()));
                cpusOnline.forEach(c -> ids.add(c.id()));
                standDown("CPUs", now.of(Conflicts.Scope.CPU), IdList.format("cpu", ids));
            } else {
                decideCpus(policy, cpus);
                takeOffline(policy, cpusOnline);
            }
        }
        if (!blocks.isEmpty()) {
            if (now.memoryStandsDown(policy)) {
                standDown("memory", now.of(Conflicts.Scope.MEMORY), blockNames(blocks.stream().map(MemoryBlock::id).toList()));
            } else {
                decideMemory(policy, blocks, t);
            }
        }
    }

    private void standDown(String what, List<Conflicts.Conflict> why, String devices) {
        for (Conflicts.Conflict c : why) {
            if (logged.add(c.subject())) {
                log.warn("the hot-plug policy stands down for {}: {} ({}); fix: {}", what, c.problem(), c.subject(), c.fix());
            }
        }
        log.info("{} appeared: left to the other agent that onlines {} (the policy stands down)", devices, what);
    }

    private void decideCpus(Policy policy, Set<CpuInfo> cpus) {
        List<Integer> online = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        List<Integer> left = new ArrayList<>();
        for (CpuInfo c : cpus) {
            if (policy.keepOffline().contains(c.id())) {
                kept.add(c.id());
            } else if (policy.rule(c.node()).cpu() == Policy.CpuAction.OFFLINE) {
                left.add(c.id());
            } else {
                online.add(c.id());
            }
        }
        if (!kept.isEmpty()) {
            log.info("{} appeared and stay offline ({} {})", IdList.format("cpu", kept), Policy.KEEP_OFFLINE,
                    IdList.format(policy.keepOffline()));
        }
        if (!left.isEmpty()) {
            log.info("{} appeared and stay offline ({} offline)", IdList.format("cpu", left), Policy.CPU_ACTION);
        }
        submit(new Plan(online.stream().map(id -> Target.of("cpu" + id)).toList(), null), policy.retry(), 1, ORIGIN);
    }

    /**
     * CPUs to keep offline that appeared online (the CPU module onlines the CPUs it hot-adds; on
     * Linux the kernel or a rule may have): taken offline again, in one request.
     */
    private void takeOffline(Policy policy, Set<CpuInfo> cpus) {
        if (cpus.isEmpty() || closed) {
            return;
        }
        List<Integer> ids = cpus.stream().map(CpuInfo::id).toList();
        String what = IdList.format("cpu", ids);
        Submission s = queue.submit(HotplugRequest.of(Operation.OFFLINE).targets(ids.stream().map(id -> Target.of("cpu" + id)).toList())
                .origin(ORIGIN).build());
        log.info("request {}: offline {} (appeared online; {} {})", s.id(), what, Policy.KEEP_OFFLINE,
                IdList.format(policy.keepOffline()));
        s.outcome().whenComplete((o, error) -> {
            if (o != null && !o.succeeded() && !closed) {
                log.warn("request {}: offline {} (to keep them offline) ended {}: {}", s.id(), what, o.status(),
                        o.failure().map(Failure::describe).orElse("no reason given"));
            }
        });
    }

    private void decideMemory(Policy policy, Set<MemoryBlock> blocks, Topology t) {
        Map<Integer, List<MemoryBlock>> byNode = new TreeMap<>();
        for (MemoryBlock b : blocks) {
            byNode.computeIfAbsent(b.node(), n -> new ArrayList<>()).add(b);
        }
        List<Integer> normal = new ArrayList<>();
        List<Integer> movable = new ArrayList<>();
        List<Integer> byDefault = new ArrayList<>();
        List<Integer> left = new ArrayList<>();
        byNode.forEach((node, list) -> {
            list.sort((a, b) -> Integer.compare(a.id(), b.id()));
            Policy.NodeRule rule = policy.rule(node);
            switch (rule.memory()) {
                case OFFLINE -> list.forEach(b -> left.add(b.id()));
                // the kernel's default zone, listed first in valid_zones: asked for by name, since an
                // ONLINE without a zone is decided by the memory module's online.policy, meant for
                // sysplug's own hot-adds (online_movable by default)
                case ONLINE -> list.forEach(b -> (b.validZones().isEmpty() ? byDefault
                        : b.validZones().get(0) == Zone.MOVABLE ? movable
                        : b.validZones().get(0) == Zone.NORMAL ? normal : byDefault).add(b.id()));
                case ONLINE_KERNEL -> list.forEach(b -> (b.validZones().contains(Zone.NORMAL) ? normal : byDefault).add(b.id()));
                case ONLINE_MOVABLE -> {
                    long[] counts = onlineByZone(t, node);
                    ZoneSplit.plan(list, counts[0], counts[1], rule.ratio()).forEach((id, zone) -> {
                        switch (zone) {
                            case MOVABLE -> movable.add(id);
                            case NORMAL -> normal.add(id);
                            default -> byDefault.add(id);
                        }
                    });
                }
            }
        });
        if (!left.isEmpty()) {
            log.info("{} appeared and stay offline ({} offline)", blockNames(left), Policy.MEMORY_ACTION);
        }
        // the normal blocks first: the kernel zone sits below ZONE_MOVABLE on a node
        submit(new Plan(targets(normal), Zone.NORMAL), policy.retry(), 1, ORIGIN);
        submit(new Plan(targets(movable), Zone.MOVABLE), policy.retry(), 1, ORIGIN);
        submit(new Plan(targets(byDefault), null), policy.retry(), 1, ORIGIN);
    }

    /** A node's blocks online in a kernel zone [0] and in ZONE_MOVABLE [1], those this policy is onlining included. */
    private long[] onlineByZone(Topology t, int node) {
        long[] counts = new long[2];
        for (MemoryBlock b : t.memoryOf(node)) {
            Zone z = b.online() ? b.zone() : inFlight.get(b.id());
            if (z == Zone.MOVABLE) {
                counts[1]++;
            } else if (z != null && (b.online() || z == Zone.NORMAL)) {
                counts[0]++;
            }
        }
        return counts;
    }

    /** One ONLINE request's devices and the zone it asks for (none: the memory module's default). */
    private record Plan(List<Target> targets, Zone zone) {
    }

    private void submit(Plan plan, Policy.Retry retry, int attempt, String origin) {
        if (plan.targets().isEmpty() || closed) {
            return;
        }
        HotplugRequest.Builder b = HotplugRequest.of(Operation.ONLINE).targets(plan.targets()).origin(origin);
        if (plan.zone() != null) {
            b.parameter("zone", plan.zone() == Zone.MOVABLE ? "movable" : "kernel");
            for (Target target : plan.targets()) {
                memoryId(target).ifPresent(id -> inFlight.put(id, plan.zone()));
            }
        }
        String what = names(plan.targets()) + (plan.zone() == null ? "" : " in " + plan.zone().sysfsName());
        Submission s = queue.submit(b.build());
        log.info("request {}: online {} ({})", s.id(), what, attempt == 1 ? "appeared offline"
                : "retry " + (attempt - 1) + " of " + retry.attempts());
        s.outcome().whenComplete((o, error) -> {
            plan.targets().forEach(target -> memoryId(target).ifPresent(inFlight::remove));
            if (o == null || o.succeeded() || closed) {
                return;
            }
            ended(s.id(), plan, o, retry, attempt, what);
        });
    }

    /** A request that did not succeed: retried while the reason may pass and attempts are left, else said. */
    private void ended(long id, Plan plan, Outcome o, Policy.Retry retry, int attempt, String what) {
        String reason = o.failure().map(Failure::describe).orElse("no reason given");
        // one device that cannot go online must not keep the others offline (a request is all or nothing, as a
        // udev rule per device is not): the others go again at once, without it, and it goes on alone
        Optional<Target> culprit = o.failure().map(Failure::device).filter(d -> !d.isEmpty()).map(Target::of)
                .filter(plan.targets()::contains);
        if (culprit.isPresent() && plan.targets().size() > 1) {
            Target alone = culprit.get();
            Plan rest = new Plan(plan.targets().stream().filter(t -> !t.equals(alone)).toList(), plan.zone());
            log.info("request {}: online {} ended {} because of {}: {} submitted again without it", id, what,
                    o.status(), alone.name(), names(rest.targets()));
            try {
                timer.execute(() -> retryNow(rest, retry, attempt));
            } catch (RejectedExecutionException closedMeanwhile) {
                return;
            }
            Plan single = new Plan(List.of(alone), plan.zone());
            ended(id, single, o, retry, attempt,
                    alone.name() + (plan.zone() == null ? "" : " in " + plan.zone().sysfsName()));
            return;
        }
        boolean retriable = o.failure().map(f -> RETRIABLE.contains(f.code())).orElse(false);
        if (!retriable) {
            log.warn("request {}: online {} ended {}: {}", id, what, o.status(), reason);
            return;
        }
        if (attempt > retry.attempts()) {
            log.warn("gave up onlining {} after {} request(s) ({} retries, {} {}): last reason: {}", what, attempt,
                    retry.attempts(), Policy.RETRY_ATTEMPTS, retry.attempts(), reason);
            return;
        }
        Duration delay = retry.delay(attempt);
        log.info("request {}: online {} ended {}: {}; retry {} of {} in {} ms", id, what, o.status(), reason, attempt,
                retry.attempts(), delay.toMillis());
        try {
            timer.schedule(() -> retryNow(plan, retry, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            // the policy was closed between the check and the schedule: its retries are cancelled
        }
    }

    /** Submits the plan's devices that are still offline; those that went online meanwhile need nothing. */
    private void retryNow(Plan plan, Policy.Retry retry, int attempt) {
        if (closed) {
            return;
        }
        Topology t = machine.get();
        List<Target> still = plan.targets().stream().filter(target -> stillOffline(t, target)).toList();
        if (still.isEmpty()) {
            log.info("{} went online meanwhile: no retry needed", names(plan.targets()));
            return;
        }
        submit(new Plan(still, plan.zone()), retry, attempt, RETRY_ORIGIN);
    }

    private static boolean stillOffline(Topology t, Target target) {
        String name = target.name();
        if (name.startsWith("cpu")) {
            int id = Integer.parseInt(name.substring(3));
            return t.cpu(id).filter(c -> c.present() && !c.online()).isPresent();
        }
        int id = Integer.parseInt(name.substring(6));
        return t.block(id).filter(b -> !b.online()).isPresent();
    }

    private static java.util.Optional<Integer> memoryId(Target target) {
        return target.name().startsWith("memory") ? java.util.Optional.of(Integer.parseInt(target.name().substring(6)))
                : java.util.Optional.empty();
    }

    private static List<Target> targets(List<Integer> blocks) {
        return blocks.stream().map(id -> Target.of("memory" + id)).toList();
    }

    private static String blockNames(List<Integer> ids) {
        return IdList.format("memory", ids);
    }

    /** {@code cpu8-11} or {@code memory128-191}: the devices of one class, as lsmem and chcpu name ranges. */
    private static String names(List<Target> targets) {
        List<Integer> cpus = new ArrayList<>();
        List<Integer> blocks = new ArrayList<>();
        for (Target t : targets) {
            if (t.name().startsWith("cpu")) {
                cpus.add(Integer.parseInt(t.name().substring(3)));
            } else {
                blocks.add(Integer.parseInt(t.name().substring(6)));
            }
        }
        List<String> parts = new ArrayList<>();
        if (!cpus.isEmpty()) {
            parts.add(IdList.format("cpu", cpus));
        }
        if (!blocks.isEmpty()) {
            parts.add(blockNames(blocks));
        }
        return String.join(", ", parts);
    }

    private static String describe(Set<CpuInfo> cpus, Set<MemoryBlock> blocks) {
        List<String> parts = new ArrayList<>();
        if (!cpus.isEmpty()) {
            parts.add(IdList.format("cpu", cpus.stream().map(CpuInfo::id).toList()));
        }
        if (!blocks.isEmpty()) {
            parts.add(blockNames(blocks.stream().map(MemoryBlock::id).toList()));
        }
        return String.join(", ", parts);
    }
}
