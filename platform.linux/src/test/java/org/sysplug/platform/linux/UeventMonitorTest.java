package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.linux.sysfs.Sysroot;

/** Kernel events: udevadm's property format, a real child process, and polling a real tree. */
@Timeout(60)
class UeventMonitorTest {

    @TempDir
    Path tmp;

    @Test
    void udevadmPropertyBlocksBecomeEventsForCpusAndMemoryOnly() {
        assertThat(UeventMonitor.parse(Map.of("ACTION", "add", "DEVPATH", "/devices/system/memory/memory32",
                "SUBSYSTEM", "memory", "SEQNUM", "4711"))).contains(new UeventMonitor.Event("add", "memory32"));
        assertThat(UeventMonitor.parse(Map.of("ACTION", "offline", "DEVPATH", "/devices/system/cpu/cpu3",
                "SUBSYSTEM", "cpu"))).contains(new UeventMonitor.Event("offline", "cpu3"));
        assertThat(UeventMonitor.parse(Map.of("ACTION", "add", "DEVPATH", "/devices/system/cpu/cpufreq",
                "SUBSYSTEM", "cpu"))).isEmpty();
        assertThat(UeventMonitor.parse(Map.of("ACTION", "add", "DEVPATH", "/devices/pci0000:00/0000:00:01.0",
                "SUBSYSTEM", "pci"))).isEmpty();
        assertThat(UeventMonitor.parse(Map.of("DEVPATH", "/devices/system/memory/memory1", "SUBSYSTEM", "memory"))).isEmpty();
        assertThat(new UeventMonitor.Event("add", "memory32").index()).isEqualTo(32);
        assertThat(new UeventMonitor.Event("add", "cpu7").isCpu()).isTrue();
    }

    @Test
    void aChildProcessPrintingUdevadmsFormatIsReadEventByEvent() throws Exception {
        String output = "monitor will print the received events for:\\nKERNEL - the kernel uevent\\n\\n"
                + "KERNEL[100.1] add      /devices/system/memory/memory40 (memory)\\nACTION=add\\n"
                + "DEVPATH=/devices/system/memory/memory40\\nSUBSYSTEM=memory\\nSEQNUM=1\\n\\n"
                + "KERNEL[100.2] online   /devices/system/cpu/cpu2 (cpu)\\nACTION=online\\n"
                + "DEVPATH=/devices/system/cpu/cpu2\\nSUBSYSTEM=cpu\\nSEQNUM=2\\n\\n";
        List<UeventMonitor.Event> seen = new CopyOnWriteArrayList<>();
        try (UeventMonitor m = UeventMonitor.process(List.of("sh", "-c", "printf '" + output + "'; sleep 30"),
                seen::add, msg -> { })) {
            waitFor(() -> seen.size() == 2);
        }
        assertThat(seen).containsExactly(new UeventMonitor.Event("add", "memory40"), new UeventMonitor.Event("online", "cpu2"));
    }

    @Test
    void pollingATreeHearsBlocksAndCpusArriveAndLeave() throws Exception {
        Path root = SyntheticTree.build(tmp.resolve("root"), 2, true, 2, true);
        List<UeventMonitor.Event> seen = new CopyOnWriteArrayList<>();
        List<String> log = new CopyOnWriteArrayList<>();
        try (UeventMonitor m = UeventMonitor.poll(Sysroot.of(root), Duration.ofMillis(20), seen::add, log::add)) {
            // The first listing is the baseline, taken before poll returns: a directory made
            // after the monitor started is always heard.
            assertThat(m.listings()).isGreaterThanOrEqualTo(1);
            assertThat(seen).isEmpty();
            Files.createDirectories(root.resolve("sys/devices/system/memory/memory2"));
            Files.createDirectories(root.resolve("sys/devices/system/cpu/cpu2"));
            waitFor(() -> seen.size() == 2);
            Files.delete(root.resolve("sys/devices/system/memory/memory2"));
            waitFor(() -> seen.size() == 3);
        }
        // The two adds may fall into one listing or two, so their order is not fixed.
        assertThat(seen.subList(0, 2)).containsExactlyInAnyOrder(new UeventMonitor.Event("add", "cpu2"),
                new UeventMonitor.Event("add", "memory2"));
        assertThat(seen.get(2)).isEqualTo(new UeventMonitor.Event("remove", "memory2"));
        assertThat(log).isEmpty();
    }

    @Test
    void theRealUdevadmAcceptsTheMonitorsCommandLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(UeventMonitor.udevadmAvailable(), "udevadm is not installed here");
        List<String> log = new CopyOnWriteArrayList<>();
        try (UeventMonitor m = UeventMonitor.process(UeventMonitor.UDEVADM, e -> { }, log::add)) {
            Thread.sleep(500); // a refused option would end it at once, and the monitor would say so
            assertThat(log).isEmpty();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(end);
            Thread.sleep(10);
        }
    }
}
