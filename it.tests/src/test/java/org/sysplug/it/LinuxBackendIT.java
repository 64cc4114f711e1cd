package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.it.support.Components;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.it.support.SysplugOptions;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryPort;

/**
 * The whole platform on the Linux backend over a writable copy of a tree (a guest after a hot-add:
 * four CPUs, eight offline 128 MiB blocks): the simulator stays out, requests write the kernel ABI
 * strings into the tree's files, and a block that appears is brought online by the uevent
 * monitor's request, as the udev rule would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LinuxBackendIT extends PlatformTestSupport {

    static final String TREE = "sysplug.it.linux.tree";

    @Inject
    private MachineView view;
    @Inject
    private MemoryPort memory;
    @Inject
    private CommandProcessor processor;

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        Path root = GuestTree.create("sysplug-it-linux");
        return new Option[] { composite(SysplugOptions.platformWithModulesAndHarness()),
                frameworkProperty("sysplug.backend").value("linux"),
                frameworkProperty("sysplug.sysroot").value(root.toString()),
                frameworkProperty("sysplug.access").value("writable"),
                frameworkProperty("sysplug.monitor").value("poll"),
                frameworkProperty("sysplug.monitor.interval").value("50"),
                frameworkProperty(TREE).value(root.toString()) };
    }

    private Path tree() {
        return Path.of(context.getProperty(TREE));
    }

    private String state(int block) throws IOException {
        return Files.readString(tree().resolve("sys/devices/system/memory/memory" + block + "/state"));
    }

    /** Online in ZONE_MOVABLE, as a kernel's sysfs shows it: {@code online}, and the zone in valid_zones. */
    private boolean idle() {
        return queue.status().running().isEmpty() && queue.status().queued().isEmpty();
    }

    private void assertOnlineMovable(int block) throws IOException {
        assertEquals("memory" + block + "/state", "online\n", state(block));
        assertEquals("memory" + block + "/valid_zones", "Movable\n",
                Files.readString(tree().resolve("sys/devices/system/memory/memory" + block + "/valid_zones")));
    }

    @Test
    public void theLinuxBackendRunsAloneAndWritesTheAbiStrings() throws Exception {
        assertTrue(view.describe(), view.describe().startsWith("linux: "));
        assertEquals("the simulator's commands are not offered", 0,
                context.getServiceReferences((String) null, "(osgi.command.scope=sim)") == null ? 0
                        : context.getServiceReferences((String) null, "(osgi.command.scope=sim)").length);
        assertEquals(1, context.getServiceReferences(MemoryPort.class, null).size());
        List<String> problems = Components.problems(context, Components.SIM_BACKEND);
        assertEquals(String.join("\n", problems), List.of(), problems);
        assertEquals(SIZE, memory.blockSize());

        Outcome online = run(HotplugRequest.of(Operation.ONLINE, "memory0", "memory1", "cpu1").build());
        assertEquals(online.toString(), Status.SUCCEEDED, online.status());
        // valid_zones lists Movable: the default policy takes it; the copy shows it as a kernel would
        assertOnlineMovable(0);
        assertOnlineMovable(1);
        assertEquals("1\n", Files.readString(tree().resolve("sys/devices/system/cpu/cpu1/online"))); // "1" over "0\n"
        assertTrue(view.topology().block(1).orElseThrow().online());

        Outcome offline = run(HotplugRequest.of(Operation.OFFLINE, "memory1").build());
        assertEquals(offline.toString(), Status.SUCCEEDED, offline.status());
        assertEquals("offline\n", state(1)); // the whole attribute, as a kernel shows it

        Outcome boot = run(HotplugRequest.of(Operation.OFFLINE, "cpu0").build());
        assertEquals(boot.toString(), Status.FAILED_ROLLED_BACK, boot.status());
        assertTrue(boot.toString(), boot.toString().contains("not hot-pluggable"));
    }

    @Test
    public void aBlockThatAppearsIsBroughtOnlineByOneRequest() throws Exception {
        GuestTree.block(tree(), 8, "offline\n");
        GuestTree.block(tree(), 9, "offline\n");
        long end = System.nanoTime() + 10_000_000_000L;
        // until the auto-online request has ended, not merely written state: a block's valid_zones
        // is written after its state, so a read between the two sees the old zones
        while (!(state(8).equals("online\n") && state(9).equals("online\n") && idle()) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertOnlineMovable(8);
        assertOnlineMovable(9);
        List<Outcome> recent = queue.recent();
        assertTrue(recent.toString(), recent.stream().anyMatch(o -> o.request().origin().equals("uevent")
                && o.request().targetNames().contains("memory8")));
    }

    @Test
    public void theShellShowsTheBackend() throws Exception {
        try (Shell shell = Shell.open(context, processor)) {
            Shell.Result r = shell.run("sysplug:topology");
            assertEquals(r.describe(), 0, r.exit());
            assertTrue(r.describe(), r.text().contains("linux: "));
        }
    }

    @Test
    public void chcpuAndChmemOnTheRunningMachineGoThroughTheQueueAndTheModules() throws Exception {
        try (Shell shell = Shell.open(context, processor)) {
            Shell.Result mem = shell.run("sysplug:chmem --verbose --enable --blocks 4-5");
            assertEquals(mem.describe(), 0, mem.exit());
            assertTrue(mem.describe(), mem.text().contains("Memory Block 4 (0x0000000020000000-0x0000000027ffffff) enabled"));
            assertTrue(mem.describe(), mem.text().contains("Memory Block 5 (0x0000000028000000-0x000000002fffffff) enabled"));
            assertOnlineMovable(4);
            assertOnlineMovable(5);

            Shell.Result cpus = shell.run("sysplug:chcpu --enable 2-3");
            assertEquals(cpus.describe(), 0, cpus.exit());
            assertTrue(cpus.describe(), cpus.text().contains("CPU 2 enabled") && cpus.text().contains("CPU 3 enabled"));
            assertTrue(Files.readString(tree().resolve("sys/devices/system/cpu/cpu3/online")).startsWith("1"));

            Shell.Result boot = shell.run("sysplug:chcpu --disable 0");
            // util-linux's formula: 1 only when every possible CPU failed; one refusal of 2,048 is "partial"
            assertEquals(boot.describe(), 64, boot.exit());
            assertTrue(boot.describe(), boot.text().contains("CPU 0 is not hot pluggable"));
        }
        assertTrue(queue.recent().stream().anyMatch(o -> o.request().origin().equals("chmem")
                && o.status() == Status.SUCCEEDED && o.trace().stream().anyMatch(t -> t.handler().equals("memory.add"))));
    }

    static final long SIZE = 128L << 20;

    /** A small guest tree: four CPUs (cpu0 without online), one node, eight offline blocks. */
    static final class GuestTree {

        static Path create(String prefix) {
            try {
                Path root = Files.createTempDirectory(prefix);
                Path cpu = Files.createDirectories(root.resolve("sys/devices/system/cpu"));
                Files.writeString(cpu.resolve("possible"), "0-3\n");
                Files.writeString(cpu.resolve("present"), "0-3\n");
                Files.writeString(cpu.resolve("online"), "0\n");
                for (int i = 0; i < 4; i++) {
                    Path c = Files.createDirectories(cpu.resolve("cpu" + i));
                    if (i > 0) {
                        Files.writeString(c.resolve("online"), "0\n");
                    }
                }
                Path node = Files.createDirectories(root.resolve("sys/devices/system/node/node0"));
                Files.writeString(node.resolve("cpulist"), "0-3\n");
                Files.writeString(node.getParent().resolve("online"), "0\n");
                Path mem = Files.createDirectories(root.resolve("sys/devices/system/memory"));
                Files.writeString(mem.resolve("block_size_bytes"), Long.toHexString(SIZE) + "\n");
                for (int i = 0; i < 8; i++) {
                    block(root, i, "offline\n");
                }
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void block(Path root, int id, String state) throws IOException {
            Path b = root.resolve("sys/devices/system/memory/memory" + id);
            Path staging = Files.createDirectories(root.resolve("staging-memory" + id));
            Files.writeString(staging.resolve("phys_index"), String.format("%08x%n", id));
            Files.writeString(staging.resolve("state"), state);
            Files.writeString(staging.resolve("valid_zones"), "Movable Normal\n");
            Files.writeString(staging.resolve("removable"), "1\n");
            Files.move(staging, b); // appears whole, as the kernel's device does
        }
    }
}
