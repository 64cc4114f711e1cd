package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.sysplug.it.support.DeployFolder.until;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
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
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.Zone;
import org.sysplug.it.support.DeployFolder;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * The declarative hot-plug policy in the platform as it ships, configured through ConfigAdmin:
 * node1 inserted into its slot ({@code sim:insert '\_SB.NOD1'}: firmware.acpi hot-adds it, the
 * memory module leaves its 64 blocks offline under online.policy offline), then the policy
 * onlines them as configured, stands down when another agent onlines, retries what cannot go
 * online yet and keeps the CPUs it is told to keep offline.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyIT extends PlatformTestSupport {

    private static final String SLOT = "'\\_SB.NOD1'";
    private static final String POLICY_PID = "org.sysplug.policy";
    private static final String MEMORY_PID = "org.sysplug.resource.memory";
    private static final String NODE_PID = "org.sysplug.policy.node";
    private static final String NODE1 = NODE_PID + "~node1";
    /** The default machine's empty memory slot on node0: 2 GiB, blocks 136-151. */
    private static final String MEM2 = "'\\_SB.MEM2'";
    /** node1's memory: 8 GiB at 9 GiB, 128 MiB blocks. */
    private static final int FIRST = 72;
    private static final int BLOCKS = 64;

    @Inject
    private CommandProcessor processor;
    @Inject
    private MachineView view;
    @Inject
    private AcpiPort firmware;
    @Inject
    private ConfigurationAdmin configAdmin;

    private Shell shell;
    private long before;

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return org.sysplug.it.support.SysplugOptions.platformWithModulesAndHarness();
    }

    @Before
    public void openShell() throws Exception {
        shell = Shell.open(context, processor);
        assertFalse("the slot is empty at the start", firmware.device("\\_SB.NOD1").orElseThrow().present());
        before = queue.recent().isEmpty() ? 0 : queue.recent().get(0).id();
    }

    /** The default machine and settings again, even after a failure half-way. */
    @After
    public void defaultsAgain() throws Exception {
        shell.run("sim:unfault all");
        shell.run("sim:autoonline offline");
        Configuration[] overrides = configAdmin.listConfigurations("(service.factoryPid=" + NODE_PID + ")");
        if (overrides != null) {
            for (Configuration c : overrides) {
                c.delete();
            }
        }
        until("no node override runs", () -> !service("(component.name=org.sysplug.policy.autoonline.NodePolicy)"));
        for (String pid : List.of(POLICY_PID, MEMORY_PID)) {
            Configuration[] left = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (left != null) {
                for (Configuration c : left) {
                    c.delete();
                }
            }
        }
        until("the policy runs without configuration", () -> service("(&(sysplug.doctor.check=policy)(!(memory.action=*)))"));
        until("the memory module runs with its default", () -> service("(&(component.name=memory.add)(online.policy=online_movable))"));
        if (firmware.device("\\_SB.NOD1").orElseThrow().present()) {
            Shell.Result r = shell.run("sim:eject-request " + SLOT);
            assertEquals(r.describe(), 0, r.exit());
        }
        if (firmware.device("\\_SB.MEM2").orElseThrow().present()) {
            Shell.Result r = shell.run("sim:eject-request " + MEM2);
            assertEquals(r.describe(), 0, r.exit());
        }
        shell.close();
    }

    private boolean service(String filter) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, filter);
            return refs != null && refs.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    /** Sets a configuration and waits until the component named by {@code applied} runs with it. */
    private void configure(String pid, Map<String, Object> settings, String applied) throws Exception {
        Configuration c = configAdmin.getConfiguration(pid, "?");
        c.update(new Hashtable<>(settings));
        until(pid + " applied: " + applied, () -> service(applied));
    }

    private void memoryModuleLeavesHotAddedMemoryOffline() throws Exception {
        configure(MEMORY_PID, Map.of("online.policy", "offline"), "(&(component.name=memory.add)(online.policy=offline))");
    }

    /** Configures the policy; {@code key} names a setting to see in the service properties once it runs with them. */
    private void policy(String key, Map<String, Object> settings) throws Exception {
        configure(POLICY_PID, settings, "(&(sysplug.doctor.check=policy)(" + key + "=" + settings.get(key) + "))");
    }

    private void insert() {
        Shell.Result r = shell.run("sim:insert " + SLOT);
        assertEquals(r.describe(), 0, r.exit());
    }

    private List<MemoryBlock> node1() {
        return view.topology().memoryOf(1);
    }

    private long inZone(Zone zone) {
        return node1().stream().filter(b -> b.online() && b.zone() == zone).count();
    }

    /** The requests submitted since the test began, oldest first. */
    private List<Outcome> since() {
        List<Outcome> list = queue.recent().stream().filter(o -> o.id() > before).collect(Collectors.toList());
        Collections.reverse(list);
        return list;
    }

    private List<Outcome> onlines() {
        return since().stream().filter(o -> o.request().operation() == Operation.ONLINE).toList();
    }

    private List<Finding> doctor() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(DoctorCheck.class.getName(), "(sysplug.doctor.check=policy)");
        assertTrue("the policy registers its doctor check", refs != null && refs.length == 1);
        DoctorCheck check = (DoctorCheck) context.getService(refs[0]);
        try {
            return check.examine(new Examination(view.topology(), List.of()));
        } finally {
            context.ungetService(refs[0]);
        }
    }

    private List<String> warnings() {
        List<String> lines = new ArrayList<>();
        ServiceReference<LogReaderService> ref = context.getServiceReference(LogReaderService.class);
        Enumeration<LogEntry> entries = context.getService(ref).getLog();
        while (entries.hasMoreElements()) {
            LogEntry e = entries.nextElement();
            if (e.getLogLevel() == LogLevel.WARN) {
                lines.add(e.getMessage());
            }
        }
        context.ungetService(ref);
        return lines;
    }

    @Test
    public void underRatioThreeToOneTheHotAddedNodeEndsFortyEightMovableAndSixteenNormalAtTheLowAddresses() throws Exception {
        memoryModuleLeavesHotAddedMemoryOffline();
        policy("memory.action", Map.of("memory.movable.ratio", "3:1", "memory.action", "online_movable"));

        insert();
        until("node1's 64 blocks are online", () -> node1().size() == BLOCKS && node1().stream().allMatch(MemoryBlock::online));
        // a request's blocks are online a moment before the request ends
        until("the online requests ended", () -> onlines().size() == 2 && onlines().stream().allMatch(o -> o.status().isTerminal()));

        assertEquals(48, inZone(Zone.MOVABLE));
        assertEquals(16, inZone(Zone.NORMAL));
        for (MemoryBlock b : node1()) {
            assertEquals("memory" + b.id(), b.id() < FIRST + 16 ? Zone.NORMAL : Zone.MOVABLE, b.zone());
        }
        assertEquals(List.of("ONLINE uevent zone=kernel 16 SUCCEEDED", "ONLINE uevent zone=movable 48 SUCCEEDED"),
                onlines().stream().map(o -> o.request().operation() + " " + o.request().origin() + " zone="
                        + o.request().parameter("zone").orElse("") + " " + o.request().targets().size() + " " + o.status())
                        .toList());
        assertTrue(doctor().toString(), doctor().stream().noneMatch(f -> f.severity() != Severity.INFO));
    }

    @Test
    public void theMemoryModuleOnliningByItselfIsAConflictTheCheckReportsAndThePolicySubmitsNothing() throws Exception {
        // online.policy keeps its default, online_movable: the hot-add onlines the blocks before the policy sees them
        policy("memory.action", Map.of("memory.movable.ratio", "3:1", "memory.action", "online_movable"));

        insert();
        until("node1's 64 blocks are online", () -> node1().size() == BLOCKS && node1().stream().allMatch(MemoryBlock::online));
        Thread.sleep(300);

        assertEquals("the policy submitted nothing", List.of(), onlines());
        assertEquals("the memory module put them all in Movable: the ratio was not the policy's to apply", BLOCKS,
                inZone(Zone.MOVABLE));
        List<Finding> found = doctor();
        assertTrue(found.toString(), found.stream().anyMatch(f -> f.severity() == Severity.WARNING
                && f.subject().equals(MEMORY_PID + " online.policy")
                && f.fix().equals("config:set " + MEMORY_PID + " online.policy offline")));
    }

    @Test
    public void theKernelOnliningByItselfStandsThePolicyDownForMemory() throws Exception {
        memoryModuleLeavesHotAddedMemoryOffline();
        policy("memory.action", Map.of("memory.action", "online_movable"));
        Shell.Result set = shell.run("sim:autoonline online");
        assertEquals(set.describe(), 0, set.exit());

        insert();
        until("node1's 64 blocks are there", () -> node1().size() == BLOCKS);
        Thread.sleep(500);

        assertEquals("the policy submitted nothing", List.of(), onlines());
        assertTrue(node1().stream().noneMatch(MemoryBlock::online));
        List<Finding> found = doctor();
        assertTrue(found.toString(), found.stream().anyMatch(f -> f.severity() == Severity.WARNING
                && f.subject().equals("auto_online_blocks") && f.fix().contains("echo offline > /sys/devices/system/memory/auto_online_blocks")));
        assertTrue(found.toString(), found.stream().anyMatch(f -> f.problem().contains("stands down for memory")));
        assertTrue(warnings().toString(), warnings().stream().anyMatch(w -> w.contains("stands down for memory")
                && w.contains("auto_online_blocks is online")));
    }

    @Test
    public void aBlockThatCannotGoOnlineYetIsRetriedAndEndsOnline() throws Exception {
        memoryModuleLeavesHotAddedMemoryOffline();
        policy("memory.action", Map.of("retry.delay.ms", 50, "memory.action", "online_movable"));
        Shell.Result fault = shell.run("sim:fault --errno EAGAIN --times 2 memory.online memory" + (FIRST + 8));
        assertEquals(fault.describe(), 0, fault.exit());

        insert();
        until("node1's 64 blocks are online", () -> node1().size() == BLOCKS && node1().stream().allMatch(MemoryBlock::online));
        until("every online request ended", () -> onlines().size() == 4 && onlines().stream().allMatch(o -> o.status().isTerminal()));

        // the 64 fail on memory80; the other 63 go again at once without it, and memory80 is retried alone
        assertEquals(List.of("uevent FAILED_ROLLED_BACK EAGAIN 64", "policy SUCCEEDED  63", "policy FAILED_ROLLED_BACK EAGAIN 1",
                "policy SUCCEEDED  1"),
                onlines().stream().map(o -> o.request().origin() + " " + o.status() + " "
                        + o.failure().map(f -> f.code()).orElse("") + " " + o.request().targets().size()).toList());
        assertEquals(BLOCKS, inZone(Zone.MOVABLE));
    }

    @Test
    public void aBlockThatNeverGoesOnlineIsGivenUpAfterTheConfiguredRetriesAndSaidAtWarn() throws Exception {
        memoryModuleLeavesHotAddedMemoryOffline();
        policy("memory.action", Map.of("retry.attempts", 2, "retry.delay.ms", 20, "memory.action", "online"));
        Shell.Result fault = shell.run("sim:fault --errno EBUSY memory.online memory" + (FIRST + 3));
        assertEquals(fault.describe(), 0, fault.exit());

        insert();
        until("four requests ended", () -> onlines().size() == 4 && onlines().stream().allMatch(o -> o.status().isTerminal()));
        Thread.sleep(500);

        // the 64 fail on memory75; the other 63 go online without it; memory75 alone is retried twice and given up
        assertEquals("no fifth attempt", 4, onlines().size());
        assertEquals(List.of("FAILED_ROLLED_BACK 64", "SUCCEEDED 63", "FAILED_ROLLED_BACK 1", "FAILED_ROLLED_BACK 1"),
                onlines().stream().map(o -> o.status() + " " + o.request().targets().size()).toList());
        assertEquals(List.of(FIRST + 3), node1().stream().filter(b -> !b.online()).map(MemoryBlock::id).toList());
        assertTrue(warnings().toString(), warnings().stream().anyMatch(w -> w.startsWith("gave up onlining memory" + (FIRST + 3)
                + " in Normal after 3 request(s)") && w.contains("EBUSY")));
        assertTrue(doctor().toString(), doctor().stream().anyMatch(f -> f.severity() == Severity.WARNING
                && f.subject().equals("memory" + (FIRST + 3))));
    }

    @Test
    public void cpusToKeepOfflineStayOfflineWhenNodeOnesCpusAppear() throws Exception {
        policy("cpu.keep.offline", Map.of("cpu.keep.offline", "12-13"));

        insert();
        until("cpu12 and cpu13 are offline again", () -> view.topology().cpusOf(1).size() == 8
                && view.topology().cpusOf(1).stream().filter(c -> !c.online()).map(CpuInfo::id).toList().equals(List.of(12, 13)));

        assertTrue(view.topology().cpusOf(1).stream().filter(CpuInfo::online).map(CpuInfo::id).toList()
                .equals(List.of(8, 9, 10, 11, 14, 15)));
        assertTrue(doctor().toString(), doctor().stream().anyMatch(f -> f.severity() == Severity.INFO && f.subject().equals("cpu12-13")));
    }

    @Test
    public void deployFilesSetTheDefaultsAndANodesOverride() throws Exception {
        memoryModuleLeavesHotAddedMemoryOffline();
        try (DeployFolder deploy = DeployFolder.of(context)) {
            deploy.put(POLICY_PID + ".cfg", "# new memory stays offline, but on node1\nmemory.action = offline\n");
            deploy.put("org.sysplug.policy.node-node1.cfg", "node = 1\nmemory.action = online_kernel\n");
            until("the override is there", () -> service("(&(component.name=org.sysplug.policy.autoonline.NodePolicy)(node=1))"));
            until("the policy runs with the defaults' file", () -> service("(&(sysplug.doctor.check=policy)(memory.action=offline))"));
            Thread.sleep(300); // the policy, bound greedily to the overrides, is replaced as the override comes

            insert();
            until("node1's 64 blocks are online", () -> node1().size() == BLOCKS && node1().stream().allMatch(MemoryBlock::online));

            assertEquals(BLOCKS, inZone(Zone.NORMAL));
            assertEquals(List.of("kernel"), onlines().stream().map(o -> o.request().parameter("zone").orElse("")).toList());
        }
        until("the files' configurations are gone", () -> !service("(component.name=org.sysplug.policy.autoonline.NodePolicy)"));
    }

    private Shell.Result run(String line) {
        Shell.Result r = shell.run(line);
        assertEquals(r.describe(), 0, r.exit());
        assertFalse(r.describe(), r.text().contains("java.") || r.text().contains("Exception"));
        assertFalse("the command waited until the components took the change: " + r.describe(),
                r.text().contains("has not taken it yet") || r.text().contains("still runs"));
        return r;
    }

    private List<MemoryBlock> node0Slot() {
        return view.topology().memoryOf(0).stream().filter(b -> b.id() >= 136).toList();
    }

    private List<Finding> errors() {
        try {
            return doctor().stream().filter(f -> f.severity() == Severity.ERROR).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The one error the policy's check reports once it took a configuration stored behind
     * config.shell's back: nothing waited for the policy to take it, so it may be replaced (and
     * its check absent) a moment longer.
     */
    private Finding onlyError(String what) throws InterruptedException {
        Finding[] found = new Finding[1];
        until(what, () -> {
            List<Finding> errors = errorsIfRunning();
            found[0] = errors != null && errors.size() == 1 ? errors.get(0) : null;
            return found[0] != null;
        });
        return found[0];
    }

    /**
     * The errors the policy's check reports, null while it is replaced (a configuration stored
     * behind config:set's back is taken while the test looks).
     */
    private List<Finding> errorsIfRunning() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(DoctorCheck.class.getName(), "(sysplug.doctor.check=policy)");
            Object check = refs == null ? null : context.getService(refs[0]);
            if (check == null) {
                return null;
            }
            try {
                return ((DoctorCheck) check).examine(new Examination(view.topology(), List.of())).stream()
                        .filter(f -> f.severity() == Severity.ERROR).toList();
            } finally {
                context.ungetService(refs[0]);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> errorsLogged() {
        List<String> lines = new ArrayList<>();
        ServiceReference<LogReaderService> ref = context.getServiceReference(LogReaderService.class);
        Enumeration<LogEntry> entries = context.getService(ref).getLog();
        while (entries.hasMoreElements()) {
            LogEntry e = entries.nextElement();
            if (e.getLogLevel() == LogLevel.ERROR) {
                lines.add(e.getMessage());
            }
        }
        context.ungetService(ref);
        return lines;
    }

    /**
     * A node override made with {@code config:set} (no deploy file) rules the next hot-add of its
     * node at once: config:set returns only once the policy runs with it. node0's memory that
     * appears in the same run follows the defaults (online_kernel); config:delete gives node1 the
     * defaults back.
     */
    @Test
    public void aNodeOverrideSetWithConfigSetRulesTheNextHotAddOfItsNodeAndConfigDeleteGivesTheDefaultsBack() throws Exception {
        memoryModuleLeavesHotAddedMemoryOffline();
        run("config:set " + POLICY_PID + " memory.action online_kernel");

        Shell.Result created = run("config:set " + NODE1 + " node 1 memory.action offline");
        assertTrue(created.describe(), created.text().contains(NODE1 + ": created"));
        insert(); // no wait: config:set returned once the policy ran with the override
        run("sim:insert " + MEM2);
        until("node0's new 16 blocks are online", () -> node0Slot().size() == 16 && node0Slot().stream().allMatch(MemoryBlock::online));
        assertTrue("node0 follows the defaults, online_kernel", node0Slot().stream().allMatch(b -> b.zone() == Zone.NORMAL));
        until("node1's 64 blocks are there", () -> node1().size() == BLOCKS);
        until("the online requests ended", () -> !onlines().isEmpty() && onlines().stream().allMatch(o -> o.status().isTerminal()));
        Thread.sleep(300);

        assertTrue("node1's blocks stay offline under its override", node1().stream().noneMatch(MemoryBlock::online));
        assertTrue(onlines().toString(), onlines().stream().allMatch(o -> o.request().targets().stream()
                .allMatch(t -> Integer.parseInt(t.name().substring("memory".length())) >= 136)));
        assertTrue(doctor().toString(), doctor().stream().noneMatch(f -> f.severity() != Severity.INFO));

        Shell.Result deleted = run("config:delete " + NODE1);
        assertEquals(deleted.describe(), NODE1 + " deleted", deleted.text().strip());
        assertEquals("the override is gone", 2, shell.run("config:get " + NODE1).exit());
        run("sim:eject-request " + SLOT); // offline-then-eject: the offline blocks go with it
        insert();
        until("node1's 64 blocks are online under the defaults", () -> node1().size() == BLOCKS
                && node1().stream().allMatch(MemoryBlock::online));
        assertEquals(BLOCKS, inZone(Zone.NORMAL));
    }

    /**
     * The fix the policy prints for a bad override, in its doctor finding and in its log, is one
     * command that config.shell takes as printed, and after it the problem is gone: a value
     * config:set cannot refuse (the ratio is free text to Metatype), one that only a file or a
     * ConfigAdmin client can store, and a duplicate override of a node.
     */
    @Test
    public void thePrintedFixOfABadOverrideWorksAsPrinted() throws Exception {
        run("config:set " + NODE1 + " node 1 memory.movable.ratio 3-1");
        List<Finding> ratio = errors();
        assertEquals(ratio.toString(), 1, ratio.size());
        assertEquals("config:unset " + NODE1 + " memory.movable.ratio", ratio.get(0).fix());
        assertTrue(errorsLogged().toString(), errorsLogged().stream().anyMatch(l -> l.contains(NODE1 + ": memory.movable.ratio = '3-1'")
                && l.contains("fix: config:unset " + NODE1 + " memory.movable.ratio;")));
        run(ratio.get(0).fix());
        assertEquals(List.of(), errors());

        // as a .cfg file in deploy/ stores it: unchecked
        Configuration file = configAdmin.getFactoryConfiguration(NODE_PID, "node1", "?");
        file.update(new Hashtable<>(Map.of("node", "1", "cpu.action", "sideways")));
        Finding sideways = onlyError("the policy reports the bad override");
        assertEquals(NODE1 + " cpu.action", sideways.subject());
        run(sideways.fix());
        assertEquals(List.of(), errors());

        Configuration second = configAdmin.getFactoryConfiguration(NODE_PID, "second", "?");
        second.update(new Hashtable<>(Map.of("node", 1, "memory.action", "online_kernel")));
        Finding duplicate = onlyError("the policy reports the duplicate");
        assertTrue(duplicate.toString(), duplicate.problem().contains("duplicate") && duplicate.problem().contains(NODE1)
                && duplicate.problem().contains(NODE_PID + "~second"));
        assertEquals("config:delete " + NODE_PID + "~second", duplicate.fix());
        run(duplicate.fix());
        assertEquals(List.of(), errors());
        assertEquals(null, configAdmin.listConfigurations("(service.pid=" + NODE_PID + "~second)"));
    }
}
