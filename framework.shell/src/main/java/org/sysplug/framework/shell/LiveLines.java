package org.sysplug.framework.shell;

import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a following command ({@code sysplug:events}, {@code log:tail}) prints: items handed in by
 * another thread (EventAdmin's, the log's), printed one line each by the command's own thread,
 * whose output the shell routes to the operator, until Ctrl-C interrupts it.
 *
 * @param <T> what arrives
 */
final class LiveLines<T> implements Consumer<T> {

    private final BlockingQueue<T> arrived = new LinkedBlockingQueue<>();

    @Override
    public void accept(T item) {
        arrived.add(item);
    }

    /** Prints each item as it arrives, until the calling thread is interrupted (Ctrl-C): then returns. */
    void printUntilInterrupted(PrintStream out, Function<T, String> format) {
        try {
            while (true) {
                out.println(format.apply(arrived.take()));
                out.flush();
            }
        } catch (InterruptedException e) {
            // Ctrl-C: the way to stop following, not a failure; the interrupt is answered here
        }
    }
}
