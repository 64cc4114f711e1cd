package org.sysplug.launcher.slowstart;

/** Test bundle: the Gogo command {@code slowstart:hello}, registered late (see {@link SlowStartSwitch}). */
public final class HelloCommand {

    static final String NAME = "slowstart.hello";
    public static final String GREETING = "hello from a slow start";

    public String hello() {
        return GREETING;
    }
}
