package org.sysplug.it.config;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A component, shipped in a bundle a test builds, that takes a while to apply a changed setting:
 * its {@code modified} method waits {@value #APPLY_MILLIS} ms before it uses the new {@code mode}.
 * It answers the mode it runs with as a {@code Supplier<String>}, so a test can tell "the setting
 * is stored" from "the component works with it". It needs nothing but {@code java.*}.
 */
public final class SlowSetting implements Supplier<String> {

    /** How long applying a change takes. */
    public static final long APPLY_MILLIS = 700;

    private volatile String mode;

    public void activate(Map<String, Object> properties) {
        mode = String.valueOf(properties.get("mode"));
    }

    public void modified(Map<String, Object> properties) throws InterruptedException {
        Thread.sleep(APPLY_MILLIS);
        mode = String.valueOf(properties.get("mode"));
    }

    @Override
    public String get() {
        return mode;
    }
}
