package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.framework.core.Fixtures.entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.framework.core.Fixtures.Machine;
import org.sysplug.framework.core.Fixtures.Recording;

/**
 * The journal with the real queue and runner: what a restart finds, what a process killed in the
 * middle of a request leaves, and a journal damaged at its end or in its middle.
 */
class JournalTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Machine machine = new Machine();
    private final HandlerRegistry registry = new HandlerRegistry();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private Journal journal;
    private SerialQueue queue;

    @AfterEach
    void close() throws InterruptedException {
        if (queue != null) {
            queue.stop(WAIT);
        }
        if (journal != null) {
            journal.close();
        }
    }

    /** Starts sysplug's queue over the journal in {@code dir}, as a start of the platform does. */
    private SerialQueue boot(int history) throws IOException, InterruptedException {
        close();
        journal = Journal.open(dir, history, warnings::add);
        PhaseRunner runner = new PhaseRunner((h, a, e) -> { }, journal);
        queue = new SerialQueue(registry, runner, new SerialQueue.Listener() {
        }, journal, journal.recovery(), Clock.systemUTC(), 16, history, null);
        queue.start();
        return queue;
    }

    private Outcome run(HotplugRequest request) throws Exception {
        return queue.submit(request).await(WAIT);
    }

    @Test
    void historySurvivesARestartWithItsTracesAndIdsGoOn() throws Exception {
        registry.add(entry(new Recording("check", machine), Phase.ADD_VALIDATE, 10));
        Recording cpu = new Recording("cpu", machine);
        cpu.onApply = c -> c.note("cpu5 online\twith a tab and a\nnewline");
        registry.add(entry(cpu, Phase.ADD_EXECUTE, 110));
        boot(8);
        Outcome ok = run(HotplugRequest.of(Operation.ONLINE, "cpu5").origin("shell").parameter("zone", "movable")
                .deadline(Duration.ofSeconds(30)).build());
        Outcome cancelled = queue.submit(HotplugRequest.of(Operation.ONLINE, "cpu7").dryRun(true).build()).await(WAIT);

        boot(8);
        List<Outcome> after = queue.recent();

        assertThat(after).hasSize(2);
        assertThat(after.get(1)).usingRecursiveComparison().ignoringFields("trace").isEqualTo(ok);
        assertThat(after.get(1).trace()).hasSize(ok.trace().size());
        assertThat(after.get(1).trace().get(1).notes()).containsExactly("cpu5 online\twith a tab and a\nnewline");
        assertThat(after.get(0)).usingRecursiveComparison().ignoringFields("trace").isEqualTo(cancelled);
        assertThat(queue.submit(HotplugRequest.of(Operation.ONLINE, "cpu6").build()).id()).isEqualTo(3);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aRequestCutShortInsideAnExecuteHandlerIsInterruptedWithThatHandlerAndItsDevices() throws Exception {
        // what a process killed inside cpu's apply leaves: written records, no ending
        writeJournal(List.of(
                Journal.encode("Q", List.of("1", "2026-12-06T10:00:00Z", "OFFLINE", "shell", "0", "", "cpu3 cpu4")),
                Journal.encode("S", List.of("1", "2026-12-06T10:00:00.010Z")),
                Journal.encode("E", List.of("1", "cpu.validate", "org.sysplug.resource.cpu", "DELETE_VALIDATE", "100", "APPLY")),
                Journal.encode("T", List.of("1", "cpu.validate", "org.sysplug.resource.cpu", "DELETE_VALIDATE", "100",
                        "APPLY", "1000", "OK", "")),
                Journal.encode("P", List.of("1", "DELETE_VALIDATE")),
                Journal.encode("E", List.of("1", "cpu.remove", "org.sysplug.resource.cpu", "DELETE_EXECUTE", "30",
                        "APPLY"))));

        boot(8);
        Outcome o = queue.recent().get(0);

        assertThat(o.status()).isEqualTo(Status.INTERRUPTED);
        assertThat(o.inconsistent()).containsExactly("cpu3", "cpu4");
        assertThat(o.failure().orElseThrow().handler()).isEqualTo("cpu.remove");
        assertThat(o.failure().orElseThrow().code()).isEqualTo(HotplugException.INTERRUPTED);
        assertThat(o.failure().orElseThrow().message()).contains("inside cpu.remove (apply, DELETE_EXECUTE 30)")
                .contains("sysplug:reconcile 1");
        assertThat(journal.recovery().interrupted()).hasSize(1);

        // the next start finds it ended (INTERRUPTED is on the record now), not cut short again
        boot(8);
        assertThat(journal.recovery().interrupted()).isEmpty();
        assertThat(queue.recent().get(0).status()).isEqualTo(Status.INTERRUPTED);
        assertThat(queue.recent().get(0).inconsistent()).containsExactly("cpu3", "cpu4");
    }

    @Test
    void aRequestCutShortWhileValidatingChangedNothingAndOneThatNeverRanIsCancelled() throws Exception {
        writeJournal(List.of(
                Journal.encode("Q", List.of("1", "2026-12-06T10:00:00Z", "ONLINE", "shell", "0", "", "cpu3")),
                Journal.encode("Q", List.of("2", "2026-12-06T10:00:00Z", "ONLINE", "shell", "0", "", "cpu4")),
                Journal.encode("S", List.of("1", "2026-12-06T10:00:00.010Z")),
                Journal.encode("E", List.of("1", "check", "b", "ADD_VALIDATE", "10", "APPLY"))));

        boot(8);

        Outcome running = queue.find(1).orElseThrow();
        assertThat(running.status()).isEqualTo(Status.INTERRUPTED);
        assertThat(running.inconsistent()).isEmpty();
        assertThat(running.failure().orElseThrow().message()).contains("still validating");
        Outcome waiting = queue.find(2).orElseThrow();
        assertThat(waiting.status()).isEqualTo(Status.CANCELLED);
        assertThat(waiting.failure().orElseThrow().message()).contains("never ran");
    }

    @Test
    void aTruncatedTailAndADamagedRecordAreReportedAndSkippedAndTheJournalGoesOn() throws Exception {
        registry.add(entry(new Recording("cpu", machine), Phase.ADD_EXECUTE, 110));
        boot(8);
        run(HotplugRequest.of(Operation.ONLINE, "cpu1").build());
        run(HotplugRequest.of(Operation.ONLINE, "cpu2").build());
        close();
        Path file = dir.resolve(Journal.FILE);
        byte[] content = Files.readAllBytes(file);
        // a bit flipped in the first request's ending, and half a record at the end
        String text = new String(content, StandardCharsets.UTF_8);
        int firstEnd = text.indexOf("\tSUCCEEDED\t");
        content[firstEnd + 2] ^= 0x01;
        byte[] half = Journal.encode("Q", List.of("9", "2026-12-06T10:00:00Z", "ONLINE", "shell", "0", "", "cpu9"));
        byte[] damaged = new byte[content.length + half.length / 2];
        System.arraycopy(content, 0, damaged, 0, content.length);
        System.arraycopy(half, 0, damaged, content.length, half.length / 2);
        Files.write(file, damaged);

        boot(8);

        assertThat(warnings).anyMatch(w -> w.contains("is damaged (checksum mismatch)"))
                .anyMatch(w -> w.contains("was cut short"));
        // request 1 lost its ending: it reads as cut short; request 2 is whole
        assertThat(queue.find(2).orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
        assertThat(queue.find(1).orElseThrow().status()).isEqualTo(Status.INTERRUPTED);
        Outcome third = run(HotplugRequest.of(Operation.ONLINE, "cpu3").build());
        assertThat(third.id()).isEqualTo(3);

        warnings.clear();
        boot(8);
        assertThat(queue.find(3).orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
        assertThat(warnings).noneMatch(w -> w.contains("cut short"));
    }

    @Test
    void aLongJournalIsCompactedToTheNewestRequests() throws Exception {
        registry.add(entry(new Recording("cpu", machine), Phase.ADD_EXECUTE, 110));
        boot(3);
        for (int i = 0; i < 10; i++) {
            run(HotplugRequest.of(Operation.ONLINE, "cpu" + i).build());
        }
        long before = Files.size(dir.resolve(Journal.FILE));

        boot(3);

        assertThat(Files.size(dir.resolve(Journal.FILE))).isLessThan(before / 2);
        assertThat(queue.recent()).extracting(Outcome::id).containsExactly(10L, 9L, 8L);
        assertThat(queue.submit(HotplugRequest.of(Operation.ONLINE, "cpu1").build()).id()).isEqualTo(11);
    }

    @Test
    void aRefusedSubmitAndAFailedRequestAreOnTheRecordWithTheirTrace() throws Exception {
        Recording failing = new Recording("memory", machine);
        failing.failApply = new HotplugException(HotplugException.EBUSY, "memory40", "unmovable pages");
        registry.add(entry(new Recording("node", machine), Phase.ADD_EXECUTE, 50));
        registry.add(entry(failing, Phase.ADD_EXECUTE, 100));
        boot(8);
        Outcome o = run(HotplugRequest.of(Operation.ONLINE, "memory40").build());

        boot(8);
        Outcome back = queue.find(o.id()).orElseThrow();

        assertThat(back.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(back.trace()).extracting(t -> t.action() + " " + t.handler() + " " + t.result())
                .containsExactly("APPLY node OK", "APPLY memory FAILED", "ROLLBACK node OK");
        assertThat(back.failure()).isEqualTo(o.failure());
        List<TraceEntry.Action> actions = new ArrayList<>();
        back.trace().forEach(t -> actions.add(t.action()));
        assertThat(actions).containsExactly(TraceEntry.Action.APPLY, TraceEntry.Action.APPLY, TraceEntry.Action.ROLLBACK);
    }

    private void writeJournal(List<byte[]> records) throws IOException {
        Files.createDirectories(dir);
        try (var out = Files.newOutputStream(dir.resolve(Journal.FILE))) {
            for (byte[] r : records) {
                out.write(r);
            }
        }
    }
}
