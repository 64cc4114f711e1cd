package org.sysplug.launcher.slowstart;

/** Test bundle: an immediate component whose activation takes a while (a machine description loading, say). */
public final class BusyComponent {

    static final String NAME = "slowstart.busy";
    static final long ACTIVATION_MILLIS = 1_500;

    public void activate() throws InterruptedException {
        Thread.sleep(ACTIVATION_MILLIS);
    }
}
