package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.CpuPort;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.NodePort;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.it.support.PlatformTestSupport;

/**
 * The simulated machine in Felix: it boots the default machine, its ports change it under the
 * kernel's rules, and a machine file given through ConfigAdmin replaces it at run time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimulatedMachineIT extends PlatformTestSupport {

    private static final String PID = "org.sysplug.platform.sim";
    private static final long GIB = 1L << 30;

    @Inject
    private MachineView view;
    @Inject
    private CpuPort cpus;
    @Inject
    private MemoryPort memory;
    @Inject
    private NodePort nodes;
    @Inject
    private AcpiPort firmware;
    @Inject
    private ConfigurationAdmin configAdmin;

    @After
    public void defaultMachineAgain() throws Exception {
        Configuration config = configAdmin.getConfiguration(PID, "?");
        config.delete();
        awaitTopology(t -> t.cpus().stream().filter(CpuInfo::online).count() == 8 && t.cpu(1).get().online());
    }

    @Test
    public void theDefaultMachineBootsWithNodeZeroOnlineAndAnEmptySlot() {
        Topology t = view.topology();

        assertTrue(t.node(0).orElseThrow().online());
        assertFalse(t.node(1).orElseThrow().online());
        assertEquals(8, t.cpusOf(0).stream().filter(CpuInfo::online).count());
        assertEquals(8 * GIB, t.memoryOf(0).stream().filter(MemoryBlock::online).mapToLong(MemoryBlock::size).sum());
        assertEquals(128L << 20, memory.blockSize());
        assertFalse(firmware.device("\\_SB.NOD1").orElseThrow().present());
        assertTrue(firmware.device("\\_SB.NOD0").orElseThrow().present());
    }

    @Test
    public void thePortsFollowTheKernelsRules() throws Exception {
        cpus.offline(3);
        assertFalse(view.topology().cpu(3).orElseThrow().online());
        cpus.online(3);
        assertTrue(view.topology().cpu(3).orElseThrow().online());

        PortException refused = expect(() -> cpus.offline(0));
        assertEquals(Errno.EPERM, refused.errno());
        assertEquals("cpu0", refused.device());

        PortException busy = expect(() -> nodes.offline(0));
        assertEquals(Errno.EBUSY, busy.errno());
    }

    @Test
    public void aMachineFileGivenThroughConfigAdminReplacesTheMachine() throws Exception {
        Path file = Files.createTempFile("sysplug-it-machine", ".yaml");
        Files.writeString(file, SMALL_MACHINE, StandardCharsets.UTF_8);
        Configuration config = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("machine", file.toString());
        config.update(props);

        Topology t = awaitTopology(x -> x.cpus().size() == 4);

        assertEquals(2, t.nodes().size());
        assertTrue(view.describe(), view.describe().contains("it-small"));
        // the new machine answers through the same port services
        cpus.offline(1);
        assertFalse(view.topology().cpu(1).orElseThrow().online());
        assertEquals(Errno.EPERM, expect(() -> cpus.offline(0)).errno());
        assertEquals(1L << 30, view.topology().memoryOf(0).stream().mapToLong(MemoryBlock::size).sum());
        assertTrue(firmware.device("\\_SB.NOD1").isPresent());
        Files.delete(file);
    }

    @Test
    public void aBrokenMachineFileKeepsTheRunningMachine() throws Exception {
        Path file = Files.createTempFile("sysplug-it-broken", ".yaml");
        Files.writeString(file, "name: broken\npossible-cpus: eight\n", StandardCharsets.UTF_8);
        long before = view.topology().cpus().size();
        Configuration config = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("machine", file.toString());
        config.update(props);
        TimeUnit.MILLISECONDS.sleep(500);

        assertEquals(before, view.topology().cpus().size());
        assertFalse(view.describe().contains("broken"));
        Files.delete(file);
    }

    @Test
    public void aFifoGivenThroughConfigAdminNeitherBlocksTheUpdateNorChangesTheMachine() throws Exception {
        Path dir = Files.createTempDirectory("sysplug-it-fifo");
        Path fifo = dir.resolve("machine.yaml");
        Assume.assumeTrue("mkfifo is not available", mkfifo(fifo));
        Path small = Files.writeString(dir.resolve("small.yaml"), SMALL_MACHINE, StandardCharsets.UTF_8);
        Topology before = view.topology();
        Configuration config = configAdmin.getConfiguration(PID, "?");
        try {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("machine", fifo.toString());
            config.update(props);
            TimeUnit.MILLISECONDS.sleep(500);

            // the FIFO waited for a writer in the configuration thread for good, and the machine
            // view's callers then failed with a NullPointerException
            assertTrue(view.describe(), view.describe().startsWith("sim: default "));
            assertEquals(before.cpus().size(), view.topology().cpus().size());

            // the configuration thread is free: the next update applies
            props.put("machine", small.toString());
            config.update(props);
            awaitTopology(x -> x.cpus().size() == 4);
            assertTrue(view.describe(), view.describe().contains("it-small"));
        } finally {
            releaseReaders(fifo);
            Files.deleteIfExists(small);
        }
    }

    /** Made with mkfifo(1); false when there is no mkfifo. */
    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Should a reader still wait on the FIFO (the defect back), it wakes up and reads the end, so
     * the framework can stop: on Linux, opening a FIFO to read and write does not wait.
     */
    private static void releaseReaders(Path fifo) {
        try (FileChannel channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // opened and closed: a waiting reader got a writer, then the end
        } catch (IOException e) {
            // nothing to release
        }
    }

    private Topology awaitTopology(Predicate<Topology> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Topology t = view.topology();
            if (condition.test(t)) {
                return t;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        fail("the machine did not change as expected: " + view.describe() + " " + view.topology());
        return null;
    }

    interface PortCall {
        void run() throws PortException;
    }

    private static PortException expect(PortCall call) {
        try {
            call.run();
        } catch (PortException e) {
            return e;
        }
        throw new AssertionError("expected a PortException");
    }

    /** Two nodes, two CPUs each (node1 an empty slot), 1 GiB on node0. */
    private static final String SMALL_MACHINE = String.join("\n",
            "name: it-small",
            "block-size: 128MiB",
            "firmware:",
            "  - path: \\_SB.NOD0",
            "    type: container",
            "    node: 0",
            "    ejectable: false",
            "    cpus: {count: 2, apic-base: 0}",
            "    memory:",
            "      - {start: 0, size: 1GiB}",
            "  - path: \\_SB.NOD1",
            "    type: container",
            "    node: 1",
            "    present: false",
            "    cpus: {count: 2, apic-base: 16}",
            "    memory:",
            "      - {start: 4GiB, size: 1GiB}",
            "");
}
