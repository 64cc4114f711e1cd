package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
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
import org.osgi.framework.ServiceRegistration;
import org.sysplug.doctor.Doctor;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Report;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.sim.control.SimulatedMachine;

/**
 * The Doctor service in the platform as it ships: checks come and go as services (a whiteboard any
 * bundle writes to), a check that throws costs only its own findings, and a planned request is a dry
 * run through the queue whose answer is the one {@code submit --dry-run} gets from the same handlers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DoctorIT extends PlatformTestSupport {

    private static final String SLOT = "\\_SB.NOD1";
    /** The doctor's own checks, the policy bundle's and the settings commands' (config.shell), which the platform runs too. */
    private static final List<String> BUILT_IN = List.of("hotplug-profiles", "memmap-cost", "movable-normal-ratio",
            "policy", "settings", "unmovable-blocks", "zone-normal-blocks-unplug");

    @Inject
    private Doctor doctor;
    @Inject
    private SimulatedMachine sim;
    @Inject
    private AcpiPort firmware;
    @Inject
    private CommandProcessor processor;
    @Inject
    private MachineView view;

    private Shell shell;

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return org.sysplug.it.support.SysplugOptions.platformWithModulesAndHarness();
    }

    @Before
    public void openShell() throws Exception {
        shell = Shell.open(context, processor);
    }

    /** Leaves the default machine as booted. */
    @After
    public void defaultsAgain() throws Exception {
        shell.run("sim:unpin memory100");
        if (firmware.device(SLOT).orElseThrow().present()) {
            shell.run("sim:eject-request '" + SLOT + "'");
        }
        shell.close();
    }

    @Test
    public void checksRegisteredByAnyBundleTakePartUntilTheyGoAndOneThatThrowsCostsOnlyItsOwnFindings() {
        Report before = doctor.examine(List.of());
        assertEquals(BUILT_IN, before.checks());

        ServiceRegistration<DoctorCheck> mine = register("it-check", e -> List.of(new Finding(Severity.WARNING,
                "it-check", "node" + e.machine().nodes().get(0).id(), "seen by a check of the test bundle", "none")));
        ServiceRegistration<DoctorCheck> broken = register("it-broken", e -> {
            throw new IllegalStateException("broken on purpose");
        });
        try {
            Report with = doctor.examine(List.of());
            assertTrue(with.checks().toString(), with.checks().containsAll(List.of("it-check", "it-broken")));
            assertTrue(with.checks().containsAll(BUILT_IN));
            Finding error = with.findings().get(0);
            assertEquals(Severity.ERROR, error.severity());
            assertEquals("it-broken", error.check());
            assertFalse(error.problem(), error.problem().contains("on purpose"));
            assertTrue(with.findings().stream().anyMatch(f -> f.check().equals("it-check")
                    && f.subject().equals("node0") && f.severity() == Severity.WARNING));
            assertTrue("the built-in checks still ran", with.findings().stream().anyMatch(f -> f.check().equals("movable-normal-ratio")));
        } finally {
            mine.unregister();
            broken.unregister();
        }
        assertEquals(BUILT_IN, doctor.examine(List.of()).checks());
    }

    @Test
    public void theDoctorAndSubmitDryRunRefuseAndAllowTheSameEjectForTheSameReason() throws Exception {
        assertEquals(0, shell.run("sim:insert '" + SLOT + "'").exit());
        HotplugRequest eject = HotplugRequest.of(Operation.HOT_REMOVE, SLOT).origin("shell").dryRun(true).build();

        Outcome allowed = run(eject);
        Outcome doctorsAllowed = dryRunOf(doctor.examine(List.of(eject)), Severity.INFO);
        assertEquals(Status.SUCCEEDED, allowed.status());
        assertEquals(Status.SUCCEEDED, doctorsAllowed.status());

        sim.pin(100, true);
        Outcome refused = run(eject);
        Report report = doctor.examine(List.of(eject));
        Outcome doctorsRefusal = dryRunOf(report, Severity.ERROR);
        assertEquals(Status.FAILED_ROLLED_BACK, refused.status());
        assertEquals("the same handler, code, device and message", refused.failure(), doctorsRefusal.failure());
        assertEquals("memory100", refused.failure().orElseThrow().device());
        Finding finding = report.findings().get(0);
        assertEquals("memory100", finding.subject());
        assertTrue(finding.problem(), finding.problem().endsWith(refused.failure().orElseThrow().describe()));
        assertEquals("the machine is as it was: the slot is still in", true, firmware.device(SLOT).orElseThrow().present());
    }

    /**
     * An online can be asked about beforehand too: the resource modules' online validation takes
     * cpuN, memoryN and nodeN targets, so a dry run answers yes or no (it once answered NO_HANDLER,
     * "no handler checked", for every online, and the doctor called a valid online an ERROR).
     */
    @Test
    public void theDoctorAndSubmitDryRunAnswerAnOnlineAsTheRequestWould() throws Exception {
        assertEquals(0, shell.run("sysplug:offline memory 40-41").exit());
        assertEquals(0, shell.run("sysplug:offline cpu 3").exit());
        try {
            HotplugRequest online = HotplugRequest.of(Operation.ONLINE, "memory40", "memory41", "cpu3", "node0")
                    .parameter("zone", "movable").origin("shell").dryRun(true).build();
            Outcome allowed = run(online);
            assertEquals(String.valueOf(allowed.failure()), Status.SUCCEEDED, allowed.status());
            assertEquals(Status.SUCCEEDED, dryRunOf(doctor.examine(List.of(online)), Severity.INFO).status());
            assertFalse("the dry run changed nothing", view.topology().block(40).orElseThrow().online());

            HotplugRequest absent = HotplugRequest.of(Operation.ONLINE, "memory40", "memory9999").origin("shell").dryRun(true).build();
            Outcome refused = run(absent);
            Outcome doctorsRefusal = dryRunOf(doctor.examine(List.of(absent)), Severity.ERROR);
            assertEquals("ENODEV", refused.failure().orElseThrow().code());
            assertEquals("the same handler, code, device and message", refused.failure(), doctorsRefusal.failure());
        } finally {
            shell.run("sysplug:online memory 40-41");
            shell.run("sysplug:online cpu 3");
        }
    }

    /** The doctor's dry run as the queue's history keeps it: the newest request, origin doctor. */
    private Outcome dryRunOf(Report report, Severity expected) {
        List<Finding> dryRuns = report.findings().stream().filter(f -> f.check().equals("dry-run"))
                .collect(Collectors.toList());
        assertEquals(report.findings().toString(), 1, dryRuns.size());
        assertEquals(dryRuns.get(0).problem(), expected, dryRuns.get(0).severity());
        Outcome newest = queue.recent().get(0);
        assertEquals("doctor", newest.request().origin());
        assertTrue(newest.request().dryRun());
        return newest;
    }

    private ServiceRegistration<DoctorCheck> register(String name, DoctorCheck check) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(DoctorCheck.NAME, name);
        return context.registerService(DoctorCheck.class, check, properties);
    }
}
