package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysplug.shell.CommandFailures;
import org.sysplug.shell.ShellStatus;

class OneShotTest {

    /** Commands that exercise each way of ending. */
    public static final class Commands {
        public List<String> list() {
            return List.of("a", "b");
        }

        public void quiet() {
        }

        public void partial(CommandSession session) {
            System.out.println("did half");
            session.put(ExitStatus.VARIABLE, 64);
        }

        public void ok(CommandSession session) {
            session.put(ExitStatus.VARIABLE, 0);
        }

        public void boom() {
            throw new IllegalStateException("device busy");
        }

        public void nomessage() throws Exception {
            throw new java.io.IOException();
        }

        public void number(int n) {
        }

        public void weird(CommandSession session) {
            session.put(ExitStatus.VARIABLE, "lots");
        }

        public void huge(CommandSession session) {
            session.put(ExitStatus.VARIABLE, 256);
        }
    }

    private Gogo gogo;
    private final List<String> awaited = new ArrayList<>();
    private OneShot oneShot;

    @BeforeEach
    void setUp() {
        gogo = new Gogo().with("t", new Commands(),
                "list", "quiet", "partial", "ok", "boom", "nomessage", "number", "weird", "huge");
        gogo.with(LauncherCommands.SCOPE, new LauncherCommands(), LauncherCommands.FUNCTIONS);
        CommandSession session = (CommandSession) gogo.session.commandSession();
        // the shell bundle's explanations, as its service gives them to the launcher
        oneShot = new OneShot(gogo.session, awaited::add, (line, failure) -> {
            CommandFailures.Explained explained = CommandFailures.explain(session, line, failure);
            return ShellStatus.done(session, explained.status(), explained.message());
        }, gogo.outStream, gogo.errStream);
    }

    @AfterEach
    void tearDown() {
        gogo.close();
    }

    @Test
    void printsTheResultAsTheShellWouldAndSucceeds() {
        assertEquals(0, oneShot.run("list", null));
        assertEquals("a\nb\n", gogo.out().replace("\r", ""));
        assertEquals("", gogo.err());
    }

    @Test
    void aNullResultPrintsNothing() {
        assertEquals(0, oneShot.run("quiet", null));
        assertEquals("", gogo.out());
    }

    @Test
    void waitsForTheCommandItIsAboutToRun() {
        oneShot.run("t:quiet", null);
        oneShot.run("x = 1", null);
        assertEquals(List.of("t:quiet"), awaited);
    }

    @Test
    void theCommandChoosesItsStatusThroughTheSessionVariable() {
        assertEquals(64, oneShot.run("partial", null));
        assertTrue(gogo.out().contains("did half"));
        assertEquals(0, oneShot.run("ok", null));
    }

    @Test
    void unknownCommandsAndUnusableArgumentsAreUsageErrors() {
        assertEquals(2, oneShot.run("nosuchcmd", null));
        assertEquals("sysplug: nosuchcmd: no such command; 'help' lists the commands\n", gogo.err());
        assertEquals(2, oneShot.run("number notanumber", null));
        assertEquals(2, oneShot.run("list 'unbalanced", null));
    }

    @Test
    void otherFailuresAreStatusOneWithTheMessageAndNoStackTrace() {
        assertEquals(1, oneShot.run("boom", "f.gosh:3"));
        assertEquals("sysplug: f.gosh:3: boom: device busy\n", gogo.err());
        assertEquals(1, oneShot.run("nomessage", null));
        assertTrue(gogo.err().endsWith("sysplug: nomessage: internal error, the command failed unexpectedly (the log has"
                + " the details: 'log 1' at the prompt)\n"), gogo.err());
        assertFalse(gogo.err().contains("\tat "));
    }

    @Test
    void anUnusableStatusVariableIsAFailure() {
        assertEquals(1, oneShot.run("weird", null));
        assertEquals(1, oneShot.run("huge", null));
    }

    @Test
    void aScriptStopsAtTheFirstFailureWithItsStatus() {
        int status = oneShot.runScript(List.of("# comment", "", "list", "nosuchcmd", "partial"), "s.gosh");
        assertEquals(2, status);
        assertTrue(gogo.err().startsWith("sysplug: s.gosh:4: nosuchcmd: no such command"), gogo.err());
        assertFalse(gogo.out().contains("did half"));
    }

    @Test
    void aScriptSucceedsWhenEveryLineDoes() {
        assertEquals(0, oneShot.runScript(List.of("list", "  ", "ok", "quiet"), "s"));
    }

    @Test
    void oneLinesStatusDoesNotLeakIntoTheNext() {
        assertEquals(0, oneShot.runScript(List.of("x = 1", "quiet"), "s"));
        assertEquals(64, oneShot.run("partial", null));
        assertEquals(0, oneShot.run("quiet", null));
    }

    @Test
    void aUsageErrorAResultLeftWithStatusTwoGoesToStderr() {
        gogo.with("t", new Object() {
            public String picky(CommandSession session) {
                return ShellStatus.done(session, ShellStatus.USAGE, "usage: t:picky");
            }
        }, "picky");
        assertEquals(2, oneShot.run("picky", null));
        assertEquals("", gogo.out());
        assertEquals("usage: t:picky\n", gogo.err().replace("\r", ""));
    }

    @Test
    void echoIsThereWithoutTheInteractiveShell() {
        assertEquals(0, oneShot.run(CommandLine.of(List.of("echo", "hello", "\\_SB.NOD1")), null));
        assertEquals("hello \\_SB.NOD1\n", gogo.out().replace("\r", ""));
    }
}
