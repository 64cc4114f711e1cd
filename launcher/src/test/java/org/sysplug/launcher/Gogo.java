package org.sysplug.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;

/**
 * A real Gogo runtime without a framework, for tests: the same parser, coercion and exceptions
 * the launcher meets in the platform, driven through {@link GogoSession} as the launcher does.
 */
final class Gogo implements AutoCloseable {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    final CommandProcessorImpl processor;
    final GogoSession session;

    Gogo() {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        session = GogoSession.open(processor, new ByteArrayInputStream(new byte[0]), outStream, errStream);
    }

    Gogo with(String scope, Object commands, String... functions) {
        for (String function : functions) {
            processor.addCommand(scope, commands, function);
        }
        return this;
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        session.close();
        threadIO.stop();
    }
}
