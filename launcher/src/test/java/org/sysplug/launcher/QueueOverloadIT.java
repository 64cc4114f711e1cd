package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue overload from a {@code -f} script of a hundred {@code --async} submits behind a hung
 * request: each submit is answered at once, queued with its id or refused with QUEUE_FULL (the
 * script stops there, exit 1), and after sysplug stops every one of them has an ending on the
 * record: the journal of {@code --data} accounts for all of them.
 */
class QueueOverloadIT {

    @Test
    void everyAsyncSubmitIsAnsweredAndEveryRequestIsAccountedFor(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        StringBuilder script = new StringBuilder("sim:fault --hang cpu.offline cpu1\nsysplug:offline cpu 1 --async\n");
        for (int i = 0; i < 100; i++) {
            script.append("sysplug:offline cpu 2 --async\n");
        }
        Path file = dir.resolve("overload.txt");
        Files.writeString(file, script);

        JarRuns.Run r = JarRuns.run("--data", data.toString(), "-f", file.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        List<Long> queued = ids(r.out(), "request (\\d+) queued");
        assertThat(queued).as(r.out()).hasSize(1 + 64); // the hung one and a full queue (capacity 64)
        assertThat(r.out() + r.err()).contains("REJECTED").contains("the request queue is full (64 waiting)");
        assertThat(r.out() + r.err()).doesNotContain("Exception");

        JarRuns.Run history = JarRuns.run("--data", data.toString(), "sysplug:requests");
        assertThat(history.exit()).isZero();
        for (long id : queued) {
            assertThat(history.out()).as("request " + id + " has an ending on the record")
                    .containsPattern("(?m)^\\s*" + id + "\\s+OFFLINE\\s+(CANCELLED|FAILED_ROLLED_BACK|INTERRUPTED)\\s");
        }
        assertThat(history.out()).containsPattern("(?m)^\\s*66\\s+OFFLINE\\s+REJECTED\\s");
    }

    private static List<Long> ids(String text, String regex) {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }
}
