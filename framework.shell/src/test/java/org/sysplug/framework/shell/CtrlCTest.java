package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.LocalQueue;
import org.sysplug.framework.core.LocalRunner;

/**
 * Ctrl-C at the prompt interrupts the thread running the command: {@code sysplug:offline} then
 * cancels its request and returns the outcome, the rollback included, never an exception; and a
 * request of 20,000 blocks is shown as one compressed list.
 */
class CtrlCTest {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final List<String> undone = new java.util.concurrent.CopyOnWriteArrayList<>();
    private LocalQueue queue;

    @AfterEach
    void stop() throws InterruptedException {
        queue.close();
    }

    /** Offlines nothing, slowly: waits until cancel interrupts it. */
    private final HotplugHandler slow = new HotplugHandler() {
        @Override
        public void apply(RequestContext context) throws HotplugException {
            context.request().targets().forEach(context::claim);
            entered.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                throw new HotplugException(HotplugException.EIO, null, "offlining was interrupted");
            }
        }

        @Override
        public void rollback(RequestContext context) {
        }
    };

    /** Applies, and notes its rollback: what ran before the slow handler is walked back. */
    private final HotplugHandler before = new HotplugHandler() {
        @Override
        public void apply(RequestContext context) {
        }

        @Override
        public void rollback(RequestContext context) {
            undone.add("before");
        }
    };

    @Test
    void interruptingTheWaitingCommandCancelsItsRequestAndPrintsTheOutcome() throws Exception {
        queue = LocalQueue.of(new LocalRunner.Registration(before, "before", Phase.DELETE_EXECUTE, 10, EnumSet.allOf(Kind.class)),
                new LocalRunner.Registration(slow, "memory.remove", Phase.DELETE_EXECUTE, 20, EnumSet.allOf(Kind.class)));
        DeviceCommands commands = new DeviceCommands(queue);
        CompletableFuture<Object> printed = new CompletableFuture<>();
        Thread command = new Thread(() -> printed.complete(
                commands.offline(null, false, false, 0, false, "memory", "1000-20999")), "Gogo command");
        command.start();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        command.interrupt(); // what Ctrl-C does
        String text = ShellConverter.render(printed.get(10, TimeUnit.SECONDS));

        assertThat(text).startsWith("request 1: OFFLINE memory1000-20999\n").contains("status:  " + Status.CANCELLED)
                .contains("cancelled by an operator").doesNotContain("java.").doesNotContain("Exception");
        assertThat(undone).containsExactly("before");
        String table = ShellConverter.render(new Views.RequestTable(queue.recent()));
        assertThat(table).contains("memory1000-20999").doesNotContain("memory1000 ");
    }

    @Test
    void theJsonOfARequestKeepsEveryTarget() {
        queue = LocalQueue.of(LocalRunner.takingTheTargets(Phase.DELETE_EXECUTE));
        DeviceCommands commands = new DeviceCommands(queue);
        String json = ShellConverter.render(commands.offline(null, false, false, 0, true, "memory", "1000-1999"));

        assertThat(json).contains(String.join("\",\"", IntStream.rangeClosed(1000, 1999).mapToObj(i -> "memory" + i)
                .toList()));
    }
}
