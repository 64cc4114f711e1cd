package org.sysplug.shell.console;

import org.apache.felix.service.command.CommandProcessor;
import org.jline.terminal.Terminal;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The interactive prompt of a sysplug started without a command: the {@link ReadLoop} on the
 * process's terminal (see {@link #TERMINAL}), on its own thread ({@value #THREAD}, which the launcher waits for).
 * Leaving the prompt stops the platform, as leaving a login shell does; stopping the platform
 * (or this bundle) ends the prompt.
 */
@Component(immediate = true, service = {})
public final class Console {

    /**
     * The service property of the process's terminal. JLine allows one system terminal per
     * process, and gogo.jline builds it as it starts; its login shell publishes it (the
     * launcher's profile for it does), under this property, and the prompt runs on it.
     */
    public static final String TERMINAL = "sysplug.terminal";

    /** The name of the prompt's thread. */
    public static final String THREAD = "sysplug console";

    private final Thread thread;
    private final ReadLoop loop;
    private volatile boolean deactivating;

    @Activate
    public Console(BundleContext context, @Reference CommandProcessor processor, @Reference OperandSource operands,
            @Reference(service = Object.class, target = "(" + TERMINAL + "=*)") Object terminal,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.loop = new ReadLoop(processor, (Terminal) terminal, context, operands, log);
        this.thread = new Thread(() -> {
            loop.run();
            if (!deactivating) {
                stopPlatform(context, log);
            }
        }, THREAD);
        thread.start();
    }

    private static void stopPlatform(BundleContext context, Logger log) {
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            log.warn("leaving the prompt did not stop the platform: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        deactivating = true;
        loop.stop();
        if (Thread.currentThread() != thread) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
