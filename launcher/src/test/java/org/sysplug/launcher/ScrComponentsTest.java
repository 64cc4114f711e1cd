package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** A real Felix without bundles: no SCR, so no component can offer a command; and a stopped one. */
class ScrComponentsTest {

    @Test
    void withoutScrThereAreNoComponentsAndOnceStoppedNoneCanCome(@TempDir Path cache) throws Exception {
        Felix felix = new Felix(Map.of("org.osgi.framework.storage", cache.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        felix.start();
        BundleContext context = felix.getBundleContext();
        ScrComponents components = new ScrComponents(context);

        assertThat(components.read()).isEmpty();

        felix.stop();
        felix.waitForStop(10_000);
        assertThat(components.read()).isEmpty();
    }
}
