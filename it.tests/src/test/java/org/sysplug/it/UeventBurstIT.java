package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.Target;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.SysplugOptions;

/**
 * A coldplug storm on the Linux backend: thousands of memory blocks appear at once, as the
 * kernel adds them during a large hot-add, and the auto-online policy brings every one online
 * in few requests (the udev way is a process per block), none lost and none onlined twice.
 * The timing of a 10,000-block storm is {@code bench/uevent-burst.sh}'s (BENCHMARKS.md).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UeventBurstIT extends PlatformTestSupport {

    private static final int FIRST = 8; // the guest tree has blocks 0-7, offline, that no event announces
    private static final int STORM = 3_000;

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        Path root = LinuxBackendIT.GuestTree.create("sysplug-it-burst");
        return new Option[] { composite(SysplugOptions.platformWithModulesAndHarness()),
                frameworkProperty("sysplug.backend").value("linux"),
                frameworkProperty("sysplug.sysroot").value(root.toString()),
                frameworkProperty("sysplug.access").value("writable"),
                frameworkProperty("sysplug.monitor").value("poll"),
                frameworkProperty("sysplug.monitor.interval").value("200"),
                frameworkProperty(LinuxBackendIT.TREE).value(root.toString()) };
    }

    private Path tree() {
        return Path.of(context.getProperty(LinuxBackendIT.TREE));
    }

    private String state(int block) throws IOException {
        return Files.readString(tree().resolve("sys/devices/system/memory/memory" + block + "/state"));
    }

    @Test
    public void thousandsOfBlocksThatAppearAtOnceAreAllOnlinedInFewRequests() throws Exception {
        Path node = tree().resolve("sys/devices/system/node/node0");
        for (int id = FIRST; id < FIRST + STORM; id++) {
            LinuxBackendIT.GuestTree.block(tree(), id, "offline\n");
            Files.createSymbolicLink(node.resolve("memory" + id), Path.of("../../memory/memory" + id));
        }
        long end = System.nanoTime() + 120_000_000_000L;
        int offline = STORM;
        while (System.nanoTime() < end) {
            offline = 0;
            for (int id = FIRST; id < FIRST + STORM; id++) {
                offline += state(id).equals("online\n") ? 0 : 1;
            }
            if (offline == 0 && queue.status().running().isEmpty() && queue.status().queued().isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("blocks left offline", 0, offline);

        List<Outcome> storm = queue.recent().stream().filter(o -> o.request().origin().equals("uevent")).toList();
        Set<String> onlined = new HashSet<>();
        for (Outcome o : storm) {
            assertEquals(o.toString(), Status.SUCCEEDED, o.status());
            for (Target t : o.request().targets()) {
                assertTrue(t.name() + " onlined by two requests", onlined.add(t.name()));
            }
        }
        assertEquals("every block of the storm, and only those, onlined by the policy", STORM, onlined.size());
        assertTrue(storm.size() + " requests for " + STORM + " blocks", storm.size() <= STORM / 50);
    }
}
