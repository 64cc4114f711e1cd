package org.sysplug.bench.linux;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernel's coldplug storm for {@code bench/uevent-burst.sh}: stands in for {@code udevadm
 * monitor --kernel --property} (the script puts it first on sysplug's {@code PATH} as
 * {@code udevadm}). Once the file {@code BURST_GO} exists, it adds {@code BURST_COUNT} memory
 * blocks to the tree {@code BURST_TREE}, each offline as the kernel adds it (its directory, then
 * its attributes, then its node link), and prints each one's {@code add} uevent in udevadm's
 * format right after, spread evenly over {@code BURST_MS} milliseconds. It writes the first and
 * last event's time (epoch microseconds) to {@code BURST_DONE}, then waits until it is stopped,
 * as udevadm's monitor does.
 *
 * <pre>udevadm monitor ...   (with BURST_TREE, BURST_COUNT, BURST_MS, BURST_GO, BURST_DONE set)</pre>
 *
 * A single source file without dependencies: run as {@code java UeventBurst.java}.
 */
public final class UeventBurst {

    private UeventBurst() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("monitor")) {
            // udevadm --version and the like: the backend asks it only on AUTO, say something plausible
            System.out.println("252");
            return;
        }
        Path tree = Path.of(env("BURST_TREE"));
        int count = Integer.parseInt(env("BURST_COUNT"));
        long spreadNanos = Long.parseLong(env("BURST_MS")) * 1_000_000L;
        Path go = Path.of(env("BURST_GO"));
        Path done = Path.of(env("BURST_DONE"));
        Path memory = tree.resolve("sys/devices/system/memory");
        Path node = tree.resolve("sys/devices/system/node/node0");
        if (!Files.isDirectory(memory) || !Files.isDirectory(node)) {
            throw new IOException(tree + " has no memory directory or node0: make it with SyntheticTree.java");
        }
        int first;
        try (var s = Files.list(memory)) {
            first = (int) s.filter(p -> p.getFileName().toString().startsWith("memory")).count();
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.UTF_8);
        out.println("monitor will print the received events for:");
        out.println("KERNEL - the kernel uevent");
        out.println();
        out.flush();
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        long firstMicros = micros();
        for (int i = 0; i < count; i++) {
            long due = start + spreadNanos * i / count;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int id = first + i;
            String name = "memory" + id;
            Path b = Files.createDirectory(memory.resolve(name));
            Files.writeString(b.resolve("phys_index"), String.format("%08x%n", id));
            Files.writeString(b.resolve("phys_device"), "0\n");
            Files.writeString(b.resolve("state"), "offline\n");
            Files.writeString(b.resolve("valid_zones"), "Movable Normal\n");
            Files.writeString(b.resolve("removable"), "1\n");
            Files.createSymbolicLink(node.resolve(name), Path.of("../../memory/" + name));
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("KERNEL[%.6f] add      /devices/system/memory/%s (memory)%n", seconds, name);
            out.println("ACTION=add");
            out.println("DEVPATH=/devices/system/memory/" + name);
            out.println("SUBSYSTEM=memory");
            out.println("SEQNUM=" + (5000 + i));
            out.println();
            out.flush();
        }
        long lastMicros = micros();
        Files.writeString(done, firstMicros + " " + lastMicros + " " + count + " " + first + "\n");
        // a monitor runs until it is stopped
        while (true) {
            Thread.sleep(60_000);
        }
    }

    private static long micros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + " is not set (see bench/uevent-burst.sh)");
        }
        return v;
    }
}
