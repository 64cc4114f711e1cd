package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;

/**
 * A journal damaged anywhere (bytes flipped, cut at any point, garbage inserted, lines repeated)
 * never stops sysplug: it opens, what it recovers belongs to the requests that were written, and
 * the journal takes new records that the next start reads back.
 */
class JournalProperties {

    private Path dir;

    @BeforeTry
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("sysplug-journal-test");
    }

    @AfterTry
    void removeDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One damage: what it does, where (a fraction of the file), and with which byte. */
    record Damage(int kind, double at, int value) {
    }

    @Provide
    Arbitrary<List<Damage>> damages() {
        Arbitrary<Damage> one = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 255)).as(Damage::new);
        return one.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 150)
    void aDamagedJournalOpensAndGoesOn(@ForAll("damages") List<Damage> damages) throws Exception {
        Path file = dir.resolve(Journal.FILE);
        Set<Long> written = writeJournal(file, 6);
        byte[] content = Files.readAllBytes(file);
        for (Damage d : damages) {
            content = damage(content, d);
        }
        Files.write(file, content);

        List<String> warnings = new ArrayList<>();
        long next;
        try (Journal journal = Journal.open(dir, 16, warnings::add)) {
            Journal.Recovery r = journal.recovery();
            assertThat(r.history()).allMatch(o -> written.contains(o.id()));
            assertThat(r.history()).allMatch(o -> o.status().isTerminal());
            assertThat(r.lastId()).isLessThanOrEqualTo(6);
            next = r.lastId() + 1;
            RequestRun run = new RequestRun(next, HotplugRequest.of(Operation.ONLINE, "cpu1").build(), Instant.now());
            journal.queued(run);
            journal.finished(run.finish(Status.SUCCEEDED, null, Instant.now()));
        }
        try (Journal again = Journal.open(dir, 16, w -> { })) {
            assertThat(again.recovery().history()).anyMatch(o -> o.id() == next && o.status() == Status.SUCCEEDED);
        }
    }

    /** Requests 1..n as the queue writes them, each with a handler call; returns their ids. */
    private static Set<Long> writeJournal(Path file, int n) throws IOException {
        Set<Long> ids = new HashSet<>();
        try (Journal journal = Journal.open(file.getParent(), 16, w -> { })) {
            for (long id = 1; id <= n; id++) {
                RequestRun run = new RequestRun(id, HotplugRequest.of(Operation.OFFLINE, "cpu" + id, "memory" + id)
                        .parameter("zone", "movable").build(), Instant.now());
                journal.queued(run);
                run.start(Instant.now());
                journal.started(run);
                journal.called(run, new TraceEntry("cpu.remove", "org.sysplug.resource.cpu",
                        org.sysplug.framework.Phase.DELETE_EXECUTE, 30, TraceEntry.Action.APPLY,
                        java.time.Duration.ofMillis(2), TraceEntry.Result.OK, "", List.of("cpu" + id + " offline")));
                journal.finished(run.finish(Status.SUCCEEDED, null, Instant.now()));
                ids.add(id);
            }
        }
        return ids;
    }

    private static byte[] damage(byte[] content, Damage d) {
        if (content.length == 0) {
            return content;
        }
        int at = Math.min(content.length - 1, (int) (d.at() * content.length));
        switch (d.kind()) {
            case 0 -> { // a byte changed
                byte[] out = content.clone();
                out[at] = (byte) (out[at] ^ (d.value() == 0 ? 1 : d.value()));
                return out;
            }
            case 1 -> { // cut there, as a crash or a full disk leaves it
                return java.util.Arrays.copyOf(content, at);
            }
            case 2 -> { // a byte inserted (a newline among them)
                byte[] out = new byte[content.length + 1];
                System.arraycopy(content, 0, out, 0, at);
                out[at] = (byte) (d.value() % 2 == 0 ? '\n' : d.value());
                System.arraycopy(content, at, out, at + 1, content.length - at);
                return out;
            }
            default -> { // the file's start repeated at the end (a replayed write)
                byte[] out = java.util.Arrays.copyOf(content, content.length + at);
                System.arraycopy(content, 0, out, content.length, at);
                return out;
            }
        }
    }
}
