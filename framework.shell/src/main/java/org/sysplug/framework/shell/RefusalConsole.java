package org.sysplug.framework.shell;

import java.io.PrintStream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.sysplug.framework.RequestQueue;

/**
 * Says on the console, as it happens, that a handler was refused for its properties: an operator
 * who drops a bundle into the deploy folder looks at the terminal, not at the log, and a handler
 * that silently never runs is the worst outcome of a typo in its {@code @Handler} properties.
 * {@code sysplug:handlers} keeps listing it with the same line for as long as it is registered.
 */
@Component(property = EventConstants.EVENT_TOPIC + "=" + RequestQueue.TOPIC_HANDLER_REFUSED)
public final class RefusalConsole implements EventHandler {

    private final PrintStream console;

    public RefusalConsole() {
        // The process's standard error: the terminal of the prompt, or of a one-shot command.
        this(System.err);
    }

    RefusalConsole(PrintStream console) {
        this.console = console;
    }

    @Override
    public void handleEvent(Event event) {
        console.println("sysplug: " + Render.refusal(String.valueOf(event.getProperty(RequestQueue.EVENT_HANDLER)),
                String.valueOf(event.getProperty(RequestQueue.EVENT_BUNDLE)),
                String.valueOf(event.getProperty(RequestQueue.EVENT_MESSAGE))));
    }
}
