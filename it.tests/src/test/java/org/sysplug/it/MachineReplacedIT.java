package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.sysplug.framework.Status;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.it.support.SysplugOptions;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * Loading another machine is a reboot for the firmware module: it enumerates the new namespace,
 * so a container that booted present on the new machine can be ejected, and an empty socket of
 * the new machine hot-added. (A class of its own: it replaces the machine.)
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

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return SysplugOptions.platformWithModulesAndHarness();
    }

    @Test
    public void afterLoadingAnotherMachineItsDevicesHotPlug() throws InterruptedException {
        try (Shell shell = Shell.open(context, processor)) {
            // the default machine first: node1's slot is hot-added there
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
}
