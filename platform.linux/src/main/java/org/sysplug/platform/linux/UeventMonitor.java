package org.sysplug.platform.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.sysplug.platform.linux.sysfs.CpuReader;
import org.sysplug.platform.linux.sysfs.MemoryReader;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * Hears the kernel's hot-plug events for CPUs and memory blocks and hands them on as
 * {@link Event}s. Two ways, chosen by {@link LinuxSettings.Monitor}:
 *
 * <ul>
 * <li><b>udevadm</b>: the kernel's uevent netlink socket cannot be opened from plain Java 17, so a
 * child process {@code udevadm monitor --kernel --property --subsystem-match=cpu
 * --subsystem-match=memory} reads it and prints each event as {@code KEY=value} lines ending with
 * a blank line; this class parses them ({@link #parse}). The events come as the kernel sends them,
 * with no delay.</li>
 * <li><b>poll</b>: the {@code cpuN} and {@code memoryN} directories are listed every period and
 * compared with the last listing: a new directory is an {@code add}, a vanished one a
 * {@code remove}. It needs nothing but the tree, so it also works on a copied tree (a test or a
 * demo creates a {@code memoryN} directory and sysplug sees a block arrive), at the price of up
 * to one period of delay and of missing online/offline changes made by others.</li>
 * </ul>
 */
final class UeventMonitor implements AutoCloseable {

    /** One kernel event: {@code add} / {@code remove} / {@code online} / {@code offline} of {@code cpuN} or {@code memoryN}. */
    record Event(String action, String device) {
        boolean isCpu() {
            return device.startsWith("cpu");
        }

        int index() {
            return Integer.parseInt(device.substring(isCpu() ? 3 : 6));
        }
    }

    static final List<String> UDEVADM = List.of("udevadm", "monitor", "--kernel", "--property",
            "--subsystem-match=cpu", "--subsystem-match=memory");

    private final Consumer<Event> sink;
    private final Consumer<String> log;
    private volatile boolean running = true;
    private volatile long listings;
    private Thread thread;
    private Process process;

    private UeventMonitor(Consumer<Event> sink, Consumer<String> log) {
        this.sink = sink;
        this.log = log;
    }

    /** Starts a child process running {@code command} (udevadm's monitor, or anything printing its format). */
    static UeventMonitor process(List<String> command, Consumer<Event> sink, Consumer<String> log) throws IOException {
        UeventMonitor m = new UeventMonitor(sink, log);
        m.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        m.thread = new Thread(m::readProcess, "sysplug-uevent-monitor");
        m.thread.setDaemon(true);
        m.thread.start();
        return m;
    }

    /**
     * Starts polling the tree every {@code period}. The baseline listing is taken before this
     * returns: a device that appears once the monitor is started is heard, never taken for one
     * that was already there.
     */
    static UeventMonitor poll(Sysroot root, Duration period, Consumer<Event> sink, Consumer<String> log) {
        UeventMonitor m = new UeventMonitor(sink, log);
        Set<String> baseline = m.listing(root);
        m.thread = new Thread(() -> m.pollLoop(root, period, baseline), "sysplug-sysfs-poller");
        m.thread.setDaemon(true);
        m.thread.start();
        return m;
    }

    /** Whether {@code udevadm} can be run here. */
    static boolean udevadmAvailable() {
        try {
            Process p = new ProcessBuilder("udevadm", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void readProcess() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            Map<String, String> properties = new HashMap<>();
            String line;
            while (running && (line = in.readLine()) != null) {
                if (line.isBlank()) {
                    parse(properties).ifPresent(this::deliver);
                    properties.clear();
                } else {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        properties.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
            parse(properties).ifPresent(this::deliver);
            if (running) {
                log.accept("the uevent monitor (" + String.join(" ", UDEVADM.subList(0, 2)) + ") ended: kernel hot-plug "
                        + "events are no longer heard");
            }
        } catch (IOException e) {
            if (running) {
                log.accept("the uevent monitor failed: " + e.getMessage());
            }
        }
    }

    /**
     * The event one block of {@code KEY=value} lines describes, if it is about a {@code cpuN} or
     * {@code memoryN} device of the cpu or memory subsystem.
     */
    static Optional<Event> parse(Map<String, String> properties) {
        String action = properties.get("ACTION");
        String subsystem = properties.get("SUBSYSTEM");
        String devpath = properties.get("DEVPATH");
        if (action == null || devpath == null || !("cpu".equals(subsystem) || "memory".equals(subsystem))) {
            return Optional.empty();
        }
        String name = devpath.substring(devpath.lastIndexOf('/') + 1);
        String prefix = "cpu".equals(subsystem) ? "cpu" : "memory";
        if (!MemoryReader.isIndexed(name, prefix) || name.length() - prefix.length() > 9) {
            return Optional.empty();
        }
        return Optional.of(new Event(action, name));
    }

    /** How many listings the poller has taken; the first is the baseline (for tests: no sleeping on a guess). */
    long listings() {
        return listings;
    }

    /** One listing of the tree's devices, counted; null when the tree could not be listed. */
    private Set<String> listing(Sysroot root) {
        try {
            Set<String> now = devices(root);
            listings++;
            return now;
        } catch (IOException | RuntimeException e) {
            log.accept("polling " + root.root() + " failed: " + e.getMessage());
            return null;
        }
    }

    private void pollLoop(Sysroot root, Duration period, Set<String> baseline) {
        Set<String> last = baseline;
        while (running) {
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Set<String> now = listing(root);
            if (now == null) {
                continue;
            }
            if (last != null) {
                for (String d : now) {
                    if (!last.contains(d)) {
                        deliver(new Event("add", d));
                    }
                }
                for (String d : last) {
                    if (!now.contains(d)) {
                        deliver(new Event("remove", d));
                    }
                }
            }
            last = now;
        }
    }

    /**
     * The {@code cpuN} and {@code memoryN} entries now, by name only: in sysfs they are always
     * directories, and looking at each of 9,216 entries every second would cost more than the
     * listing.
     */
    static Set<String> devices(Sysroot root) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String name : root.names(CpuReader.CPU)) {
            if (MemoryReader.isIndexed(name, "cpu") && name.length() <= 12) {
                out.add(name);
            }
        }
        for (String name : root.names(MemoryReader.MEMORY)) {
            if (MemoryReader.isIndexed(name, "memory") && name.length() <= 15) {
                out.add(name);
            }
        }
        return out;
    }

    private void deliver(Event e) {
        try {
            sink.accept(e);
        } catch (RuntimeException ex) {
            log.accept("handling " + e + " failed: " + ex);
        }
    }

    @Override
    public void close() {
        running = false;
        if (process != null) {
            process.destroy();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
