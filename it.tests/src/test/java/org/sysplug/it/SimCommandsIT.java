package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.sysplug.platform.CpuPort;
import org.sysplug.platform.Errno;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.MemoryPort;
import org.sysplug.platform.PortException;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.it.support.JsonParser;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;

/**
 * The simulator's operator commands (scope {@code sim}) and {@code sysplug:topology}, typed as an
 * operator types them, checked against what the ports then say.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimCommandsIT extends PlatformTestSupport {

    @Inject
    private CommandProcessor processor;
    @Inject
    private MachineView view;
    @Inject
    private CpuPort cpus;
    @Inject
    private MemoryPort memory;
    @Inject
    private AcpiPort firmware;

    private Shell shell;

    @Before
    public void openShell() throws InterruptedException {
        shell = Shell.open(context, processor);
    }

    @After
    public void defaultMachineAgain() {
        Shell.Result r = shell.run("sim:load default");
        assertEquals(r.describe(), 0, r.exit());
        shell.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    public void topologyJsonDescribesTheDefaultMachine() {
        Shell.Result r = shell.run("sysplug:topology --json");
        assertEquals(r.describe(), 0, r.exit());

        Map<String, Object> doc = JsonParser.object(r.text());
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) doc.get("nodes");
        assertEquals(Map.of("id", 0L, "online", true), nodes.get(0));
        assertEquals(Map.of("id", 1L, "online", false), nodes.get(1));
        List<Map<String, Object>> cpuList = (List<Map<String, Object>>) doc.get("cpus");
        assertEquals(16, cpuList.size());
        assertEquals(false, cpuList.get(0).get("hotpluggable"));
        assertEquals(true, cpuList.get(7).get("online"));
        assertEquals(false, cpuList.get(8).get("present"));
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) doc.get("memory");
        assertEquals(64, blocks.size());
        Map<String, Object> first = blocks.get(0);
        assertEquals(0L, first.get("block"));
        assertEquals(0L, first.get("start"));
        assertEquals(128L << 20, first.get("size"));
        assertEquals("online", first.get("state"));
        assertEquals("Normal", first.get("zone"));
        List<Map<String, Object>> devices = (List<Map<String, Object>>) doc.get("firmware");
        Map<String, Object> slot = devices.stream().filter(d -> d.get("path").equals("\\_SB.NOD1")).findFirst()
                .orElseThrow();
        assertEquals("ACPI0004", slot.get("hid"));
        assertEquals(false, slot.get("present"));
    }

    @Test
    public void anInjectedFaultFailsThePortOperationAsManyTimesAsAsked() throws Exception {
        Shell.Result added = shell.run("sim:fault --errno EBUSY --times 1 cpu.offline cpu3");
        assertEquals(added.describe(), 0, added.exit());

        try {
            cpus.offline(3);
            fail("the fault should have fired");
        } catch (PortException e) {
            assertEquals(Errno.EBUSY, e.errno());
        }
        assertTrue("nothing changed", view.topology().cpu(3).orElseThrow().online());
        cpus.offline(3);
        assertFalse(view.topology().cpu(3).orElseThrow().online());

        Shell.Result listed = shell.run("sim:faults");
        assertTrue(listed.describe(), listed.text().contains("cpu.offline cpu3"));
        assertEquals(2, shell.run("sim:fault --errno EWHAT cpu.online cpu1").exit());
        assertEquals(2, shell.run("sim:fault --errno EIO plug.in cpu1").exit());
        assertEquals(1, shell.run("sim:unfault 999").exit());
        assertEquals(0, shell.run("sim:unfault all").exit());
    }

    @Test
    public void pinnedPagesMakeABlockUnofflineable() throws Exception {
        assertEquals(0, shell.run("sim:pin memory40").exit());
        try {
            memory.offline(40);
            fail("a block with unmovable pages cannot go offline");
        } catch (PortException e) {
            assertEquals(Errno.EBUSY, e.errno());
            assertEquals("memory40", e.device());
        }
        assertEquals(0, shell.run("sim:unpin 40").exit());
        memory.offline(40);
        assertEquals(1, shell.run("sim:pin memory30").exit());
        assertEquals(2, shell.run("sim:pin forty").exit());
    }

    @Test
    public void hardwareEventsChangeTheFirmwareAndAreLogged() {
        Shell.Result inserted = shell.run("sim:insert '\\_SB.NOD1'");
        assertEquals(inserted.describe(), 0, inserted.exit());
        assertTrue(inserted.describe(), inserted.text().contains("BUS_CHECK"));
        assertTrue(firmware.device("\\_SB.NOD1").orElseThrow().present());
        assertTrue(firmware.device("\\_SB.NOD1.CP03").orElseThrow().present());

        assertEquals(0, shell.run("sim:eject-request '\\_SB.NOD1'").exit());
        assertEquals(2, shell.run("sim:eject-request").exit());

        assertEquals(0, shell.run("sim:surprise-remove '\\_SB.NOD1'").exit());
        assertFalse(firmware.device("\\_SB.NOD1").orElseThrow().present());
        Shell.Result log = shell.run("sim:log");
        assertTrue(log.describe(), log.text().contains("\\_SB.NOD1"));
        assertEquals(1, shell.run("sim:insert '\\_SB.NOPE'").exit());
    }

    @Test
    public void aPathTypedWithoutItsBackslashIsRefusedAtOnce() {
        Shell.Result unquoted = shell.run("sim:insert \\_SB.MEM2"); // the shell eats the unquoted backslash
        assertEquals(unquoted.describe(), 2, unquoted.exit());
        assertTrue(unquoted.describe(), unquoted.text().contains("quoted: type '\\_SB.MEM2'"));
        assertFalse(firmware.device("\\_SB.MEM2").orElseThrow().present());
        assertEquals(2, shell.run("sim:eject-request _SB.NOD0").exit());

        Shell.Result ost = shell.run("sim:ost --json");
        assertEquals(ost.describe(), 0, ost.exit());
        assertTrue(ost.describe(), ost.text().startsWith("{\"ost\":["));
    }

    @Test
    public void loadReplacesTheMachineOrSaysInOneLineWhyNot() throws Exception {
        Shell.Result missing = shell.run("sim:load /no/such/machine.yaml");
        assertEquals(missing.describe(), 1, missing.exit());
        assertTrue(missing.describe(), missing.text().contains("no such file"));

        Path broken = Files.createTempFile("sysplug-it-broken", ".yaml");
        Files.writeString(broken, "name: broken\nblock-size: 100M\nfirmware: []\n", StandardCharsets.UTF_8);
        Shell.Result bad = shell.run("sim:load '" + broken + "'");
        assertEquals(bad.describe(), 1, bad.exit());
        assertEquals(bad.describe(), 1, bad.text().strip().lines().count());
        assertTrue(bad.describe(), bad.text().contains(broken.getFileName() + ":"));
        assertEquals("the running machine is kept", 16, view.topology().cpus().size());

        Shell.Result scale = shell.run("sim:load server-4node");
        assertEquals(scale.describe(), 0, scale.exit());
        assertTrue(view.describe(), view.describe().contains("server-4node"));
        Files.delete(broken);
    }
}
