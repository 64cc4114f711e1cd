package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.sysplug.framework.RequestQueue;

class RefusalConsoleTest {

    @Test
    void aRefusedHandlerIsOneLineNamingHandlerBundleAndReason() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RefusalConsole console = new RefusalConsole(new PrintStream(err, true, StandardCharsets.UTF_8));

        console.handleEvent(new Event(RequestQueue.TOPIC_HANDLER_REFUSED, Map.of(
                RequestQueue.EVENT_HANDLER, "typo.validate",
                RequestQueue.EVENT_BUNDLE, "org.example.typo",
                RequestQueue.EVENT_MESSAGE, "it has no sysplug.handler.order property")));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sysplug: handler typo.validate of bundle "
                + "org.example.typo refused: it has no sysplug.handler.order property" + System.lineSeparator());
    }
}
