package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.it.handlers.HandlerSpec;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * The modules end to end on the simulated machine: firmware.acpi, resource.node,
 * resource.memory and resource.cpu driven by hardware events and operator commands, each
 * scenario asserting the whole machine and the request's trace.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotplugScenariosIT extends PlatformTestSupport {

    private static final String SLOT = "\\_SB.NOD1";
    private static final String QUOTED_SLOT = "'" + SLOT + "'";
    private static final long NODE1_FIRST_BLOCK = 0x240000000L / (128L << 20);

    @Inject
    private CommandProcessor processor;
    @Inject
    private MachineView view;
    @Inject
    private AcpiPort firmware;
    @Inject
    private ConfigurationAdmin configAdmin;

    private Shell shell;

    /** The platform as it ships, modules included. */
    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return org.sysplug.it.support.SysplugOptions.platformWithModulesAndHarness();
    }

    /**
     * Each scenario starts from the default machine as booted and leaves it so: the firmware
     * module's device objects live as long as the machine, so the scenarios eject what they
     * inserted instead of loading a new machine.
     */
    @Before
    public void openShell() throws Exception {
        shell = Shell.open(context, processor);
        assertFalse("the slot is empty at the start", firmware.device(SLOT).orElseThrow().present());
    }

    /** Leaves the default machine as booted even when a scenario failed half-way. */
    @After
    public void defaultsAgain() throws Exception {
        Configuration acpi = configAdmin.getConfiguration("org.sysplug.firmware.acpi", "?");
        acpi.delete();
        shell.run("sim:unfault all");
        shell.run("sim:unpin memory" + (NODE1_FIRST_BLOCK + 5));
        if (firmware.device(SLOT).orElseThrow().present()) {
            shell.run("sim:eject-request " + QUOTED_SLOT);
        }
        shell.close();
    }

    @Test
    public void theEjectButtonOfTheBootNodeFailsItsHotRemoveAndTheCommandSaysSo() {
        assertEquals(2, shell.run("sim:eject-request _SB.NOD0").exit()); // unquoted: refused before anything happens

        Shell.Result r = refused("sim:eject-request '\\_SB.NOD0'"); // the boot node has no _EJ0
        assertTrue(r.describe(), r.text().contains("FAILED_ROLLED_BACK"));
        assertTrue(r.describe(), r.text().contains("cannot be ejected"));
        Shell.Result ost = ok("sim:ost --json");
        assertTrue(ost.describe(), ost.text().contains("\"path\":\"\\\\_SB.NOD0\",\"event\":\"EJECT_REQUEST\""));
    }

    private Shell.Result ok(String line) {
        Shell.Result r = shell.run(line);
        assertEquals(r.describe(), 0, r.exit());
        return r;
    }

    private Shell.Result refused(String line) {
        Shell.Result r = shell.run(line);
        assertEquals(r.describe(), 1, r.exit());
        return r;
    }

    /** The machine as the kernel sees it (without the generation counter). */
    private String kernelState() {
        Topology t = view.topology();
        return t.nodes() + "\n" + t.cpus() + "\n" + t.memory();
    }

    private Outcome latest() {
        return queue.recent().get(0);
    }

    /** The applies of a trace as "bundle PHASE rank", sysplug modules only. */
    private static List<String> applies(Outcome o) {
        return o.trace().stream().filter(t -> t.action() == TraceEntry.Action.APPLY)
                .filter(t -> t.bundle().startsWith("org.sysplug."))
                .map(t -> t.bundle().substring("org.sysplug.".length()) + " " + t.phase() + " " + t.rank())
                .distinct().collect(Collectors.toList());
    }

    @Test
    public void insertingTheEmptyContainerBringsNodeMemoryAndCpusOnline() {
        Shell.Result r = ok("sim:insert " + QUOTED_SLOT);

        Outcome add = latest();
        assertEquals(r.describe(), Status.SUCCEEDED, add.status());
        assertEquals(Operation.HOT_ADD, add.request().operation());
        assertEquals(SLOT, add.request().targetNames());
        assertEquals(List.of(
                "firmware.acpi ADD_VALIDATE 0",
                "firmware.acpi ADD_EXECUTE 10",
                "firmware.acpi ADD_EXECUTE 20",
                "resource.node ADD_EXECUTE 50",
                "resource.memory ADD_EXECUTE 100",
                "resource.cpu ADD_EXECUTE 110",
                "firmware.acpi ADD_EXECUTE 200",
                "firmware.acpi ADD_COMMIT 10"), applies(add));

        Topology t = view.topology();
        assertTrue(t.node(1).orElseThrow().online());
        List<CpuInfo> node1Cpus = t.cpusOf(1);
        assertEquals(8, node1Cpus.size());
        assertTrue(node1Cpus.stream().allMatch(CpuInfo::online));
        assertEquals(List.of(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L),
                node1Cpus.stream().map(CpuInfo::apicId).sorted().toList());
        List<MemoryBlock> node1Memory = t.memoryOf(1);
        assertEquals(64, node1Memory.size());
        assertTrue("hot-added memory goes online in ZONE_MOVABLE where valid",
                node1Memory.stream().allMatch(b -> b.online() && b.zone() == org.sysplug.framework.Zone.MOVABLE));
        Shell.Result ost = ok("sim:ost");
        assertTrue(ost.describe(), ost.text().contains(SLOT) && ost.text().contains("SUCCESS"));
        ok("sim:eject-request " + QUOTED_SLOT);
    }

    @Test
    public void ejectingTheContainerMirrorsTheAddAndLeavesTheMachineAsBefore() {
        String before = kernelState();
        ok("sim:insert " + QUOTED_SLOT);

        Shell.Result r = ok("sim:eject-request " + QUOTED_SLOT);

        Outcome remove = latest();
        assertEquals(r.describe(), Status.SUCCEEDED, remove.status());
        assertEquals(Operation.HOT_REMOVE, remove.request().operation());
        assertEquals(List.of(
                "firmware.acpi DELETE_VALIDATE 0",
                "firmware.acpi DELETE_VALIDATE 10",
                "resource.cpu DELETE_VALIDATE 100",
                "resource.memory DELETE_VALIDATE 110",
                "resource.node DELETE_VALIDATE 120",
                "resource.cpu DELETE_EXECUTE 10",
                "resource.memory DELETE_EXECUTE 20",
                "resource.node DELETE_EXECUTE 30",
                "firmware.acpi DELETE_EXECUTE 100",
                "firmware.acpi DELETE_COMMIT 100"), applies(remove));
        assertEquals("CPUs unregistered, memory removed, node offline", before, kernelState());
        assertFalse("_EJ0 took the container out", firmware.device(SLOT).orElseThrow().present());
        Shell.Result log = ok("sim:log");
        assertFalse("the OS lost nothing: everything was offline before _EJ0: " + log.text(),
                log.text().toLowerCase().contains("lost"));
    }

    @Test
    public void aFaultAtAnyAddHandlerRollsTheInsertBackCompletely() throws Exception {
        String before = kernelState();
        for (HandlerInfo h : realHandlers(Phase.ADD_VALIDATE, Phase.ADD_EXECUTE)) {
            Bundle fault = handlers.install("org.sysplug.it.fault.after." + h.rank(),
                    HandlerSpec.handler("fault.after." + h.name(), h.phase(), h.rank() + 1).failingApply());
            try {
                Shell.Result r = shell.run("sim:insert " + QUOTED_SLOT);
                Outcome add = latest();
                assertEquals("fault after " + h + ": " + r.describe(), Status.FAILED_ROLLED_BACK, add.status());
                assertEquals("fault after " + h, before, kernelState());
                String lastOst = ok("sim:ost").text().strip().lines().reduce((a, b) -> b).orElse("");
                assertTrue("fault after " + h + ": _OST failure reported: " + lastOst,
                        lastOst.contains(SLOT) && lastOst.contains("NON_SPECIFIC_FAILURE"));
            } finally {
                fault.uninstall();
                // the hardware stays in its slot after a failed hot-add: take it out for the next round
                ok("sim:surprise-remove " + QUOTED_SLOT);
            }
        }
    }

    @Test
    public void aFaultAtAnyDeleteHandlerRollsTheEjectBackCompletely() throws Exception {
        ok("sim:insert " + QUOTED_SLOT);
        String inserted = kernelState();
        for (HandlerInfo h : realHandlers(Phase.DELETE_VALIDATE, Phase.DELETE_EXECUTE)) {
            Bundle fault = handlers.install("org.sysplug.it.fault.after." + h.rank(),
                    HandlerSpec.handler("fault.after." + h.name(), h.phase(), h.rank() + 1).failingApply());
            try {
                Shell.Result r = shell.run("sim:eject-request " + QUOTED_SLOT);
                Outcome remove = latest();
                assertEquals("fault after " + h + ": " + r.describe(), Status.FAILED_ROLLED_BACK, remove.status());
                assertEquals("fault after " + h, inserted, kernelState());
                assertTrue(firmware.device(SLOT).orElseThrow().present());
                String lastOst = ok("sim:ost").text().strip().lines().reduce((a, b) -> b).orElse("");
                assertTrue("fault after " + h + ": _OST failure reported: " + lastOst,
                        lastOst.contains(SLOT) && lastOst.contains("EJECT_REQUEST") && !lastOst.contains("SUCCESS"));
            } finally {
                fault.uninstall();
            }
        }
        ok("sim:eject-request " + QUOTED_SLOT);
    }

    @Test
    public void unmovablePagesInOneBlockMakeTheEjectFailBusyAndEverythingStaysOnline() {
        ok("sim:insert " + QUOTED_SLOT);
        String inserted = kernelState();
        ok("sim:pin memory" + (NODE1_FIRST_BLOCK + 5));

        Shell.Result r = refused("sim:eject-request " + QUOTED_SLOT);

        Outcome remove = latest();
        assertEquals(r.describe(), "EBUSY", remove.failure().orElseThrow().code());
        ok("sim:unpin memory" + (NODE1_FIRST_BLOCK + 5));
        assertEquals("everything is back online, in its zone", inserted, kernelState());
        Shell.Result ost = ok("sim:ost");
        assertTrue(ost.text(), ost.text().contains("DEVICE_BUSY"));
        ok("sim:eject-request " + QUOTED_SLOT);
    }

    @Test
    public void theBootCpuIsRefusedAndADryRunSaysSoWithoutChangingAnything() throws Exception {
        String before = kernelState();
        Shell.Result dry = refused("sysplug:offline cpu 0 --dry-run");
        assertTrue(dry.describe(), dry.text().contains("cpu0") && dry.text().contains("EPERM"));
        Shell.Result real = refused("sysplug:offline cpu 0");
        assertTrue(real.describe(), real.text().contains("hot-pluggable"));
        assertEquals(before, kernelState());

    }

    @Test
    public void demandOfflineRefusesTheEjectWhileACpuBelowIsOnlineAndAllowsItOnceOffline() throws Exception {
        ok("sim:insert " + QUOTED_SLOT);
        configureAcpi("demand-offline");
        String inserted = kernelState();

        Shell.Result busy = refused("sysplug:eject " + QUOTED_SLOT);
        assertEquals(busy.describe(), "EBUSY", latest().failure().orElseThrow().code());
        assertEquals(inserted, kernelState());

        Topology t = view.topology();
        String cpus = t.cpusOf(1).stream().map(c -> Integer.toString(c.id())).collect(Collectors.joining(","));
        long first = t.memoryOf(1).get(0).id();
        long last = t.memoryOf(1).get(t.memoryOf(1).size() - 1).id();
        ok("sysplug:offline cpu " + cpus);
        ok("sysplug:offline memory " + first + "-" + last);

        Shell.Result ejected = ok("sysplug:eject " + QUOTED_SLOT);
        assertEquals(ejected.describe(), Status.SUCCEEDED, latest().status());
        assertFalse(firmware.device(SLOT).orElseThrow().present());
        assertFalse(view.topology().node(1).orElseThrow().online());
    }

    @Test
    public void aResourceBundleUpdatedAtRuntimeServesTheNextRequestWithoutRestartingTheCore() throws Exception {
        Bundle core = bundle("org.sysplug.framework.core");
        ServiceReference<RequestQueue> queueBefore = context.getServiceReference(RequestQueue.class);
        long coreStarted = core.getLastModified();
        ok("sysplug:offline cpu 5");
        List<Long> before = cpuHandlerServices();

        Bundle cpu = bundle("org.sysplug.resource.cpu");
        cpu.update();
        awaitCpuHandlersOtherThan(before);

        ok("sysplug:online cpu 5");
        Outcome online = latest();
        assertTrue(applies(online).contains("resource.cpu ADD_EXECUTE 110"));
        assertTrue(view.topology().cpu(5).orElseThrow().online());
        assertEquals("the core was never restarted", Bundle.ACTIVE, core.getState());
        assertEquals(coreStarted, core.getLastModified());
        assertEquals(queueBefore.getProperty("service.id"),
                context.getServiceReference(RequestQueue.class).getProperty("service.id"));
    }

    @Test
    public void aTargetNoRunningModuleTakesFailsAndChangesNothing() throws Exception {
        String before = kernelState();
        Shell.Result typo = refused("sysplug:submit offline cpus5");
        assertEquals(typo.describe(), HotplugException.NO_HANDLER, latest().failure().orElseThrow().code());
        assertTrue(typo.describe(), typo.describe().contains("no handler took cpus5 for OFFLINE"));
        Shell.Result unknown = refused("sysplug:submit online foo7");
        assertEquals(unknown.describe(), HotplugException.NO_HANDLER, latest().failure().orElseThrow().code());

        Bundle memory = bundle("org.sysplug.resource.memory");
        memory.stop();
        try {
            Shell.Result stopped = refused("sysplug:offline memory 40-47");
            Outcome o = latest();
            assertEquals(stopped.describe(), Status.FAILED_ROLLED_BACK, o.status());
            assertEquals(stopped.describe(), "memory40", o.failure().orElseThrow().device());
        } finally {
            memory.start();
        }
        assertEquals("nothing changed", before, kernelState());
    }

    /**
     * A hot-add whose memory no running module adds (resource.memory stopped, as while it is
     * updated) is not a success: the ACPI module's last execute handler finds the described 8 GiB
     * missing, the request fails with NO_HANDLER and everything it did is rolled back, the CPUs
     * and the node included. Once the module runs again, the operator's add brings it all.
     */
    @Test
    public void aHotAddWhoseMemoryNoModuleAddsFailsAndLeavesNothingBehind() throws Exception {
        String before = kernelState();
        Bundle memory = bundle("org.sysplug.resource.memory");
        memory.stop();
        try {
            Shell.Result r = refused("sim:insert " + QUOTED_SLOT);
            Outcome o = queue.recent().stream().filter(x -> x.request().operation() == Operation.HOT_ADD).findFirst().orElseThrow();
            assertEquals(r.describe(), Status.FAILED_ROLLED_BACK, o.status());
            assertEquals(r.describe(), HotplugException.NO_HANDLER, o.failure().orElseThrow().code());
            assertEquals(r.describe(), SLOT + ".MEM0", o.failure().orElseThrow().device());
            assertTrue(r.describe(), o.failure().orElseThrow().message().contains("(8192 MiB) node 1 (no memory module added it)"));
            assertEquals("the CPUs and the node were rolled back too", before, kernelState());
        } finally {
            memory.start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.handlers().stream().noneMatch(h -> h.name().equals("memory.add")) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        Shell.Result again = shell.run("sysplug:add " + QUOTED_SLOT);
        assertEquals(again.describe(), 0, again.exit());
        assertEquals(64, view.topology().memoryOf(1).size());
        assertEquals(8, view.topology().cpusOf(1).size());
    }

    // --- helpers -----------------------------------------------------------------------------

    private List<HandlerInfo> realHandlers(Phase... phases) {
        List<HandlerInfo> found = new ArrayList<>();
        for (HandlerInfo h : queue.handlers()) {
            if (h.bundle().startsWith("org.sysplug.") && h.kinds().contains(Kind.HOTPLUG)
                    && List.of(phases).contains(h.phase())) {
                found.add(h);
            }
        }
        assertFalse("the modules' handlers are there", found.isEmpty());
        return found;
    }

    private void configureAcpi(String policy) throws Exception {
        Configuration config = configAdmin.getConfiguration("org.sysplug.firmware.acpi", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("eject.policy", policy);
        config.update(props);
        TimeUnit.MILLISECONDS.sleep(300);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private List<Long> cpuHandlerServices() {
        return queue.handlers().stream().filter(h -> h.bundle().equals("org.sysplug.resource.cpu"))
                .map(HandlerInfo::serviceId).sorted().toList();
    }

    private void awaitCpuHandlersOtherThan(List<Long> old) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<Long> now = cpuHandlerServices();
            if (!now.isEmpty() && now.size() == old.size() && now.stream().noneMatch(old::contains)) {
                assertNotEquals(old, now);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("resource.cpu's handlers did not come back after the update: " + queue.handlers());
    }

}
