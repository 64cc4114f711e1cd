package org.sysplug.platform.linux.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.linux.LinuxMachine;
import org.sysplug.platform.linux.SyntheticTree;

/**
 * The write path under a real race: while the Linux machine onlines and offlines the blocks of a
 * writable copy, again and again, another thread swaps {@code sys/devices/system/memory} for a
 * symbolic link to a decoy beside the tree (a directory shaped the same, {@code memoryN/state}
 * and all) and back. Before the walk from the root, a directory checked once was trusted for a
 * second and the link followed: the decoy's files were written. Now no decoy file changes, and
 * every write either lands in the tree's own file (its content checked at the end) or fails with
 * a message that names the path and what was in the way.
 */
@Timeout(120)
class WriteRaceTest {

    static final String MEMORY = "sys/devices/system/memory";
    static final int BLOCKS = 64;

    @TempDir
    Path tmp;

    /** How the tree is opened: holding nothing ({@code of}), holding directories for the default time, or for 1 ms. */
    @ParameterizedTest
    @ValueSource(strings = {"of", "open", "open-1ms"})
    void aLinkSwappedInDuringWritesNeverLetsAWriteLeaveTheTree(String how) throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 2, false, BLOCKS, false);
        Path decoy = SysrootWalkTest.copy(root.resolve(MEMORY), tmp.resolve("decoy"));
        Files.writeString(tmp.resolve("beside"), "outside the tree\n");
        String decoySum = SyntheticTree.checksum(decoy);
        String besideSum = SyntheticTree.checksum(tmp.resolve("beside"));

        Sysroot sysroot = switch (how) {
            case "of" -> Sysroot.of(root, Sysroot.Access.WRITABLE);
            case "open" -> Sysroot.open(root, Sysroot.Access.WRITABLE);
            default -> Sysroot.open(root, Sysroot.Access.WRITABLE, 1_000_000L);
        };
        LinuxMachine machine = new LinuxMachine(sysroot);
        assertThat(machine.topology().memory()).hasSize(BLOCKS);

        Path memory = root.resolve(MEMORY);
        Path away = root.resolve(MEMORY + ".away"); // inside the tree
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        AtomicReference<Throwable> swapperFailed = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.move(memory, away);
                    Files.createSymbolicLink(memory, decoy);
                    LockSupport.parkNanos(100_000);
                    Files.delete(memory);
                    Files.move(away, memory);
                    swaps.incrementAndGet();
                    // the real directory longer than the link, so that whole reads of the tree
                    // also happen now and then, and with them writes that get through
                    LockSupport.parkNanos(1_000_000);
                }
            } catch (IOException | RuntimeException e) {
                swapperFailed.set(e);
            }
        }, "swapper");

        // what each block's state file must hold at the end: the last write that reached it
        String[] expected = new String[BLOCKS];
        java.util.Arrays.fill(expected, "offline\n");
        List<String> failures = new ArrayList<>();
        ConcurrentHashMap<String, Integer> kinds = new ConcurrentHashMap<>();
        int written = 0;
        swapper.start();
        try {
            // until the swapper has swapped a good many times and refusals were seen, within bounds
            for (int round = 0; round < 400 && (round < 10 || swaps.get() < 100 || failures.isEmpty() || written == 0);
                    round++) {
                boolean online = round % 2 == 0;
                // what the backend's poll monitor does when the memory directory's names change:
                // the tree is read again, here at whatever moment of a swap that falls
                machine.invalidate();
                for (int b = 0; b < BLOCKS; b++) {
                    try {
                        if (online) {
                            machine.blockOnline(b, OnlineType.ONLINE_MOVABLE);
                        } else {
                            machine.blockOffline(b);
                        }
                        expected[b] = online ? "online\n" : "offline\n";
                        written++;
                    } catch (PortException e) {
                        failures.add(e.getMessage());
                        // the state was written and only what follows it failed: it reached the file
                        if (e.getMessage().startsWith("wrote ")) {
                            expected[b] = online ? "online\n" : "offline\n";
                        }
                        kinds.merge(kind(e.getMessage()), 1, Integer::sum);
                    }
                }
            }
        } finally {
            stop.set(true);
            swapper.join(10_000);
            sysroot.close();
        }
        System.out.printf("%s: %d swaps, %d writes, refusals %s%n", how, swaps.get(), written, kinds);
        assertThat(swapperFailed.get()).isNull();
        assertThat(swaps.get()).isPositive();
        assertThat(Files.isDirectory(memory, LinkOption.NOFOLLOW_LINKS)).isTrue();

        // nothing outside the tree changed
        assertThat(SyntheticTree.checksum(decoy)).isEqualTo(decoySum);
        assertThat(SyntheticTree.checksum(tmp.resolve("beside"))).isEqualTo(besideSum);
        // every write that was reported done (or done before what follows it failed) is in the tree's own file
        for (int b = 0; b < BLOCKS; b++) {
            assertThat(Files.readString(memory.resolve("memory" + b + "/state"))).as("memory%d/state", b).isEqualTo(expected[b]);
        }
        // and every refusal says which path and why, never a Java exception's text
        for (String f : failures) {
            assertThat(f).as(f).matches(REFUSAL).doesNotContain("Exception").doesNotContain("java.");
        }
        assertThat(written).isPositive();
        if (!how.equals("open")) {
            // the walk met the link (or the gap between the rename and the link) at least once
            assertThat(failures).as("kinds seen: %s", kinds).isNotEmpty();
        }
    }

    /**
     * What a refused write may say: the link, a gap while the directory was moved, or the block
     * unknown or absent while the machine read a tree whose memory directory was a link.
     */
    static final String REASON = "(" + MEMORY + "\\S* (is a symbolic link|is not a directory|changed while it was opened"
            + "|is absent|holds).*|no such attribute below .+)";
    static final Pattern REFUSAL = Pattern.compile("(?s)("
            + "writing '(online_movable|offline)' to " + MEMORY + "/memory\\d+/state failed: " + REASON
            + "|wrote " + MEMORY + "/memory\\d+/state but the tree's summary files could not follow it: " + REASON
            + "|memory\\d+'s state is unknown, so sysplug leaves it alone: " + REASON
            + "|memory\\d+ does not exist below .+ \\(no " + MEMORY + "/memory\\d+\\)"
            + ")");

    private static String kind(String message) {
        if (message.contains(MEMORY + " is a symbolic link")) {
            return "link";
        }
        if (message.contains("changed while it was opened")) {
            return "changed";
        }
        if (message.contains("is absent") || message.contains("does not exist")) {
            return "absent";
        }
        if (message.contains("state is unknown")) {
            return "unknown";
        }
        return "other: " + message;
    }
}
