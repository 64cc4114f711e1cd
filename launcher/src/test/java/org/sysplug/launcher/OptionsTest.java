package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sysplug.launcher.Options.Mode;
import org.sysplug.launcher.Options.UsageException;

class OptionsTest {

    @Test
    void noArgumentsIsTheInteractivePrompt() throws UsageException {
        Options options = Options.parse();
        assertEquals(Mode.INTERACTIVE, options.mode());
        assertEquals(List.of(), options.command());
    }

    @Test
    void theFirstNonOptionStartsTheCommandAndKeepsItsOwnOptions() throws UsageException {
        Options options = Options.parse("lb", "-s", "-f", "x");
        assertEquals(Mode.COMMAND, options.mode());
        assertEquals(List.of("lb", "-s", "-f", "x"), options.command());
    }

    @Test
    void doubleDashEndsTheLauncherOptions() throws UsageException {
        assertEquals(List.of("-weird", "a"), Options.parse("--", "-weird", "a").command());
        assertEquals(Mode.INTERACTIVE, Options.parse("--").mode());
    }

    @Test
    void fileModeReadsAScript() throws UsageException {
        Options options = Options.parse("-f", "run.gosh");
        assertEquals(Mode.FILE, options.mode());
        assertEquals(Path.of("run.gosh"), options.file());
        assertEquals(Mode.FILE, Options.parse("--file", "run.gosh").mode());
    }

    @Test
    void helpWinsOverEverythingElse() throws UsageException {
        assertEquals(Mode.HELP, Options.parse("-h").mode());
        assertEquals(Mode.HELP, Options.parse("--help", "-f", "x").mode());
    }

    @Test
    void dashDDefinesFrameworkProperties() throws UsageException {
        Options options = Options.parse("-Dsysplug.timing=true", "-Da=b=c", "-Dempty", "lb");
        assertEquals(Map.of("sysplug.timing", "true", "a", "b=c", "empty", ""), options.properties());
        assertEquals(List.of("lb"), options.command());
    }

    @Test
    void deployNamesTheWatchedFolderAsFileInstallsProperty() throws UsageException {
        Options options = Options.parse("--deploy", "handlers", "lb");
        assertEquals(Path.of("handlers").toAbsolutePath().toString(), options.properties().get("felix.fileinstall.dir"));
        assertEquals(List.of("lb"), options.command());
        assertThrows(UsageException.class, () -> Options.parse("--deploy"));
        assertThrows(UsageException.class, () -> Options.parse("--deploy", ""));
    }

    @Test
    void serveSysfsNamesTheDirectoryTheFrontEndMountsAt() throws UsageException {
        Options options = Options.parse("--serve-sysfs", "machine/../tree");
        assertEquals(Path.of("tree").toAbsolutePath().toString(), options.properties().get("sysplug.sysfs.dir"));
        assertEquals(Options.Mode.INTERACTIVE, options.mode());
        assertThrows(UsageException.class, () -> Options.parse("--serve-sysfs"));
        assertThrows(UsageException.class, () -> Options.parse("--serve-sysfs", " "));
    }

    @Test
    void rejectsWhatItCannotActOn() {
        assertThrows(UsageException.class, () -> Options.parse("-x"));
        assertThrows(UsageException.class, () -> Options.parse("--live-typo"));
        assertThrows(UsageException.class, () -> Options.parse("-f"));
        assertThrows(UsageException.class, () -> Options.parse("-f", "a.gosh", "lb"));
        assertThrows(UsageException.class, () -> Options.parse("-D=x"));
    }

    @Test
    void backendFlagsBecomeFrameworkProperties() throws UsageException {
        assertEquals(Map.of(), Options.parse("lb").properties());
        assertEquals(Map.of("sysplug.backend", "linux", "sysplug.sysroot", "/tmp/dump", "sysplug.access", "read-only"),
                Options.parse("--sysroot", "/tmp/dump", "lb").properties());
        assertEquals("writable", Options.parse("--writable", "--sysroot", "/tmp/dump").properties().get("sysplug.access"));
        Options live = Options.parse("--live", "sysplug:topology");
        assertEquals(Map.of("sysplug.backend", "linux", "sysplug.sysroot", "/", "sysplug.access", "live"), live.properties());
        assertEquals(true, live.live());
        assertEquals(false, Options.parse("--sysroot", "/tmp/dump").live());
        // a command's own --sysroot is the command's, not the launcher's
        assertEquals(Map.of(), Options.parse("sysplug:lsmem", "--sysroot", "/tmp/dump").properties());
    }

    @Test
    void dataKeepsTheJournalAndTheSettingsInOneDirectory() throws UsageException {
        Map<String, String> p = Options.parse("--data", "/var/lib/sysplug", "sysplug:requests").properties();
        assertEquals(Map.of("sysplug.data", "/var/lib/sysplug"), p);
        assertEquals(Path.of("rel").toAbsolutePath().toString(), Options.parse("--data", "rel").properties().get("sysplug.data"));
        assertThrows(UsageException.class, () -> Options.parse("--data"));
        assertThrows(UsageException.class, () -> Options.parse("--data", " "));
    }

    @Test
    void ephemeralKeepsNothingAndExcludesData() throws UsageException {
        assertEquals(Map.of("sysplug.data", ""), Options.parse("--ephemeral", "lb").properties());
        assertThrows(UsageException.class, () -> Options.parse("--ephemeral", "--data", "/tmp/d"));
        assertThrows(UsageException.class, () -> Options.parse("--data", "/tmp/d", "--ephemeral"));
        // without either, the launcher chooses the default directory (DataDirectory)
        assertEquals(null, Options.parse("lb").properties().get("sysplug.data"));
    }

    @Test
    void backendFlagsThatContradictEachOtherAreRefused() {
        assertThrows(UsageException.class, () -> Options.parse("--sysroot"));
        assertThrows(UsageException.class, () -> Options.parse("--writable", "lb"));
        assertThrows(UsageException.class, () -> Options.parse("--live", "--sysroot", "/tmp/x"));
    }

    @Test
    void liveIsAnnouncedLoudlyAndNothingElseIs() throws UsageException {
        java.io.ByteArrayOutputStream live = new java.io.ByteArrayOutputStream();
        Launcher.warnIfLive(Options.parse("--live", "sysplug:topology"), new java.io.PrintStream(live, true));
        assertEquals(true, live.toString().contains("*** LIVE"));
        assertEquals(true, live.toString().contains("write to /sys"));
        java.io.ByteArrayOutputStream viaD = new java.io.ByteArrayOutputStream();
        Launcher.warnIfLive(Options.parse("-Dsysplug.access=live", "lb"), new java.io.PrintStream(viaD, true));
        assertEquals(true, viaD.toString().contains("*** LIVE"));
        for (String[] args : new String[][] { { "lb" }, { "--sysroot", "/tmp/x", "lb" }, { "--sysroot", "/tmp/x", "--writable" } }) {
            java.io.ByteArrayOutputStream quiet = new java.io.ByteArrayOutputStream();
            Launcher.warnIfLive(Options.parse(args), new java.io.PrintStream(quiet, true));
            assertEquals("", quiet.toString());
        }
    }
}
