package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.it.support.SysplugOptions;
import org.sysplug.platform.MachineView;

/**
 * The Linux backend's monitor as a setting: started with the framework property
 * {@code sysplug.monitor=off}, the configuration PID {@code org.sysplug.platform.linux} set by
 * {@code config:set} starts polling in place (the backend's services stay the same), and a block
 * that appears after it is heard and brought online.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LinuxMonitorSettingIT extends PlatformTestSupport {

    @Inject
    private CommandProcessor processor;

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        Path root = LinuxBackendIT.GuestTree.create("sysplug-it-monitor");
        return new Option[] { composite(SysplugOptions.platformWithModulesAndHarness()),
                frameworkProperty("sysplug.backend").value("linux"),
                frameworkProperty("sysplug.sysroot").value(root.toString()),
                frameworkProperty("sysplug.access").value("writable"),
                frameworkProperty("sysplug.monitor").value("off"),
                frameworkProperty(LinuxBackendIT.TREE).value(root.toString()) };
    }

    private String state(int block) throws IOException {
        return Files.readString(Path.of(context.getProperty(LinuxBackendIT.TREE))
                .resolve("sys/devices/system/memory/memory" + block + "/state"));
    }

    private static boolean pollerRuns() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("sysplug-sysfs-poller"));
    }

    @Test
    public void configSetStartsTheMonitorInPlaceAndWhatAppearsAfterIsOnlined() throws Exception {
        ServiceReference<MachineView> before = context.getServiceReference(MachineView.class);
        try (Shell shell = Shell.open(context, processor)) {
            Shell.Result interval = shell.run("config:set org.sysplug.platform.linux monitor.interval 50");
            assertEquals(interval.describe(), 0, interval.exit());
            Shell.Result poll = shell.run("config:set org.sysplug.platform.linux monitor poll");
            assertEquals(poll.describe(), 0, poll.exit());
            assertTrue(poll.describe(), poll.text().contains("(was the default, auto)"));
            Shell.Result bad = shell.run("config:set org.sysplug.platform.linux monitor.interval 5");
            assertEquals(bad.describe(), 2, bad.exit());
        }
        ServiceReference<MachineView> after = context.getServiceReference(MachineView.class);
        assertEquals("the backend was not rebuilt", before.getProperty(Constants.SERVICE_ID),
                after.getProperty(Constants.SERVICE_ID));

        // config:set returns once SCR shows the new value, which can be before the component's
        // modified method has returned; the poller's thread starts after its baseline listing,
        // so a block made once the thread runs is one the poller has not seen yet.
        long started = System.nanoTime() + 10_000_000_000L;
        while (!pollerRuns() && System.nanoTime() < started) {
            Thread.sleep(10);
        }
        assertTrue("the poller thread runs", pollerRuns());
        LinuxBackendIT.GuestTree.block(Path.of(context.getProperty(LinuxBackendIT.TREE)), 8, "offline\n");
        long end = System.nanoTime() + 10_000_000_000L;
        while (!state(8).equals("online\n") && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals("the poller heard the block and auto-online onlined it", "online\n", state(8));
    }
}
