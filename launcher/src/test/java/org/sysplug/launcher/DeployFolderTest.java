package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployFolderTest {

    @TempDir
    Path cwd;

    @Test
    void theDefaultIsDeployBesideWhereSysplugRunsAndAGivenFolderIsResolvedThere() {
        assertEquals(cwd.resolve("deploy"), DeployFolder.folder(null, cwd));
        assertEquals(cwd.resolve("deploy"), DeployFolder.folder(" ", cwd));
        assertEquals(cwd.resolve("handlers"), DeployFolder.folder("handlers/./", cwd));
        assertEquals(Path.of("/opt/sysplug/deploy"), DeployFolder.folder("/opt/sysplug/deploy", cwd));
    }

    @Test
    void aFileWhereTheFolderShouldBeIsAProblemAMissingFolderIsNot() throws Exception {
        assertNull(DeployFolder.problem(cwd.resolve("deploy")));
        Files.writeString(cwd.resolve("deploy"), "");
        assertTrue(DeployFolder.problem(cwd.resolve("deploy")).contains("is a file, not a directory"));
    }

    @Test
    void fileInstallWatchesTheFolderEverySecondScansAtOnceAndKeepsItsFilesInTheRunsDirectory() {
        Path work = cwd.resolve("sysplug-1");
        Map<String, String> p = DeployFolder.properties(cwd.resolve("deploy"), work, 5);
        assertEquals(cwd.resolve("deploy").toString(), p.get("felix.fileinstall.dir"));
        assertEquals("1000", p.get("felix.fileinstall.poll"));
        assertEquals("true", p.get("felix.fileinstall.noInitialDelay"));
        assertEquals("5", p.get("felix.fileinstall.start.level"));
        assertEquals(work.resolve("fileinstall").toString(), p.get("felix.fileinstall.tmpdir"));
        assertEquals("false", p.get("felix.fileinstall.enableConfigSave"));
        assertTrue("reserved-cpus.jar".matches(p.get("felix.fileinstall.filter")));
        assertTrue("org.sysplug.firmware.acpi.cfg".matches(p.get("felix.fileinstall.filter")));
        assertFalse("org.sysplug.firmware.acpi.cfg~".matches(p.get("felix.fileinstall.filter")));
    }

    @Test
    void createMakesAMissingFolderOnce() throws Exception {
        Path deploy = cwd.resolve("a/deploy");
        assertTrue(DeployFolder.create(deploy));
        assertTrue(Files.isDirectory(deploy));
        assertFalse(DeployFolder.create(deploy));
    }
}
