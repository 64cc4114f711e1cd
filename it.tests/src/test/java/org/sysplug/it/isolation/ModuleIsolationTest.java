package org.sysplug.it.isolation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.sysplug.it.isolation.ModuleIsolation.BundleHeaders;

/**
 * The isolation rule on synthetic manifests: a platform that keeps it, and one that breaks it in each way. The
 * integration test runs {@link #assertTheRuleCanFailAndPass()} before it checks the real platform.
 */
public class ModuleIsolationTest {

    private static final BundleHeaders FRAMEWORK = new BundleHeaders("org.sysplug.framework.api",
            null, "org.sysplug.framework;version=\"1.0.0\"", null);
    private static final BundleHeaders PLATFORM = new BundleHeaders("org.sysplug.platform.api",
            null, "org.sysplug.platform;version=\"1.0.0\",org.sysplug.platform.acpi;version=\"1.0.0\"", null);
    private static final BundleHeaders ACPI = new BundleHeaders("org.sysplug.firmware.acpi;singleton:=true",
            "org.osgi.framework;version=\"[1.10,2)\",org.sysplug.framework;version=\"[1.0,2)\","
                    + "org.sysplug.platform.acpi;version=\"[1.0,2)\"",
            "org.sysplug.firmware.acpi.processor;version=\"1.0.0\"", null);
    private static final BundleHeaders CPU = new BundleHeaders("org.sysplug.resource.cpu",
            "org.sysplug.framework;version=\"[1.0,2)\",org.sysplug.platform;version=\"[1.0,2)\",java.util.function",
            null, null);

    /** Throws unless the rule passes an isolated platform and flags each kind of breach. */
    public static void assertTheRuleCanFailAndPass() {
        assertEquals("an isolated platform passes", List.of(),
                ModuleIsolation.violations(List.of(FRAMEWORK, PLATFORM, ACPI, CPU)));

        BundleHeaders cpuUsingAcpi = new BundleHeaders("org.sysplug.resource.cpu",
                // the quoted comma of the version range must not split the clause
                "org.sysplug.framework;version=\"[1.0,2)\",org.sysplug.firmware.acpi.processor;version=\"[1.0,2)\"",
                null, null);
        List<String> violations = ModuleIsolation.violations(List.of(FRAMEWORK, PLATFORM, ACPI, cpuUsingAcpi));
        assertEquals(violations.toString(), 1, violations.size());
        assertTrue(violations.get(0), violations.get(0).startsWith("org.sysplug.resource.cpu imports "
                + "org.sysplug.firmware.acpi.processor, which module org.sysplug.firmware.acpi exports"));
    }

    @Test
    public void anIsolatedPlatformPassesAndAModuleImportingAnotherFails() {
        assertTheRuleCanFailAndPass();
    }

    @Test
    public void aModuleMayNotImportAnotherModulesPackageEvenWhenThatModuleIsAbsent() {
        BundleHeaders memory = new BundleHeaders("org.sysplug.resource.memory",
                "org.sysplug.framework,org.sysplug.resource.node.internal", null, null);

        assertEquals(List.of("org.sysplug.resource.memory imports org.sysplug.resource.node.internal: a module "
                + "imports only org.sysplug.framework, org.sysplug.platform* and org.sysplug.doctor"),
                ModuleIsolation.violations(List.of(FRAMEWORK, memory)));
    }

    @Test
    public void aModuleMayNotRequireAnotherSysplugBundle() {
        BundleHeaders node = new BundleHeaders("org.sysplug.resource.node", "org.sysplug.framework", null,
                "org.sysplug.firmware.acpi;bundle-version=\"[0.1,1)\"");

        List<String> violations = ModuleIsolation.violations(List.of(FRAMEWORK, ACPI, node));

        assertEquals(1, violations.size());
        assertTrue(violations.get(0), violations.get(0).startsWith("org.sysplug.resource.node requires bundle "
                + "org.sysplug.firmware.acpi"));
    }

    @Test
    public void onlyFirmwareResourceAndPolicyBundlesAreModules() {
        BundleHeaders shell = new BundleHeaders("org.sysplug.framework.shell",
                "org.sysplug.firmware.acpi.processor,org.sysplug.framework", null, null);

        assertEquals("the rule binds modules, not the framework's own bundles", List.of(),
                ModuleIsolation.violations(List.of(FRAMEWORK, ACPI, shell)));
        assertTrue(ModuleIsolation.isModule("org.sysplug.firmware.acpi;singleton:=true"));
        assertTrue(ModuleIsolation.isModule("org.sysplug.resource.cpu"));
        assertTrue(!ModuleIsolation.isModule("org.sysplug.platform.sim"));
        assertTrue(ModuleIsolation.isModule("org.sysplug.policy.autoonline"));
    }

    @Test
    public void aModuleReachesTheMachineOnlyThroughThePorts() {
        BundleHeaders memoryReadingSysfs = new BundleHeaders("org.sysplug.resource.memory",
                "org.sysplug.framework,org.sysplug.platform,org.sysplug.platform.linux.sysfs;version=\"[1.0,2)\"",
                null, null);

        List<String> violations = ModuleIsolation.violations(List.of(FRAMEWORK, PLATFORM, memoryReadingSysfs));

        assertEquals(violations.toString(), 1, violations.size());
        assertTrue(violations.get(0), violations.get(0).startsWith(
                "org.sysplug.resource.memory imports org.sysplug.platform.linux.sysfs: a module imports only org.sysplug.framework"));
    }

    @Test
    public void headerClausesAreSplitOutsideQuotesAndMayNameSeveralPackages() {
        assertEquals(List.of("a.b", "c.d", "e.f"),
                ModuleIsolation.packages("a.b;c.d;version=\"[1,2)\";uses:=\"x.y,z.w\",e.f;resolution:=optional"));
        assertEquals(List.of(), ModuleIsolation.packages(""));
        assertEquals(List.of(), ModuleIsolation.packages(null));
    }
}
