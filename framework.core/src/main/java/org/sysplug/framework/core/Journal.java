package org.sysplug.framework.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import org.sysplug.framework.Device;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;

/**
 * The request journal: every request's life appended to one file in the data directory, so that
 * history survives a restart and a request cut short by kill -9 (or a crash, or a power cut) is
 * found at the next start and reported {@link Status#INTERRUPTED} with the handler it was in.
 *
 * <p>The file is text, one record per line: {@code CRC TYPE<TAB>FIELD<TAB>...}, the CRC-32C of
 * what follows it in eight hex digits, fields escaped so that no tab or newline appears inside one.
 * Records are written as they happen (a process killed keeps what it wrote: the page cache is the
 * kernel's) and forced to the disk at the boundaries that matter after a power cut: before the
 * first handler that changes the machine (the end of validate), before commit, and at the end.
 * Reading it back, a record whose CRC does not match, that cannot be parsed, or that a crash left
 * half-written at the end is reported and skipped; it never stops sysplug.
 *
 * <p>At open the file is compacted when it holds more than twice the history that is kept: the
 * records of the newest requests are copied to a new file that replaces it atomically.
 */
final class Journal implements RequestLog, AutoCloseable {

    static final String FILE = "requests.journal";

    /** What the journal held at open: the history to show, the last id given, what it could not read. */
    record Recovery(List<Outcome> history, long lastId, List<Outcome> interrupted, List<String> problems) {
        static final Recovery EMPTY = new Recovery(List.of(), 0, List.of(), List.of());
    }

    private final Path file;
    private final Consumer<String> warnings;
    private final Recovery recovery;
    private FileChannel channel;
    private boolean failing;

    private Journal(Path file, Consumer<String> warnings, Recovery recovery, FileChannel channel) {
        this.file = file;
        this.warnings = warnings;
        this.recovery = recovery;
        this.channel = channel;
    }

    /**
     * Opens (or creates) the journal in {@code dir}, reads it back, compacts it to about
     * {@code keep} requests, and records the end of every request it finds cut short.
     *
     * @throws IOException when the directory or the file cannot be made or opened: the caller
     *         runs without a journal and says so
     */
    static Journal open(Path dir, int keep, Consumer<String> warnings) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file: move it away, sysplug keeps its journal there");
        }
        byte[] content = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        Reader reader = new Reader();
        List<byte[]> lines = reader.read(content);
        Recovery read = reader.recovery(keep);
        boolean compacted = reader.requests.size() > 2 * Math.max(1, keep);
        if (compacted) {
            compact(file, lines, reader, keep);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        Journal journal = new Journal(file, warnings, read, channel);
        if (!compacted && content.length > 0 && content[content.length - 1] != '\n') {
            // a half-written record at the end: the next one starts on a line of its own
            journal.write(new byte[] { '\n' });
        }
        for (Outcome o : read.interrupted()) {
            journal.finished(o);
        }
        journal.force();
        read.problems().forEach(warnings);
        return journal;
    }

    Recovery recovery() {
        return recovery;
    }

    Path file() {
        return file;
    }

    // --- writing -----------------------------------------------------------------------------

    @Override
    public void queued(RequestRun run) {
        HotplugRequest r = run.request();
        List<String> f = new ArrayList<>();
        f.add(Long.toString(run.id()));
        f.add(run.outcome().submitted().toString());
        f.add(r.operation().name());
        f.add(r.origin());
        f.add(r.dryRun() ? "1" : "0");
        f.add(r.deadline().map(d -> Long.toString(d.toMillis())).orElse(""));
        f.add(r.targetNames());
        r.parameters().forEach((k, v) -> f.add(k + "=" + v));
        append("Q", f);
    }

    @Override
    public void started(RequestRun run) {
        append("S", List.of(Long.toString(run.id()), run.outcome().started().orElseGet(Instant::now).toString()));
    }

    @Override
    public void entering(RequestRun run, HandlerEntry handler, Phase phase, TraceEntry.Action action) {
        append("E", List.of(Long.toString(run.id()), handler.info().name(), handler.info().bundle(), phase.name(),
                Integer.toString(handler.info().rank()), action.name()));
    }

    @Override
    public void called(RequestRun run, TraceEntry t) {
        List<String> f = new ArrayList<>(List.of(Long.toString(run.id()), t.handler(), t.bundle(), t.phase().name(),
                Integer.toString(t.rank()), t.action().name(), Long.toString(t.duration().toNanos()), t.result().name(),
                t.message()));
        f.addAll(t.notes());
        append("T", f);
    }

    @Override
    public void rollingBack(RequestRun run, Failure cause) {
        List<String> f = new ArrayList<>(List.of(Long.toString(run.id())));
        failureFields(cause, f);
        append("B", f);
    }

    @Override
    public void phaseEnded(RequestRun run, Phase phase) {
        List<String> f = new ArrayList<>(List.of(Long.toString(run.id()), phase.name()));
        run.devices().forEach(d -> f.add(d.name() + "=" + d.type()));
        append("P", f);
        if (phase.step() != Phase.Step.COMMIT) {
            // what follows changes the machine (execute) or cannot be undone (commit)
            force();
        }
    }

    @Override
    public void finished(Outcome o) {
        List<String> f = new ArrayList<>(List.of(Long.toString(o.id()), o.status().name(),
                o.finished().orElseGet(Instant::now).toString()));
        if (o.failure().isPresent()) {
            failureFields(o.failure().get(), f);
        } else {
            f.addAll(List.of("", "", "", "", "", "", ""));
        }
        f.add(String.join(" ", o.inconsistent()));
        o.devices().forEach(d -> f.add(d.name() + "=" + d.type()));
        append("D", f);
        force();
    }

    private static void failureFields(Failure x, List<String> f) {
        f.addAll(List.of(x.handler(), x.bundle(), x.phase().map(Phase::name).orElse(""), Integer.toString(x.rank()),
                x.code(), x.device(), x.message()));
    }

    private synchronized void append(String type, List<String> fields) {
        write(encode(type, fields));
    }

    static byte[] encode(String type, List<String> fields) {
        StringBuilder body = new StringBuilder(type);
        for (String field : fields) {
            body.append('\t');
            escape(field, body);
        }
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        byte[] head = String.format("%08x ", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + payload.length + 1];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(payload, 0, line, head.length, payload.length);
        line[line.length - 1] = '\n';
        return line;
    }

    private synchronized void write(byte[] bytes) {
        if (channel == null) {
            return;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            failing = false;
        } catch (IOException e) {
            trouble("cannot write the request journal " + file + ": " + e.getMessage());
        }
    }

    private synchronized void force() {
        if (channel == null) {
            return;
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            trouble("cannot flush the request journal " + file + " to disk: " + e.getMessage());
        }
    }

    /** Said once per run of failures, not per record: a full disk must not flood the log. */
    private void trouble(String what) {
        if (!failing) {
            failing = true;
            warnings.accept(what + "; requests go on, but what they do is not journaled until it can be written");
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                warnings.accept("cannot close the request journal " + file + ": " + e.getMessage());
            }
            channel = null;
        }
    }

    private static void compact(Path file, List<byte[]> lines, Reader reader, int keep) throws IOException {
        List<Long> ids = new ArrayList<>(reader.requests.keySet());
        java.util.Set<Long> kept = new java.util.HashSet<>(ids.subList(Math.max(0, ids.size() - keep), ids.size()));
        Path next = file.resolveSibling(FILE + ".new");
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < lines.size(); i++) {
                Long id = reader.lineIds.get(i);
                if (id != null && kept.contains(id)) {
                    ByteBuffer b = ByteBuffer.allocate(lines.get(i).length + 1);
                    b.put(lines.get(i)).put((byte) '\n').flip();
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
            }
            out.force(true);
        }
        try {
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // --- escaping ----------------------------------------------------------------------------

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // --- reading -----------------------------------------------------------------------------

    /** Reads records back into requests, skipping what cannot be trusted. */
    static final class Reader {
        final Map<Long, Story> requests = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        /** The request id of each line read (null for a line skipped). */
        final List<Long> lineIds = new ArrayList<>();

        /** Splits {@code content} into lines and reads each; returns the lines (without their newline). */
        List<byte[]> read(byte[] content) {
            List<byte[]> lines = new ArrayList<>();
            int start = 0;
            int number = 0;
            for (int i = 0; i <= content.length; i++) {
                boolean end = i == content.length;
                if (!end && content[i] != '\n') {
                    continue;
                }
                if (end && start == content.length) {
                    break;
                }
                number++;
                byte[] line = java.util.Arrays.copyOfRange(content, start, i);
                lines.add(line);
                if (end) {
                    problems.add("request journal: the last record (line " + number + ", " + line.length
                            + " bytes) was cut short, as a crash leaves it: skipped");
                    lineIds.add(null);
                } else {
                    lineIds.add(record(line, number));
                }
                start = i + 1;
            }
            return lines;
        }

        private Long record(byte[] line, int number) {
            if (line.length == 0) {
                return null;
            }
            try {
                if (line.length < 10 || line[8] != ' ') {
                    throw new IllegalArgumentException("no checksum");
                }
                long expected = Long.parseLong(new String(line, 0, 8, StandardCharsets.US_ASCII), 16);
                CRC32C crc = new CRC32C();
                crc.update(line, 9, line.length - 9);
                if (crc.getValue() != expected) {
                    throw new IllegalArgumentException("checksum mismatch");
                }
                String[] raw = new String(line, 9, line.length - 9, StandardCharsets.UTF_8).split("\t", -1);
                List<String> f = new ArrayList<>(raw.length - 1);
                for (int i = 1; i < raw.length; i++) {
                    f.add(unescape(raw[i]));
                }
                long id = Long.parseLong(f.get(0));
                apply(raw[0], id, f);
                return id;
            } catch (RuntimeException e) {
                problems.add("request journal: record at line " + number + " is damaged (" + e.getMessage()
                        + "): skipped");
                return null;
            }
        }

        private void apply(String type, long id, List<String> f) {
            if (type.equals("Q")) {
                HotplugRequest.Builder b = HotplugRequest.of(Operation.valueOf(f.get(2)), f.get(6).split(" "))
                        .origin(f.get(3)).dryRun(f.get(4).equals("1"));
                if (!f.get(5).isEmpty()) {
                    b.deadline(Duration.ofMillis(Long.parseLong(f.get(5))));
                }
                for (String p : f.subList(7, f.size())) {
                    int eq = p.indexOf('=');
                    b.parameter(p.substring(0, eq), p.substring(eq + 1));
                }
                requests.put(id, new Story(id, b.build(), Instant.parse(f.get(1))));
                return;
            }
            Story s = requests.get(id);
            if (s == null) {
                throw new IllegalArgumentException(type + " record of request " + id + ", which the journal never queued");
            }
            switch (type) {
                case "S" -> s.started = Instant.parse(f.get(1));
                case "E" -> s.inside = new TraceEntry(f.get(1), f.get(2), Phase.valueOf(f.get(3)),
                        Integer.parseInt(f.get(4)), TraceEntry.Action.valueOf(f.get(5)), Duration.ZERO,
                        TraceEntry.Result.OK, "", List.of());
                case "T" -> {
                    s.trace.add(new TraceEntry(f.get(1), f.get(2), Phase.valueOf(f.get(3)), Integer.parseInt(f.get(4)),
                            TraceEntry.Action.valueOf(f.get(5)), Duration.ofNanos(Long.parseLong(f.get(6))),
                            TraceEntry.Result.valueOf(f.get(7)), f.get(8), f.subList(9, f.size())));
                    s.inside = null;
                }
                case "B" -> s.rollbackCause = failure(f, 1);
                case "P" -> {
                    s.devices.clear();
                    s.devices.addAll(devices(f.subList(2, f.size())));
                    if (Phase.valueOf(f.get(1)).step() != Phase.Step.VALIDATE) {
                        s.changing = true;
                    }
                }
                case "D" -> {
                    s.status = Status.valueOf(f.get(1));
                    s.finished = Instant.parse(f.get(2));
                    s.failure = f.get(7).isEmpty() ? null : failure(f, 3);
                    s.inconsistent = f.get(10).isEmpty() ? List.of() : List.of(f.get(10).split(" "));
                    s.devices.clear();
                    s.devices.addAll(devices(f.subList(11, f.size())));
                }
                default -> throw new IllegalArgumentException("unknown record type " + type);
            }
        }

        private static Failure failure(List<String> f, int at) {
            return new Failure(f.get(at), f.get(at + 1), f.get(at + 2).isEmpty() ? Optional.empty()
                    : Optional.of(Phase.valueOf(f.get(at + 2))), Integer.parseInt(f.get(at + 3)), f.get(at + 4),
                    f.get(at + 5), f.get(at + 6));
        }

        private static List<Device> devices(List<String> fields) {
            List<Device> out = new ArrayList<>();
            for (String d : fields) {
                int eq = d.lastIndexOf('=');
                out.add(new Device(d.substring(0, eq), d.substring(eq + 1)));
            }
            return out;
        }

        /** The newest {@code keep} requests as outcomes, newest first, with the ones cut short ended. */
        Recovery recovery(int keep) {
            List<Outcome> history = new ArrayList<>();
            List<Outcome> interrupted = new ArrayList<>();
            long lastId = 0;
            for (Story s : requests.values()) {
                lastId = Math.max(lastId, s.id);
                Outcome o = s.status != null ? s.outcome() : s.interrupted();
                if (s.status == null) {
                    interrupted.add(o);
                }
                history.add(0, o);
            }
            return new Recovery(List.copyOf(history.subList(0, Math.min(Math.max(1, keep), history.size()))), lastId,
                    List.copyOf(interrupted), List.copyOf(problems));
        }
    }

    /** One request as the journal tells it. */
    static final class Story {
        final long id;
        final HotplugRequest request;
        final Instant submitted;
        Instant started;
        Instant finished;
        Status status;
        Failure failure;
        Failure rollbackCause;
        /** The call begun and not ended: where a process that died mid-call died. */
        TraceEntry inside;
        /** True once a phase that changes the machine has begun to end (execute or commit). */
        boolean changing;
        final List<TraceEntry> trace = new ArrayList<>();
        final List<Device> devices = new ArrayList<>();
        List<String> inconsistent = List.of();

        Story(long id, HotplugRequest request, Instant submitted) {
            this.id = id;
            this.request = request;
            this.submitted = submitted;
        }

        Outcome outcome() {
            return new Outcome(id, request, status, Optional.ofNullable(failure), trace, inconsistent, devices,
                    List.of(), submitted, Optional.ofNullable(started), Optional.ofNullable(finished));
        }

        /** The request as a process that died while it was queued or running left it. */
        Outcome interrupted() {
            if (started == null) {
                HotplugException why = new HotplugException(HotplugException.CANCELLED, null, "sysplug stopped while "
                        + "request " + id + " waited in the queue: it never ran and changed nothing; submit it again");
                return new Outcome(id, request, Status.CANCELLED, Optional.of(Failure.ofFramework(why)), trace,
                        List.of(), devices, List.of(), submitted, Optional.empty(), Optional.of(submitted));
            }
            boolean touched = changing || trace.stream().anyMatch(t -> t.phase().step() != Phase.Step.VALIDATE)
                    || (inside != null && inside.phase().step() != Phase.Step.VALIDATE);
            List<String> concerned = new ArrayList<>();
            if (touched) {
                request.targets().forEach(t -> concerned.add(t.name()));
                devices.forEach(d -> {
                    if (!concerned.contains(d.name())) {
                        concerned.add(d.name());
                    }
                });
            }
            String where;
            TraceEntry at = inside;
            if (at != null) {
                where = "inside " + at.handler() + " (" + at.action().name().toLowerCase(java.util.Locale.ROOT) + ", "
                        + at.phase() + " " + at.rank() + ")";
            } else if (!trace.isEmpty()) {
                TraceEntry last = trace.get(trace.size() - 1);
                at = last;
                where = "between handler calls, after " + last.handler() + " ("
                        + last.action().name().toLowerCase(java.util.Locale.ROOT) + ", " + last.phase() + " "
                        + last.rank() + ")";
            } else {
                where = "before its first handler call";
            }
            String what = touched
                    ? "it may have left " + DeviceRuns.compress(concerned) + " half-done"
                            + (rollbackCause != null ? " (it was rolling back: " + rollbackCause.describe() + ")" : "")
                            + "; 'sysplug:reconcile " + id + "' shows them against the machine and retries or rolls it back"
                    : "it was still validating, which changes nothing: submit it again";
            HotplugException why = new HotplugException(HotplugException.INTERRUPTED, null,
                    "sysplug stopped while request " + id + " ran, " + where + ": " + what);
            Failure f = at == null ? Failure.ofFramework(why)
                    : new Failure(at.handler(), at.bundle(), Optional.of(at.phase()), at.rank(), why.code(), "",
                            why.getMessage());
            // the journal keeps no clock per call: the last moment known is the start and the calls' time
            Instant lastKnown = started.plus(trace.stream().map(TraceEntry::duration).reduce(Duration.ZERO, Duration::plus));
            return new Outcome(id, request, Status.INTERRUPTED, Optional.of(f), trace, concerned, devices, List.of(),
                    submitted, Optional.of(started), Optional.of(lastKnown));
        }
    }
}
