package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.sysplug.it.isolation.ModuleIsolation;
import org.sysplug.it.isolation.ModuleIsolation.BundleHeaders;
import org.sysplug.it.isolation.ModuleIsolationTest;
import org.sysplug.it.support.HandlerBundles;
import org.sysplug.it.support.PlatformTestSupport;

/**
 * Modules never call each other (they meet only in the request, so each can be replaced at run time), checked on
 * the running platform: no firmware or resource module imports what another module exports.
 * The check is first proven able to fail, on synthetic manifests and on real bundles installed for the purpose, so
 * that it cannot pass merely because no module is installed yet.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleIsolationIT extends PlatformTestSupport {

    @Test
    public void noModuleOfThePlatformImportsAnotherModule() {
        ModuleIsolationTest.assertTheRuleCanFailAndPass();

        List<BundleHeaders> installed = installedSysplugBundles();

        Set<String> names = new TreeSet<>();
        installed.forEach(b -> names.add(b.symbolicName()));
        assertTrue("the check reads the platform's own bundles: " + names,
                names.containsAll(Set.of("org.sysplug.framework.core", "org.sysplug.framework.shell")));
        assertEquals(List.of(), ModuleIsolation.violations(installed));
    }

    @Test
    public void theCheckCatchesAModuleThatImportsAnotherOnTheRunningPlatform() throws Exception {
        Bundle firmware = context.installBundle("tinybundle:org.sysplug.firmware.itprobe", HandlerBundles.jar(b -> b
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, "org.sysplug.firmware.itprobe")
                .setHeader(Constants.EXPORT_PACKAGE, "org.sysplug.firmware.itprobe.processor;version=\"1.0.0\"")));
        Bundle resource = context.installBundle("tinybundle:org.sysplug.resource.itprobe", HandlerBundles.jar(b -> b
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, "org.sysplug.resource.itprobe")
                .setHeader(Constants.IMPORT_PACKAGE, "org.sysplug.framework;version=\"[1.0,2)\","
                        + "org.sysplug.firmware.itprobe.processor;version=\"[1.0,2)\"")));
        try {
            List<String> violations = ModuleIsolation.violations(installedSysplugBundles());

            assertEquals(violations.toString(), 1, violations.size());
            assertTrue(violations.get(0), violations.get(0).startsWith(
                    "org.sysplug.resource.itprobe imports org.sysplug.firmware.itprobe.processor, which module "
                            + "org.sysplug.firmware.itprobe exports"));
        } finally {
            resource.uninstall();
            firmware.uninstall();
        }
    }

    /** The headers of every installed bundle whose symbolic name starts with org.sysplug. */
    private List<BundleHeaders> installedSysplugBundles() {
        List<BundleHeaders> headers = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name != null && name.startsWith("org.sysplug.")) {
                headers.add(new BundleHeaders(name, b.getHeaders().get(Constants.IMPORT_PACKAGE),
                        b.getHeaders().get(Constants.EXPORT_PACKAGE), b.getHeaders().get(Constants.REQUIRE_BUNDLE)));
            }
        }
        return headers;
    }
}
