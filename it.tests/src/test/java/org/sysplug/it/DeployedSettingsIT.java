package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.sysplug.it.support.DeployFolder.until;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.it.support.DeployFolder;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.it.support.SysplugOptions;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * A {@code PID.cfg} in the deploy folder is a ConfigAdmin configuration: dropped in, it changes
 * how the next request runs (here firmware.acpi's eject policy); deleted, the default is back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployedSettingsIT extends PlatformTestSupport {

    private static final String SLOT = "\\_SB.NOD1";
    private static final String ACPI_PID = "org.sysplug.firmware.acpi";
    /** firmware.acpi's settings component: SCR publishes its configuration as service properties once applied. */
    private static final String SETTINGS = "(component.name=acpi.settings)";

    @Inject
    private CommandProcessor processor;
    @Inject
    private AcpiPort firmware;
    @Inject
    private ConfigurationAdmin configAdmin;

    private DeployFolder deploy;

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        return SysplugOptions.platformWithModulesAndHarness();
    }

    /** The hardware puts the container into its slot; firmware.acpi hot-adds it. */
    @Before
    public void insertTheSlot() throws Exception {
        deploy = DeployFolder.of(context);
        try (Shell shell = Shell.open(context, processor)) {
            Shell.Result inserted = shell.run("sim:insert '" + SLOT + "'");
            assertEquals(inserted.describe(), 0, inserted.exit());
        }
    }

    @After
    public void ejectAgain() throws Exception {
        deploy.close();
        Configuration[] left = configAdmin.listConfigurations("(service.pid=" + ACPI_PID + ")");
        if (left != null) {
            for (Configuration c : left) {
                c.delete();
            }
        }
        until("the default eject policy is back", () -> settingsWith("(eject.policy=offline-then-eject)"));
        if (firmware.device(SLOT).orElseThrow().present()) {
            run(HotplugRequest.of(Operation.HOT_REMOVE, SLOT).build());
        }
    }

    @Test
    public void aCfgFileDroppedInSetsTheEjectPolicyOfTheNextRequestAndDeletedTheDefaultIsBack() throws Exception {
        deploy.put(ACPI_PID + ".cfg", "# Linux's rule: eject only what is offline already\neject.policy = demand-offline\n");
        until("ConfigAdmin has the file's eject policy and firmware.acpi applied it",
                () -> settingsWith("(eject.policy=demand-offline)"));

        Outcome busy = run(HotplugRequest.of(Operation.HOT_REMOVE, SLOT).build());
        assertNotEquals(busy.toString(), Status.SUCCEEDED, busy.status());
        assertEquals("EBUSY", busy.failure().orElseThrow().code());
        assertEquals("demand-offline", configAdmin.getConfiguration(ACPI_PID, "?").getProperties().get("eject.policy"));

        deploy.delete(ACPI_PID + ".cfg");
        until("the configuration is gone with its file", () -> settingsWith("(eject.policy=offline-then-eject)"));

        Outcome ejected = run(HotplugRequest.of(Operation.HOT_REMOVE, SLOT).build());
        assertEquals(ejected.toString(), Status.SUCCEEDED, ejected.status());
        assertFalse(firmware.device(SLOT).orElseThrow().present());
    }

    private boolean settingsWith(String filter) {
        try {
            var refs = context.getServiceReferences((String) null, "(&" + SETTINGS + filter + ")");
            return refs != null && refs.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }
}
