package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Progress;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.it.handlers.HandlerSpec;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * The modules announce the device changes that stand once a request ends, on
 * {@code org/sysplug/device/ADDED}, {@code REMOVED}, {@code ONLINE}, {@code OFFLINE}, with the
 * device, its class, node and zone and the request's id; a change a rollback undid is never
 * announced. And a long request's counts show in the queue's status while it runs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceEventsIT extends PlatformTestSupport {

    private static final String SLOT = "\\_SB.NOD1";
    private static final String QUOTED_SLOT = "'" + SLOT + "'";

    @Inject
    private CommandProcessor processor;
    @Inject
    private MachineView view;
    @Inject
    private AcpiPort firmware;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> listener;
    private Shell shell;

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return org.sysplug.it.support.SysplugOptions.platformWithModulesAndHarness();
    }

    @Before
    public void listen() throws Exception {
        listener = context.registerService(EventHandler.class, events::add, new Hashtable<>(Map.of(
                EventConstants.EVENT_TOPIC, new String[] { DeviceChange.TOPIC_PREFIX + "*", RequestQueue.TOPIC_PREFIX + "*" })));
        shell = Shell.open(context, processor);
    }

    @After
    public void defaultsAgain() {
        listener.unregister();
        shell.run("sim:unfault all");
        if (firmware.device(SLOT).orElseThrow().present()) {
            shell.run("sim:eject-request " + QUOTED_SLOT);
        }
        shell.close();
    }

    private Shell.Result ok(String line) {
        Shell.Result r = shell.run(line);
        assertEquals(r.describe(), 0, r.exit());
        return r;
    }

    @Test
    public void anOfflineAndAnOnlineAnnounceEachCpuWithItsClassNodeAndRequest() throws Exception {
        ok("sysplug:offline cpu 2-3");
        long offline = queue.recent().get(0).id();
        ok("sysplug:online cpu 2-3");
        long online = queue.recent().get(0).id();

        assertEquals(List.of("OFFLINE cpu2 cpu 0", "OFFLINE cpu3 cpu 0"), described(deviceEvents(offline)));
        assertEquals(List.of("ONLINE cpu2 cpu 0", "ONLINE cpu3 cpu 0"), described(deviceEvents(online)));
    }

    @Test
    public void aHotAddAnnouncesWhatItAddedAndOnlinedAndTheEjectWhatItRemoved() throws Exception {
        ok("sim:insert " + QUOTED_SLOT);
        long add = queue.recent().get(0).id();
        List<String> added = described(deviceEvents(add));
        List<MemoryBlock> node1 = view.topology().memoryOf(1);

        assertTrue(added.toString(), added.contains("ADDED \\_SB.NOD1 container 1"));
        assertTrue(added.toString(), added.contains("ONLINE node1 node 1"));
        int firstBlock = node1.get(0).id();
        assertTrue(added.toString(), added.contains("ADDED memory" + firstBlock + " memory 1"));
        assertTrue(added.toString(), added.contains("ONLINE memory" + firstBlock + " memory 1 Movable"));
        assertEquals("every block of the node added and onlined, each once", 2 * node1.size(),
                added.stream().filter(d -> d.matches("(ADDED|ONLINE) memory[0-9]+ .*")).count());
        assertEquals("8 CPUs added and onlined", 16, added.stream().filter(d -> d.matches("(ADDED|ONLINE) cpu.*")).count());

        ok("sim:eject-request " + QUOTED_SLOT);
        long eject = queue.recent().get(0).id();
        List<String> removed = described(deviceEvents(eject));
        assertTrue(removed.toString(), removed.contains("REMOVED \\_SB.NOD1 container 1"));
        assertTrue(removed.toString(), removed.stream().anyMatch(d -> d.matches("OFFLINE cpu[0-9]+ cpu 1")));
        assertTrue("the node went offline with its last memory: " + removed, removed.contains("OFFLINE node1 node 1"));
        assertTrue(removed.toString(), removed.stream().anyMatch(d -> d.matches("REMOVED cpu[0-9]+ cpu 1")));
        assertTrue(removed.toString(), removed.contains("OFFLINE memory" + firstBlock + " memory 1"));
        assertTrue(removed.toString(), removed.contains("REMOVED memory" + firstBlock + " memory 1"));
    }

    @Test
    public void aRolledBackOnlineAnnouncesNothing() throws Exception {
        ok("sim:insert " + QUOTED_SLOT);
        int block = view.topology().memoryOf(1).get(0).id();
        ok("sysplug:offline memory " + block);
        handlers.install("org.sysplug.it.events.after.memory",
                HandlerSpec.handler("fail.after.memory", Phase.ADD_EXECUTE, 105).failingApply());

        Shell.Result r = shell.run("sysplug:online memory " + block);
        Outcome failed = queue.recent().get(0);

        assertEquals(r.describe(), Status.FAILED_ROLLED_BACK, failed.status());
        awaitEnd(failed.id());
        assertEquals("memory.add onlined the block, the rollback took it offline again: no ONLINE that did not last",
                List.of(), deviceEvents(failed.id()));
    }

    @Test
    public void aLongRequestShowsItsCountsInTheQueueStatusWhileItRuns() throws Exception {
        ok("sim:insert " + QUOTED_SLOT);
        List<MemoryBlock> blocks = view.topology().memoryOf(1).subList(0, 10);
        ok("sim:fault --delay 300 --times 10 memory.offline '*'");
        HotplugRequest.Builder b = HotplugRequest.of(Operation.OFFLINE);
        blocks.forEach(m -> b.target("memory" + m.id()));
        Submission s = queue.submit(b.build());

        Progress seen = null;
        long deadline = System.nanoTime() + OUTCOME_WAIT.toNanos();
        while (seen == null && System.nanoTime() < deadline) {
            Optional<Progress> p = queue.status().progress();
            if (p.isPresent() && p.get().handler().equals("memory.remove") && p.get().done() >= 1) {
                seen = p.get();
            }
            Thread.sleep(20);
        }
        assertTrue("memory.remove's counts never showed in the queue status", seen != null);
        assertEquals(Phase.DELETE_EXECUTE, seen.phase());
        assertEquals(10, seen.total());
        assertTrue(seen.toString(), seen.done() < 10);
        assertEquals(Status.SUCCEEDED, await(s).status());
        assertFalse("nothing runs: no progress", queue.status().progress().isPresent());
    }

    /** The device events of request {@code id}, once its ending event arrived (device events come before it). */
    private List<Event> deviceEvents(long id) throws InterruptedException {
        awaitEnd(id);
        List<Event> mine = new ArrayList<>();
        for (Event e : events) {
            if (e.getTopic().startsWith(DeviceChange.TOPIC_PREFIX) && Long.valueOf(id).equals(e.getProperty(RequestQueue.EVENT_ID))) {
                mine.add(e);
            }
        }
        return mine;
    }

    private void awaitEnd(long id) throws InterruptedException {
        long deadline = System.nanoTime() + OUTCOME_WAIT.toNanos();
        while (events.stream().noneMatch(e -> Long.valueOf(id).equals(e.getProperty(RequestQueue.EVENT_ID))
                && (e.getTopic().equals(RequestQueue.TOPIC_SUCCEEDED) || e.getTopic().equals(RequestQueue.TOPIC_FAILED)))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("request " + id + " never ended on EventAdmin");
            }
            Thread.sleep(10);
        }
    }

    /** {@code ONLINE memory40 memory 1 Movable}: type, device, class, node and zone when there is one. */
    private static List<String> described(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            String type = e.getTopic().substring(DeviceChange.TOPIC_PREFIX.length());
            out.add(type + " " + e.getProperty(DeviceChange.EVENT_DEVICE) + " " + e.getProperty(DeviceChange.EVENT_CLASS)
                    + " " + e.getProperty(DeviceChange.EVENT_NODE)
                    + (e.getProperty(DeviceChange.EVENT_ZONE) == null ? "" : " " + e.getProperty(DeviceChange.EVENT_ZONE)));
        }
        return out;
    }
}
