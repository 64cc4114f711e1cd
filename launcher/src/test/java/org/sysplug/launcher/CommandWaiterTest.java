package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

class CommandWaiterTest {

    private static final long TIMEOUT = 5_000;
    private static final long QUIET = 200;

    /** Only the service listener calls matter to the waiter. */
    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);

    private final Gogo gogo = new Gogo();

    @AfterEach
    void tearDown() {
        gogo.close();
    }

    private long millisToWaitFor(String name) {
        try (CommandWaiter waiter = new CommandWaiter(context, gogo.session, TIMEOUT, QUIET)) {
            long start = System.nanoTime();
            waiter.forCommand(name);
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    @Test
    void aKnownCommandNeedsNoWaitScopedOrNot() {
        gogo.with("felix", new Object() {
            public void lb() {
            }
        }, "lb");
        assertTrue(millisToWaitFor("lb") < QUIET);
        assertTrue(millisToWaitFor("felix:lb") < QUIET);
    }

    @Test
    void anUnknownCommandWaitsOnlyForTheQuietPeriodNotTheTimeout() {
        long waited = millisToWaitFor("nosuchcmd");
        assertTrue(waited >= QUIET - 20 && waited < TIMEOUT / 2, "waited " + waited + " ms");
    }

    @Test
    void aCommandRegisteredWhileWaitingEndsTheWait() {
        try (CommandWaiter waiter = new CommandWaiter(context, gogo.session, TIMEOUT, TIMEOUT)) {
            CompletableFuture.runAsync(() -> {
                sleep(100);
                gogo.with("sysplug", new Object() {
                    public void status() {
                    }
                }, "status");
            });
            long start = System.nanoTime();
            waiter.forCommand("status");
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= 90 && waited < TIMEOUT / 2, "waited " + waited + " ms");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
