package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandWaiterTest {

    /** Far longer than any test runs: a test that returns did not wait for it. */
    private static final long TIMEOUT = 3_600_000;

    private final Gogo gogo = new Gogo();

    @AfterEach
    void tearDown() {
        gogo.close();
    }

    private static Object status() {
        return new Object() {
            public void status() {
            }
        };
    }

    @Test
    void aKnownCommandScopedOrNotNeedsNoLookAtTheComponents() {
        gogo.with("felix", new Object() {
            public void lb() {
            }
        }, "lb");
        AtomicInteger asked = new AtomicInteger();
        CommandWaiter waiter = new CommandWaiter(gogo.session, known -> asked.incrementAndGet() > 0, TIMEOUT);
        waiter.forCommand("lb");
        waiter.forCommand("felix:lb");
        waiter.forCommand("FELIX:LB");
        assertEquals(0, asked.get());
    }

    @Test
    void anUnknownCommandReturnsOnceTheCommandSetIsComplete() {
        AtomicInteger asked = new AtomicInteger();
        new CommandWaiter(gogo.session, known -> asked.incrementAndGet() >= 3, TIMEOUT).forCommand("nosuchcmd");
        assertEquals(3, asked.get());
    }

    @Test
    void anIncompleteSetWaitsOnlyUpToTheTimeout() {
        new CommandWaiter(gogo.session, known -> false, 200).forCommand("nosuchcmd");
    }

    @Test
    void aCommandRegisteredWhileTheSetIsIncompleteEndsTheWaitAndIsFound() {
        CompletableFuture<Void> registered = CompletableFuture.runAsync(() -> {
            sleep(200);
            gogo.with("sysplug", status(), "status");
        });
        // Complete only once Gogo lists the command, as CommandSet decides for a registered component.
        new CommandWaiter(gogo.session, known -> known.test("sysplug:status"), TIMEOUT).forCommand("status");
        assertTrue(registered.isDone());
    }

    @Test
    void theCompletenessSeesExactlyWhatGogoLists() {
        gogo.with("sysplug", status(), "status");
        AtomicInteger asked = new AtomicInteger();
        new CommandWaiter(gogo.session, known -> {
            asked.incrementAndGet();
            assertTrue(known.test("sysplug:status"));
            assertTrue(known.test("SYSPLUG:status"));
            assertFalse(known.test("status"));
            assertFalse(known.test("other:status"));
            return true;
        }, TIMEOUT).forCommand("nosuchcmd");
        assertEquals(1, asked.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
