package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.it.support.SysplugOptions;
import org.sysplug.platform.MachineView;

/**
 * On a machine whose boot CPU is hot-pluggable, the last online CPU is still refused, as chcpu
 * refuses it; a dry run says so and changes nothing. (A class of its own: it loads its own machine.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LastOnlineCpuIT extends PlatformTestSupport {

    @Inject
    private CommandProcessor processor;
    @Inject
    private MachineView view;

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return SysplugOptions.platformWithModulesAndHarness();
    }

    @Test
    public void theLastOnlineCpuIsRefused() throws Exception {
        Path twoCpus = Files.createTempFile("sysplug-it-two-cpus", ".yaml");
        Files.writeString(twoCpus, String.join("\n",
                "name: two-cpus",
                "boot-cpu-hotpluggable: true",
                "firmware:",
                "  - path: \\_SB.NOD0",
                "    type: container",
                "    node: 0",
                "    ejectable: false",
                "    cpus: {count: 2, apic-base: 0}",
                "    memory: [{start: 0, size: 1GiB}]",
                ""), StandardCharsets.UTF_8);
        try (Shell shell = Shell.open(context, processor)) {
            assertEquals(0, shell.run("sim:load '" + twoCpus + "'").exit());
            Shell.Result one = shell.run("sysplug:offline cpu 1");
            assertEquals(one.describe(), 0, one.exit());
            String before = view.topology().cpus().toString();

            Shell.Result dry = shell.run("sysplug:offline cpu 0 --dry-run");
            assertEquals(dry.describe(), 1, dry.exit());
            assertTrue(dry.describe(), dry.text().contains("EBUSY"));
            Shell.Result last = shell.run("sysplug:offline cpu 0");
            assertEquals(last.describe(), 1, last.exit());
            assertTrue(last.describe(), last.text().contains("last online CPU"));
            assertEquals(before, view.topology().cpus().toString());
        } finally {
            Files.delete(twoCpus);
        }
    }
}
