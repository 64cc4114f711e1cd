package org.sysplug.doctor.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Report;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.core.LocalQueue;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.sim.TestMachine;

/**
 * The examination against the real request queue (framework.core's worker and phase runner) and the
 * real simulated machine: checks that throw or hang cost only their own findings, and planned
 * requests run as dry runs whose refusal carries the validate handler's failure.
 */
class ExaminerTest {

    /** A DELETE_VALIDATE handler that takes its targets and refuses cpu0, as resource.cpu does for the boot CPU. */
    private static final HotplugHandler BOOT_CPU_STAYS = context -> {
        for (var t : context.request().targets()) {
            context.claim(t);
            if (t.name().equals("cpu0")) {
                throw new HotplugException(HotplugException.EPERM, "cpu0", "the boot CPU cannot go offline");
            }
        }
    };

    private final TestMachine machine = TestMachine.boot("default");
    private final LocalQueue queue = LocalQueue.of(new LocalRunner.Registration(BOOT_CPU_STAYS, "cpu.validate",
            Phase.DELETE_VALIDATE, 100, java.util.EnumSet.allOf(org.sysplug.framework.Kind.class)));
    private final List<String> logged = new ArrayList<>();
    private final Examiner examiner = new Examiner(machine.view(), queue, Duration.ofMillis(500), Duration.ofSeconds(10),
            (message, e) -> logged.add(message + ": " + e), node -> java.util.Optional.empty(), Clock.systemUTC());

    @AfterEach
    void stop() throws Exception {
        examiner.close();
        queue.close();
    }

    @Test
    void everyCheckSeesTheSameMachineAndTheirFindingsComeMostSevereFirst() {
        // the checks run on threads of their own, at the same time
        List<Long> generations = java.util.Collections.synchronizedList(new ArrayList<>());
        Examiner.NamedCheck a = new Examiner.NamedCheck("a", e -> {
            generations.add(e.machine().generation());
            return List.of(new Finding(Severity.INFO, "a", "node0", "fine", ""));
        });
        Examiner.NamedCheck b = new Examiner.NamedCheck("b", e -> {
            generations.add(e.machine().generation());
            return List.of(new Finding(Severity.WARNING, "b", "memory8", "worse", "do this"));
        });

        Report report = examiner.examine(List.of(a, b), List.of());

        assertThat(report.checks()).containsExactly("a", "b");
        assertThat(report.findings()).extracting(Finding::check).containsExactly("b", "a");
        assertThat(report.worst()).hasValue(Severity.WARNING);
        assertThat(generations).hasSize(2).containsOnly(machine.topology().generation());
    }

    @Test
    void aCheckThatThrowsIsOneErrorNamingItAndTheOthersStillReport() {
        Examiner.NamedCheck broken = new Examiner.NamedCheck("broken", e -> {
            throw new IllegalStateException("index 7 out of bounds");
        });
        Examiner.NamedCheck fine = new Examiner.NamedCheck("fine",
                e -> List.of(new Finding(Severity.INFO, "fine", "node0", "ok", "")));

        Report report = examiner.examine(List.of(broken, fine), List.of());

        assertThat(report.findings()).hasSize(2);
        Finding error = report.findings().get(0);
        assertThat(error.severity()).isEqualTo(Severity.ERROR);
        assertThat(error.check()).isEqualTo("broken");
        // the operator reads what happened and what to do, never the exception's text: the log has it
        assertThat(error.problem()).contains("the check failed").doesNotContain("out of bounds", "Exception");
        assertThat(logged).singleElement().asString().contains("broken", "index 7 out of bounds");
        assertThat(report.findings().get(1).check()).isEqualTo("fine");
    }

    @Test
    void aCheckThatHangsIsStoppedWithinTheBoundAndReported() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Examiner.NamedCheck hangs = new Examiner.NamedCheck("hangs", e -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException stopped) {
                interrupted.countDown();
            }
            return List.of();
        });
        long start = System.nanoTime();

        Report report = examiner.examine(List.of(hangs), List.of());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.problem()).contains("did not answer within");
        });
        assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRefusedDryRunIsAnErrorCarryingTheHandlersFailureAndAPassingOneIsNoted() throws Exception {
        HotplugRequest refused = HotplugRequest.of(Operation.OFFLINE, "cpu0").build();
        HotplugRequest passes = HotplugRequest.of(Operation.OFFLINE, "cpu5").build();

        Report report = examiner.examine(List.of(), List.of(refused, passes));

        assertThat(report.checks()).containsExactly(Examiner.DRY_RUN);
        assertThat(report.findings()).hasSize(2);
        Finding error = report.findings().get(0);
        assertThat(error.severity()).isEqualTo(Severity.ERROR);
        assertThat(error.subject()).isEqualTo("cpu0");
        assertThat(error.problem()).startsWith("offline cpu0 would be refused (dry run, request ")
                .endsWith("cpu0: the boot CPU cannot go offline (EPERM) [cpu.validate, DELETE_VALIDATE 100]");
        Finding info = report.findings().get(1);
        assertThat(info.severity()).isEqualTo(Severity.INFO);
        assertThat(info.problem()).startsWith("offline cpu5 would pass validation");

        // both ran as dry runs through the queue, with the doctor as their origin
        List<Outcome> history = queue.recent();
        assertThat(history).hasSize(2).allSatisfy(o -> {
            assertThat(o.request().dryRun()).isTrue();
            assertThat(o.request().origin()).isEqualTo(Examiner.ORIGIN);
        });
    }

    @Test
    void aRefusedHotRemoveOfANodeNamesTheContainerToAskAboutInstead() throws Exception {
        // the validate handler of the firmware module refuses kernel names for an eject; here, one that refuses all
        try (LocalQueue ejects = LocalQueue.of(new LocalRunner.Registration(context -> {
            context.request().targets().forEach(context::claim);
            throw new HotplugException(HotplugException.EINVAL, "node1", "eject takes a firmware namespace path");
        }, "acpi.eject.validate", Phase.DELETE_VALIDATE, 0, java.util.EnumSet.allOf(org.sysplug.framework.Kind.class)));
                Examiner withFirmware = new Examiner(machine.view(), ejects, Duration.ofSeconds(1), Duration.ofSeconds(10),
                        (m, e) -> logged.add(m), node -> node == 1 ? java.util.Optional.of("\\_SB.NOD1")
                                : java.util.Optional.empty(), Clock.systemUTC())) {
            Finding node1 = withFirmware.examine(List.of(), List.of(HotplugRequest.of(Operation.HOT_REMOVE, "node1").build()))
                    .findings().get(0);
            assertThat(node1.severity()).isEqualTo(Severity.ERROR);
            assertThat(node1.fix()).isEqualTo("a node comes and goes with the firmware device that holds it: ask about "
                    + "that, sysplug:doctor hot-remove '\\_SB.NOD1'");
            Finding node2 = withFirmware.examine(List.of(), List.of(HotplugRequest.of(Operation.HOT_REMOVE, "node2").build()))
                    .findings().get(0);
            assertThat(node2.fix()).startsWith("do what the refusal asks, then ask again with sysplug:doctor hot-remove node2");
        }
    }

    @Test
    void aMachineThatCannotBeReadIsOneErrorAndNoCheckRuns() {
        List<String> ran = new ArrayList<>();
        org.sysplug.platform.MachineView broken = new org.sysplug.platform.MachineView() {
            @Override
            public org.sysplug.platform.Topology topology() {
                throw new java.io.UncheckedIOException(new java.io.IOException("sysroot gone"));
            }

            @Override
            public String describe() {
                return "linux: /gone";
            }
        };
        try (Examiner blind = new Examiner(broken, queue, Duration.ofSeconds(1), Duration.ofSeconds(1),
                (m, e) -> logged.add(m), node -> java.util.Optional.empty(), Clock.systemUTC())) {
            Report report = blind.examine(List.of(new Examiner.NamedCheck("a", e -> {
                ran.add("a");
                return List.of();
            })), List.of());
            assertThat(report.findings()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.subject()).isEqualTo("linux: /gone");
            });
        }
        assertThat(ran).isEmpty();
    }
}
