package org.sysplug.policy.autoonline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.Target;
import org.sysplug.framework.Zone;
import org.sysplug.framework.core.RecordingQueue;
import org.sysplug.platform.DeviceEvent;
import org.sysplug.platform.DeviceEvent.Action;
import org.sysplug.platform.PortException;
import org.sysplug.platform.sim.TestMachine;

/**
 * What the configured policy submits for devices that appear, on the real simulated machine:
 * node1's memory added (64 blocks, memory72-135) and its CPUs registered (cpu8-15) as a hot-add
 * of {@code \_SB.NOD1} leaves them when the memory module's online.policy is offline. The
 * requests are recorded, not run (that they run to the asked end state is PolicyIT's scenario).
 */
class PolicyDecisionsTest {

    private static final long NODE1_START = 0x240000000L;
    private static final long GIB = 1L << 30;

    private final TestMachine machine = TestMachine.boot("default");
    private final RecordingQueue queue = new RecordingQueue();
    private final RecordingLog log = new RecordingLog();
    /** The memory module's online.policy, as its configuration says (empty: not configured). */
    private Optional<String> memoryOnlinePolicy = Optional.of("offline");
    private final List<AutoOnline> made = new ArrayList<>();

    @AfterEach
    void closePolicies() {
        made.forEach(AutoOnline::deactivate);
    }

    private AutoOnline policy(Map<String, ?> defaults, List<Map<String, ?>> nodes) {
        AutoOnline p = new AutoOnline(queue, machine::topology, log.logger, () -> memoryOnlinePolicy,
                Optional.of(machine.agents()), defaults, nodes);
        made.add(p);
        return p;
    }

    private AutoOnline policy(Map<String, ?> defaults) {
        return policy(defaults, List.of());
    }

    /** node1's 8 GiB added offline; the ADD events of its blocks. */
    private List<DeviceEvent> node1Memory() throws PortException {
        List<Integer> ids = machine.memory().add(NODE1_START, 8 * GIB, 1);
        assertThat(ids).hasSize(64).startsWith(72).endsWith(135);
        return ids.stream().map(id -> new DeviceEvent(Action.ADD, "memory" + id)).toList();
    }

    /** node1's 8 CPUs registered offline; their ADD events. */
    private List<DeviceEvent> node1Cpus() throws PortException {
        List<DeviceEvent> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            events.add(new DeviceEvent(Action.ADD, "cpu" + machine.cpus().register(16 + i, 1)));
        }
        return events;
    }

    private static List<Integer> ids(HotplugRequest r) {
        return r.targets().stream().map(Target::name).map(n -> Integer.parseInt(n.replaceAll("\\D", ""))).toList();
    }

    @Test
    void underRatioThreeToOneAnEmptyNodesBlocksGoSixteenNormalAtTheLowAddressesThenFortyEightMovable() throws Exception {
        AutoOnline p = policy(Map.of("memory.action", "online_movable", "memory.movable.ratio", "3:1"));
        p.devicesChanged(node1Memory(), machine.topology());

        assertThat(queue.submitted).hasSize(2);
        HotplugRequest normal = queue.submitted.get(0);
        HotplugRequest movable = queue.submitted.get(1);
        assertThat(normal.parameter("zone")).contains("kernel");
        assertThat(ids(normal)).isEqualTo(IntStream.rangeClosed(72, 87).boxed().toList());
        assertThat(movable.parameter("zone")).contains("movable");
        assertThat(ids(movable)).isEqualTo(IntStream.rangeClosed(88, 135).boxed().toList());
        assertThat(queue.submitted).allSatisfy(r -> assertThat(r.origin()).isEqualTo("uevent"));
    }

    @Test
    void theMemoryANodeHasOnlineAlreadyCountsTowardsTheRatio() throws Exception {
        // node0 has 64 blocks online in Normal; the 2 GiB module of \_SB.MEM2 adds 16 more to it
        List<Integer> added = machine.memory().add(0x440000000L, 2 * GIB, 0);
        List<DeviceEvent> events = added.stream().map(id -> new DeviceEvent(Action.ADD, "memory" + id)).toList();

        policy(Map.of("memory.action", "online_movable", "memory.movable.ratio", "1:8")).devicesChanged(events, machine.topology());

        // 64 normal allow 8 movable; 8 more normal (72) allow 9, but 8 + 8 = 16 blocks: 8 normal and 8 movable
        assertThat(queue.submitted).hasSize(2);
        assertThat(ids(queue.submitted.get(0))).isEqualTo(added.subList(0, 8));
        assertThat(ids(queue.submitted.get(1))).isEqualTo(added.subList(8, 16));
    }

    @Test
    void aNodeOverrideDecidesForItsNodeAndTheDefaultsForTheOthers() throws Exception {
        List<DeviceEvent> events = new ArrayList<>(node1Memory());
        List<Integer> node0 = machine.memory().add(0x440000000L, 2 * GIB, 0);
        node0.forEach(id -> events.add(new DeviceEvent(Action.ADD, "memory" + id)));

        policy(Map.of("memory.action", "offline"), List.of(Map.of("service.pid", "org.sysplug.policy.node~node1",
                "node", 1, "memory.action", "online_kernel"))).devicesChanged(events, machine.topology());

        assertThat(queue.submitted).hasSize(1);
        assertThat(queue.submitted.get(0).parameter("zone")).contains("kernel");
        assertThat(ids(queue.submitted.get(0))).hasSize(64).startsWith(72);
        assertThat(log.at("INFO")).anyMatch(l -> l.contains("memory136-151 appeared and stay offline (memory.action offline)"));
    }

    @Test
    void cpusToKeepOfflineStayOfflineAndAreReported() throws Exception {
        AutoOnline p = policy(Map.of("cpu.keep.offline", "10-11,15"));
        p.devicesChanged(node1Cpus(), machine.topology());

        assertThat(queue.submitted).hasSize(1);
        assertThat(ids(queue.submitted.get(0))).containsExactly(8, 9, 12, 13, 14);
        assertThat(log.at("INFO")).anyMatch(l -> l.contains("cpu10-11,15 appeared and stay offline (cpu.keep.offline 10-11,15)"));

        List<Finding> found = p.examine(new Examination(machine.topology(), List.of()));
        assertThat(found).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.subject()).isEqualTo("cpu10-11,15");
        });
        // the recorded request did not run: the others are offline and the policy wants them online
        assertThat(found).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo("cpu8-9,12-14");
            assertThat(f.fix()).startsWith("sysplug:online cpu 8-9,12-14");
        });
    }

    @Test
    void theMemoryModuleOnliningHotAddedMemoryItselfStandsAConfiguredMemoryPolicyDown() throws Exception {
        memoryOnlinePolicy = Optional.empty(); // not configured: online_movable, the module's default
        AutoOnline p = policy(Map.of("memory.action", "online_movable", "memory.movable.ratio", "3:1"));
        p.devicesChanged(node1Memory(), machine.topology());
        p.devicesChanged(List.of(new DeviceEvent(Action.ADD, "memory100")), machine.topology());

        assertThat(queue.submitted).isEmpty();
        assertThat(log.at("WARN")).singleElement().satisfies(l -> assertThat(l).contains("stands down for memory")
                .contains("online.policy is online_movable").contains("config:set org.sysplug.resource.memory online.policy offline"));
        assertThat(p.examine(new Examination(machine.topology(), List.of()))).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo("org.sysplug.resource.memory online.policy");
        }).anySatisfy(f -> assertThat(f.problem()).contains("stands down for memory"));
    }

    @Test
    void theKernelOnliningByItselfStandsItDownTooButNotForCpus() throws Exception {
        machine.autoOnlineBlocks("online");
        AutoOnline p = policy(Map.of("memory.action", "online_movable", "cpu.action", "online"));
        List<DeviceEvent> events = new ArrayList<>(node1Memory());
        events.addAll(node1Cpus());
        p.devicesChanged(events, machine.topology());

        assertThat(queue.submitted).singleElement().satisfies(r -> assertThat(ids(r)).containsExactly(8, 9, 10, 11, 12, 13, 14, 15));
        assertThat(p.examine(new Examination(machine.topology(), List.of()))).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo("auto_online_blocks");
            assertThat(f.fix()).contains("echo offline > /sys/devices/system/memory/auto_online_blocks");
        });
    }

    @Test
    void withoutConfigurationNothingStandsDownAndNoConflictOfTheMemoryModuleIsClaimed() throws Exception {
        memoryOnlinePolicy = Optional.empty();
        AutoOnline p = policy(Map.of());
        p.devicesChanged(node1Memory(), machine.topology());

        // the kernel's default zone, first in valid_zones, named: without it the memory module's
        // online.policy (online_movable) would decide, and put into Movable what the kernel puts in Normal
        assertThat(machine.topology().block(72).orElseThrow().validZones()).startsWith(Zone.NORMAL);
        assertThat(queue.submitted).singleElement().satisfies(r -> {
            assertThat(r.parameter("zone")).contains("kernel");
            assertThat(r.targets()).hasSize(64);
        });
        assertThat(p.examine(new Examination(machine.topology(), List.of())))
                .noneMatch(f -> f.subject().contains("online.policy") || f.problem().contains("stands down"));
    }

    @Test
    void aConfigurationItCannotReadIsAppliedNotAtAllAndSaidWithKeyValueAndWhatIsAccepted() throws Exception {
        AutoOnline p = policy(Map.of("memory.action", "online_moveable", "cpu.keep.offline", "2-4"));
        List<DeviceEvent> events = new ArrayList<>(node1Memory());
        events.addAll(node1Cpus());
        p.devicesChanged(events, machine.topology());

        assertThat(queue.submitted).isEmpty();
        assertThat(log.at("ERROR")).singleElement().satisfies(l -> assertThat(l).contains("memory.action = 'online_moveable'")
                .contains("online, online_movable, online_kernel, offline"));
        assertThat(log.at("WARN")).singleElement().satisfies(l -> assertThat(l).startsWith("WARN left offline cpu8-15, memory72-135"));
        assertThat(p.examine(new Examination(machine.topology(), List.of()))).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.subject()).isEqualTo("org.sysplug.policy memory.action");
        });
    }

    // --- devices a hot-add request of sysplug's own added -------------------------------------

    /** What framework.core posts when a hot-add request ends: an ADDED event per device, then the request's end. */
    private static void hotAddEnded(AutoOnline p, long request, List<DeviceEvent> added) {
        for (DeviceEvent e : added) {
            p.handleEvent(new org.osgi.service.event.Event("org/sysplug/device/ADDED",
                    Map.of("device", e.device(), "class", e.isCpu() ? "cpu" : "memory", "sysplug.request.id", request)));
        }
        p.handleEvent(new org.osgi.service.event.Event("org/sysplug/request/SUCCEEDED", Map.of("sysplug.request.id", request)));
    }

    @Test
    void afterAHotAddOfItsOwnAConfiguredPolicyDecidesOnceTheRequestHasEnded() throws Exception {
        AutoOnline p = policy(Map.of("memory.action", "online_movable", "memory.movable.ratio", "3:1"));
        List<DeviceEvent> memory = node1Memory();
        p.handleEvent(new org.osgi.service.event.Event("org/sysplug/device/ADDED",
                Map.of("device", "memory72", "class", "memory", "sysplug.request.id", 7L)));
        assertThat(queue.submitted).as("nothing before the request ends").isEmpty();

        hotAddEnded(p, 7L, memory);

        assertThat(queue.submitted).extracting(r -> r.parameter("zone").orElse("") + " " + r.targets().size())
                .containsExactly("kernel 16", "movable 48");
    }

    @Test
    void afterAHotAddOfItsOwnAnUnconfiguredPolicyLeavesTheMemoryModulesOfflineAlone() throws Exception {
        AutoOnline p = policy(Map.of());
        hotAddEnded(p, 3L, node1Memory());
        assertThat(queue.submitted).isEmpty();
    }

    @Test
    void cpusToKeepOfflineThatAHotAddOnlinedAreTakenOfflineAgain() throws Exception {
        AutoOnline p = policy(Map.of("cpu.keep.offline", "12-13"));
        List<DeviceEvent> cpus = node1Cpus();
        for (int id = 8; id < 16; id++) {
            machine.cpus().online(id); // the CPU module onlines what it hot-adds
        }
        hotAddEnded(p, 4L, cpus);

        assertThat(queue.submitted).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo(org.sysplug.framework.Operation.OFFLINE);
            assertThat(ids(r)).containsExactly(12, 13);
        });
    }

    // --- retries --------------------------------------------------------------------------------

    private static Outcome ended(HotplugRequest r, Status status, String code) {
        Optional<Failure> failure = status == Status.SUCCEEDED ? Optional.empty()
                : Optional.of(new Failure("memory.add", "org.sysplug.resource.memory", Optional.empty(), 100, code,
                        r.targets().get(0).name(), r.targets().get(0).name() + " cannot go online yet"));
        return new Outcome(1, r, status, failure, List.of(), List.of(), List.of(), List.of(), Instant.now(),
                Optional.of(Instant.now()), Optional.of(Instant.now()));
    }

    /** The queue's answers: the first {@code failures} requests fail with {@code code}, the rest succeed. */
    private void failFirst(int failures, String code) {
        AtomicInteger n = new AtomicInteger();
        Function<HotplugRequest, Outcome> answer = r -> n.incrementAndGet() <= failures
                ? ended(r, Status.FAILED_ROLLED_BACK, code) : ended(r, Status.SUCCEEDED, "");
        queue.answer = answer;
    }

    /** The queue's answers: a request with {@code device} among its targets fails on it with {@code code}. */
    private void failDevice(String device, String code) {
        queue.answer = r -> {
            if (r.targets().stream().noneMatch(t -> t.name().equals(device))) {
                return ended(r, Status.SUCCEEDED, "");
            }
            Failure f = new Failure("memory.add", "org.sysplug.resource.memory", Optional.empty(), 100, code, device,
                    device + " cannot go online");
            return new Outcome(1, r, Status.FAILED_ROLLED_BACK, Optional.of(f), List.of(), List.of(), List.of(),
                    List.of(), Instant.now(), Optional.of(Instant.now()), Optional.of(Instant.now()));
        };
    }

    private void awaitSubmitted(int count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (submitted() < count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    private int submitted() {
        synchronized (queue) {
            return queue.submitted.size();
        }
    }

    @Test
    void aDeviceThatCannotGoOnlineYetIsRetriedWithOriginPolicyUntilItDoes() throws Exception {
        failFirst(2, "EAGAIN");
        AutoOnline p = policy(Map.of("retry.attempts", 3, "retry.delay.ms", "5"));
        p.devicesChanged(List.of(new DeviceEvent(Action.ADD, "memory" + machine.memory().add(NODE1_START, 128L << 20, 1).get(0))),
                machine.topology());
        awaitSubmitted(3);
        Thread.sleep(100);

        assertThat(queue.submitted).extracting(HotplugRequest::origin).containsExactly("uevent", "policy", "policy");
        assertThat(queue.submitted).allSatisfy(r -> assertThat(r.targetNames()).isEqualTo("memory72"));
        assertThat(log.at("WARN")).isEmpty();
    }

    @Test
    void aPermanentFaultIsGivenUpAfterTheConfiguredRetriesAndSaidAtWarn() throws Exception {
        failDevice("cpu8", "EBUSY");
        AutoOnline p = policy(Map.of("retry.attempts", "2", "retry.delay.ms", "5", "retry.delay.max.ms", "8"));
        p.devicesChanged(node1Cpus().subList(0, 2), machine.topology());
        awaitSubmitted(4);
        Thread.sleep(200);

        // cpu8-9 fails on cpu8: cpu9 goes again at once without it, cpu8 is retried alone twice, then given up
        assertThat(queue.submitted).extracting(HotplugRequest::targetNames)
                .containsExactlyInAnyOrder("cpu8 cpu9", "cpu9", "cpu8", "cpu8");
        assertThat(log.at("WARN")).singleElement().satisfies(l -> assertThat(l).contains("gave up onlining cpu8 after 3 request(s)")
                .contains("retry.attempts 2").contains("last reason: cpu8: cpu8 cannot go online (EBUSY)"));
    }

    @Test
    void aRefusalARetryCannotCureIsNotRetried() throws Exception {
        failDevice("cpu8", "EINVAL");
        policy(Map.of("retry.delay.ms", "1")).devicesChanged(node1Cpus(), machine.topology());
        Thread.sleep(100);

        assertThat(queue.submitted).extracting(HotplugRequest::targetNames).containsExactly("cpu8 cpu9 cpu10 cpu11 cpu12 cpu13 cpu14 cpu15", "cpu9 cpu10 cpu11 cpu12 cpu13 cpu14 cpu15");
        assertThat(log.at("WARN")).singleElement().satisfies(l -> assertThat(l).contains("online cpu8 ended FAILED_ROLLED_BACK"));
    }

    @Test
    void oneBlockThatCannotGoOnlineDoesNotKeepTheRestOfAHotAddedNodeOffline() throws Exception {
        failDevice("memory100", "EINVAL");
        policy(Map.of("memory.action", "online_movable", "retry.delay.ms", "1")).devicesChanged(node1Memory(),
                machine.topology());
        awaitSubmitted(2);
        Thread.sleep(100);

        assertThat(queue.submitted).hasSize(2);
        assertThat(ids(queue.submitted.get(0))).hasSize(64).contains(100);
        assertThat(ids(queue.submitted.get(1))).hasSize(63).doesNotContain(100);
        assertThat(queue.submitted.get(1).parameter("zone")).contains("movable");
        assertThat(log.at("WARN")).singleElement().satisfies(l -> assertThat(l).contains("online memory100 in Movable ended"));
    }

    @Test
    void closingThePolicyCancelsItsPendingRetries() throws Exception {
        failFirst(Integer.MAX_VALUE, "EAGAIN");
        AutoOnline p = policy(Map.of("retry.delay.ms", "150"));
        p.devicesChanged(node1Cpus().subList(0, 1), machine.topology()); // one device: nothing to split off
        p.deactivate();
        Thread.sleep(400);

        assertThat(queue.submitted).hasSize(1);
    }

    @Test
    void aRetryOnlyAsksForTheDevicesStillOffline() throws Exception {
        failFirst(1, "EIO");
        AutoOnline p = policy(Map.of("retry.delay.ms", "100"));
        p.devicesChanged(node1Cpus(), machine.topology());
        machine.cpus().online(8); // someone else onlined cpu8 meanwhile
        awaitSubmitted(2);

        assertThat(ids(queue.submitted.get(1))).containsExactly(9, 10, 11, 12, 13, 14, 15);
        assertThat(queue.submitted.get(1).origin()).isEqualTo("policy");
    }
}
