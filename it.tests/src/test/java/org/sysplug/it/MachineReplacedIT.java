package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.it.support.SysplugOptions;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.sim.control.OstRecord;
import org.sysplug.platform.sim.control.SimulatedMachine;

/**
 * Loading another machine is a reboot for the firmware module: it enumerates the new namespace
 * as it booted, so a container that booted present on the new machine can be ejected, and a slot
 * filled right after the load hot-added. A load waits for no request: it is refused while one
 * runs or waits. (A class of its own: it replaces the machine; each test leaves the default
 * machine loaded.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MachineReplacedIT extends PlatformTestSupport {

    @Inject
    private CommandProcessor processor;
    @Inject
    private MachineView view;
    @Inject
    private AcpiPort firmware;
    @Inject
    private SimulatedMachine sim;

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return SysplugOptions.platformWithModulesAndHarness();
    }

    /**
     * The platform is up once the firmware module listens: Declarative Services registers its
     * listener as it activates firmware.acpi's components, which the probe's start does not wait for.
     */
    @Before
    public void firmwareModuleListens() throws InterruptedException {
        long deadline = System.nanoTime() + OUTCOME_WAIT.toNanos();
        while (!sim.notificationsHeard()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing listens to the firmware's notifications " + OUTCOME_WAIT.toSeconds()
                        + " s after the platform started: is firmware.acpi active?");
            }
            Thread.sleep(10);
        }
    }

    @After
    public void defaultMachineAgain() throws InterruptedException {
        try (Shell shell = Shell.open(context, processor)) {
            Shell.Result r = shell.run("sim:load default");
            assertEquals(r.describe(), 0, r.exit());
        }
    }

    @Test
    public void afterLoadingAnotherMachineItsDevicesHotPlug() throws InterruptedException {
        try (Shell shell = Shell.open(context, processor)) {
            Shell.Result inserted = shell.run("sim:insert '\\_SB.NOD1'");
            assertEquals(inserted.describe(), 0, inserted.exit());

            Shell.Result loaded = shell.run("sim:load server-4node");
            assertEquals(loaded.describe(), 0, loaded.exit());
            assertTrue(view.topology().node(1).orElseThrow().online());

            // node1 booted present on the server: the firmware module knows its objects
            Shell.Result ejected = shell.run("sysplug:eject '\\_SB.NOD1'");
            assertEquals(ejected.describe(), 0, ejected.exit());
            assertEquals(Status.SUCCEEDED, queue.recent().get(0).status());
            assertFalse(view.topology().node(1).orElseThrow().online());
            assertFalse(firmware.device("\\_SB.NOD1").orElseThrow().present());

            Shell.Result added = shell.run("sim:insert '\\_SB.NOD2'");
            assertEquals(added.describe(), 0, added.exit());
            assertEquals(Status.SUCCEEDED, queue.recent().get(0).status());
            assertTrue(view.topology().node(2).orElseThrow().online());
            assertEquals(16, view.topology().cpusOf(2).size());
        }
    }

    @Test
    public void aSlotFilledRightAfterALoadIsHotAdded() throws InterruptedException {
        // the report: sim:load default, then sim:insert '\_SB.NOD1' said "no request followed",
        // _OST said success and CPUs 8-15 stayed absent; sysplug:add then refused "added already"
        try (Shell shell = Shell.open(context, processor)) {
            for (String machine : List.of("default", "default", "server-4node", "default")) {
                Shell.Result loaded = shell.run("sim:load " + machine);
                assertEquals(loaded.describe(), 0, loaded.exit());
                String slot = machine.equals("default") ? "\\_SB.NOD1" : "\\_SB.NOD2";
                int node = machine.equals("default") ? 1 : 2;
                int cpus = machine.equals("default") ? 8 : 16;

                Shell.Result inserted = shell.run("sim:insert '" + slot + "'");

                assertEquals(machine + ": " + inserted.describe(), 0, inserted.exit());
                Outcome added = queue.recent().get(0);
                assertEquals(machine + ": " + added, Operation.HOT_ADD, added.request().operation());
                assertEquals(machine + ": " + added, slot, added.request().targetNames());
                assertEquals(machine + ": " + added, Status.SUCCEEDED, added.status());
                assertTrue(machine, view.topology().node(node).orElseThrow().online());
                assertEquals(machine, cpus, view.topology().cpusOf(node).stream().filter(c -> c.online()).count());
                List<OstRecord> ost = sim.ostLog();
                assertEquals(machine + ": " + ost, 1, ost.size());
                assertEquals(machine + ": " + ost, slot, ost.get(0).path());
            }
            Shell.Result again = shell.run("sysplug:add '\\_SB.NOD1'");
            assertEquals(again.describe(), 1, again.exit());
        }
    }

    @Test
    public void aLoadIsRefusedWhileARequestRunsOrWaits() throws Exception {
        try (Shell shell = Shell.open(context, processor)) {
            Shell.Result fault = shell.run("sim:fault --hang cpu.offline cpu5");
            assertEquals(fault.describe(), 0, fault.exit());
            Submission running = queue.submit(HotplugRequest.of(Operation.OFFLINE, "cpu5").build());
            awaitRunning(running.id());
            Submission waiting = queue.submit(HotplugRequest.of(Operation.OFFLINE, "cpu6").build());
            String before = view.describe();

            Shell.Result refused = shell.run("sim:load server-4node");

            assertEquals(refused.describe(), 1, refused.exit());
            assertTrue(refused.describe(), refused.text().startsWith("sim:load: request " + running.id()
                    + " (OFFLINE cpu5) is running and request " + waiting.id() + " is queued: "));
            assertTrue(refused.describe(), refused.text().contains("'sysplug:cancel " + running.id() + "'"));
            assertEquals(before, view.describe());

            // what runs ends against the machine it was submitted for
            assertTrue(queue.cancel(waiting.id()));
            assertTrue(queue.cancel(running.id()));
            assertEquals(Status.CANCELLED, await(waiting).status());
            Outcome cancelled = await(running);
            assertEquals(cancelled.toString(), Status.CANCELLED, cancelled.status());
            assertTrue(view.topology().cpu(5).orElseThrow().online());
            assertEquals(0, shell.run("sim:unfault all").exit());

            Shell.Result loaded = shell.run("sim:load server-4node");
            assertEquals(loaded.describe(), 0, loaded.exit());
            assertEquals(2, view.topology().nodes().stream().filter(n -> n.online()).count());
        }
    }

    /** Waits until the queue runs request {@code id} (the worker takes it from the queue on its own thread). */
    private void awaitRunning(long id) throws InterruptedException {
        long deadline = System.nanoTime() + OUTCOME_WAIT.toNanos();
        while (queue.status().running().map(Outcome::id).orElse(-1L) != id) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("request " + id + " did not start: " + queue.status());
            }
            Thread.sleep(10);
        }
    }
}
