package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sysplug.shell.CommandDoc;
import org.sysplug.shell.CommandFailures;
import org.sysplug.shell.CommandFailures.Explained;
import org.sysplug.shell.Help;
import org.sysplug.shell.Operand;
import org.sysplug.shell.ShellStatus;

/**
 * Failed command lines explained in a real Gogo runtime (no framework): the same parser,
 * coercion and exceptions the prompt and the launcher meet.
 */
class CommandFailuresTest {

    /** A command in the shape of sysplug's. */
    public static final class Commands {
        @Descriptor("show one request")
        @Help(operands = "ID", complete = Operand.REQUEST_ID, examples = "t:request 1")
        public String request(CommandSession session,
                @Descriptor("print one JSON document") @Parameter(names = { "-j", "--json" }, presentValue = "true", absentValue = "false") boolean json,
                @Descriptor("the request id") long id) {
            return "request " + id;
        }

        public void boom() {
            throw new NullPointerException("Cannot invoke \"java.lang.String.length()\" because \"s\" is null");
        }

        public void refuse() {
            throw new IllegalArgumentException("unknown device class 'gpu'");
        }
    }

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final CommandProcessorImpl processor;
    private final CommandSession session;

    CommandFailuresTest() {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        for (String f : new String[] { "request", "boom", "refuse" }) {
            processor.addCommand("t", new Commands(), f);
        }
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterEach
    void close() {
        session.close();
        threadIO.stop();
    }

    private Explained failureOf(String line) {
        try {
            session.execute(line);
        } catch (Exception e) {
            return CommandFailures.explain(session, line, e);
        }
        throw new AssertionError(line + " did not fail");
    }

    @Test
    void argumentsThatFitNoSignatureGiveTheCommandsUsage() {
        for (String line : new String[] { "t:request", "t:request abc", "request --foo 3", "t:request 1 2" }) {
            Explained e = failureOf(line);
            assertThat(e.status()).as(line).isEqualTo(ShellStatus.USAGE);
            assertThat(e.message()).as(line).isEqualTo("usage: t:request [--json] ID\n'help t:request' explains it");
        }
    }

    @Test
    void anUnknownCommandSaysSoAndPointsToHelp() {
        Explained e = failureOf("nosuch 1 2");
        assertThat(e.status()).isEqualTo(ShellStatus.USAGE);
        assertThat(e.message()).isEqualTo("nosuch: no such command; 'help' lists the commands");
    }

    @Test
    void anUnbalancedQuoteIsAUsageError() {
        Explained e = failureOf("t:request 'unbalanced");
        assertThat(e.status()).isEqualTo(ShellStatus.USAGE);
        assertThat(e.message()).startsWith("cannot read that line: ");
    }

    @Test
    void aCommandsOwnRefusalIsShownWithItsName() {
        Explained e = failureOf("t:refuse");
        assertThat(e.status()).isEqualTo(ShellStatus.USAGE);
        assertThat(e.message()).isEqualTo("t:refuse: unknown device class 'gpu'");
    }

    @Test
    void aDefectIsAnInternalErrorWithoutJavaTextForTheLog() {
        Explained e = failureOf("t:boom");
        assertThat(e.status()).isEqualTo(ShellStatus.FAILED);
        assertThat(e.unexpected()).isTrue();
        assertThat(e.message()).startsWith("t:boom: internal error").doesNotContain("java.").doesNotContain("Exception");
    }

    @Test
    void anUnmatchedPatternSaysWhatStarAndQuestionMarkMeanHere() {
        Explained e = CommandFailures.explain(session, "sim:fault cpu.online *", new IOException("no matches found: *"));
        assertThat(e.status()).isEqualTo(ShellStatus.USAGE);
        assertThat(e.message()).contains("file name patterns", "'all'");
    }

    @Test
    void theDocOfACommandComesFromItsAnnotations() {
        CommandDoc doc = CommandDoc.find(session, "request").orElseThrow();
        assertThat(doc.name()).isEqualTo("t:request");
        assertThat(doc.usages()).containsExactly("t:request [--json] ID");
        assertThat(doc.options()).singleElement().satisfies(o -> assertThat(o.names()).containsExactly("-j", "--json"));
        assertThat(doc.complete()).containsExactly(Operand.REQUEST_ID);
        assertThat(doc.examples()).containsExactly("t:request 1");
        assertThat(HelpCommand.describe(doc)).contains("usage: t:request [--json] ID", "  -j, --json", "example:\n  t:request 1");
    }

    @Test
    void helpListsSysplugFirstAndNeverTheJavaObjectScopes() {
        processor.addCommand("sysplug", new Commands(), "request");
        processor.addCommand("system", new Object() {
            public void setsecuritymanager() {
            }
        }, "setsecuritymanager");
        String list = HelpCommand.list(session);
        assertThat(list).startsWith("sysplug commands:\n  sysplug:request  show one request\n")
                .contains("other commands", "t: boom refuse request").doesNotContain("setsecuritymanager");
    }
}
