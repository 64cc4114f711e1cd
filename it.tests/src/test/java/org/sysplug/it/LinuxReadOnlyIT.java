package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.it.support.SysplugOptions;
import org.sysplug.platform.MachineView;

/**
 * The Linux backend without live or writable mode writes nothing at all: the tree (and the
 * directory around it) has the same checksum after online, offline and eject attempts, each
 * refused with a message that says the tree is read-only and how to allow writing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LinuxReadOnlyIT extends PlatformTestSupport {

    @Inject
    private MachineView view;
    @Inject
    private CommandProcessor processor;

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        Path root = LinuxBackendIT.GuestTree.create("sysplug-it-readonly");
        return new Option[] { composite(SysplugOptions.platformWithModulesAndHarness()),
                frameworkProperty("sysplug.backend").value("linux"),
                frameworkProperty("sysplug.sysroot").value(root.toString()),
                frameworkProperty(LinuxBackendIT.TREE).value(root.toString()) };
    }

    @Test
    public void nothingIsWrittenAndEveryChangeIsRefusedClearly() throws Exception {
        Path tree = Path.of(context.getProperty(LinuxBackendIT.TREE));
        String before = checksum(tree);
        assertTrue(view.describe(), view.describe().contains("read-only"));

        for (HotplugRequest r : List.of(HotplugRequest.of(Operation.ONLINE, "memory0", "cpu1").build(),
                HotplugRequest.of(Operation.ONLINE, "cpu2").build())) {
            Outcome o = run(r);
            assertEquals(o.toString(), Status.FAILED_ROLLED_BACK, o.status());
            assertTrue(o.toString(), o.failure().orElseThrow().describe().contains("read-only sysroot"));
            assertTrue(o.toString(), o.failure().orElseThrow().describe().contains("--writable"));
        }
        try (Shell shell = Shell.open(context, processor)) {
            Shell.Result r = shell.run("sysplug:online memory 1-3");
            assertEquals(r.describe(), 1, r.exit());
            assertTrue(r.describe(), r.text().contains("read-only"));
            assertTrue(r.describe(), !r.text().contains("\tat "));   // no stack trace reaches the operator
        }
        assertEquals(before, checksum(tree));
        assertTrue(view.topology().memory().stream().noneMatch(b -> b.online()));
    }

    private static String checksum(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : s.sorted().collect(Collectors.toList())) {
                md.update(dir.relativize(p).toString().getBytes());
                if (Files.isRegularFile(p)) {
                    md.update(Files.readAllBytes(p));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
