package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.sysplug.it.support.DeployFolder.until;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Examination;
import org.sysplug.doctor.Finding;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.Outcome;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.SysplugOptions;
import org.sysplug.platform.MachineView;

/**
 * The hot-plug policy on the Linux backend over a copied guest tree (the poll monitor reports the
 * blocks that appear): with the tree's kernel onlining by itself ({@code auto_online_blocks}
 * online) a configured memory policy stands down and the doctor check says so with the fix; once
 * the tree says offline the policy onlines the next block that appears. Udev rules and a dax
 * device of the tree are reported.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LinuxPolicyIT extends PlatformTestSupport {

    @Inject
    private MachineView view;
    @Inject
    private ConfigurationAdmin configAdmin;

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        Path root = LinuxBackendIT.GuestTree.create("sysplug-it-linux-policy");
        try {
            Files.writeString(root.resolve("sys/devices/system/memory/auto_online_blocks"), "online\n");
            Path rules = Files.createDirectories(root.resolve("usr/lib/udev/rules.d"));
            Files.writeString(rules.resolve("40-cpu-online.rules"),
                    "SUBSYSTEM==\"cpu\", ACTION==\"add\", TEST==\"online\", ATTR{online}==\"0\", ATTR{online}=\"1\"\n");
            Files.createDirectories(root.resolve("sys/bus/dax/devices/dax0.0"));
            Files.createDirectories(root.resolve("sys/bus/dax/drivers/device_dax/dax0.0"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Option[] { composite(SysplugOptions.platformWithModulesAndHarness()),
                frameworkProperty("sysplug.backend").value("linux"),
                frameworkProperty("sysplug.sysroot").value(root.toString()),
                frameworkProperty("sysplug.access").value("writable"),
                frameworkProperty("sysplug.monitor").value("poll"),
                frameworkProperty("sysplug.monitor.interval").value("50"),
                frameworkProperty(LinuxBackendIT.TREE).value(root.toString()) };
    }

    private Path tree() {
        return Path.of(context.getProperty(LinuxBackendIT.TREE));
    }

    private boolean service(String filter) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, filter);
            return refs != null && refs.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    private List<Finding> doctor() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(DoctorCheck.class.getName(), "(sysplug.doctor.check=policy)");
        DoctorCheck check = (DoctorCheck) context.getService(refs[0]);
        try {
            return check.examine(new Examination(view.topology(), List.of()));
        } finally {
            context.ungetService(refs[0]);
        }
    }

    private List<Outcome> uevent(String block) {
        return queue.recent().stream().filter(o -> o.request().targetNames().contains(block)).toList();
    }

    @Test
    public void theTreesKernelOnliningStandsTheMemoryPolicyDownUntilTheTreeSaysOffline() throws Exception {
        configAdmin.getConfiguration("org.sysplug.resource.memory", "?").update(new Hashtable<>(Map.of("online.policy", "offline")));
        configAdmin.getConfiguration("org.sysplug.policy", "?").update(new Hashtable<>(Map.of("memory.action", "online_movable")));
        until("the policy runs with its configuration", () -> service("(&(sysplug.doctor.check=policy)(memory.action=online_movable))"));
        until("the memory module runs with online.policy offline", () -> service("(&(component.name=memory.add)(online.policy=offline))"));

        List<Finding> found = doctor();
        assertTrue(found.toString(), found.stream().anyMatch(f -> f.severity() == Severity.WARNING
                && f.subject().equals("auto_online_blocks") && f.problem().contains("auto_online_blocks is online")));
        // the rule onlines CPUs, which the policy is not configured for: named, but no conflict and no fix
        assertTrue(found.toString(), found.stream().anyMatch(f -> f.severity() == Severity.INFO
                && f.subject().equals("usr/lib/udev/rules.d/40-cpu-online.rules:1")
                && f.problem().contains("not configured for these devices") && f.fix().isEmpty()));
        assertTrue(found.toString(), found.stream().anyMatch(f -> f.subject().equals("dax0.0")
                && f.fix().equals("daxctl reconfigure-device --mode=system-ram dax0.0 if it should be hot-plugged memory; "
                        + "leave it if an application maps it")));
        assertTrue(found.toString(), found.stream().anyMatch(f -> f.problem().contains("stands down for memory")));

        LinuxBackendIT.GuestTree.block(tree(), 8, "offline\n");
        until("the monitor reported memory8", () -> view.topology().block(8).isPresent());
        Thread.sleep(500);
        assertEquals("the policy submitted nothing for memory8", List.of(), uevent("memory8"));
        assertEquals("offline\n", Files.readString(tree().resolve("sys/devices/system/memory/memory8/state")));

        // the operator follows the fix: the policy reads the agents at every batch
        Files.writeString(tree().resolve("sys/devices/system/memory/auto_online_blocks"), "offline\n");
        LinuxBackendIT.GuestTree.block(tree(), 9, "offline\n");
        until("memory9 went online by the policy's request", () -> uevent("memory9").stream()
                .anyMatch(o -> o.request().origin().equals("uevent") && o.succeeded()));
        assertEquals("online\n", Files.readString(tree().resolve("sys/devices/system/memory/memory9/state")));
        assertTrue(doctor().stream().noneMatch(f -> f.subject().equals("auto_online_blocks")));
    }
}
