package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.sysplug.it.support.Components;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.RunDescriptor;
import org.sysplug.it.support.SysplugOptions;

/**
 * The platform of cnf/runtime.bundles starts as it ships: every bundle it lists (but the interactive prompt) is
 * active, and every DS component of a sysplug bundle is satisfied (but the Linux backend and its ports, which
 * wait for sysplug.backend=linux). Pax Exam only logs a bundle that does not
 * resolve; this test fails on it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends PlatformTestSupport {

    /** As it ships: the modules and the HTTP server too. */
    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return org.sysplug.it.support.SysplugOptions.platformWithModulesHttpAndHarness();
    }

    @Test
    public void everyBundleOfTheRunDescriptorIsActive() {
        List<String> problems = new ArrayList<>();
        List<RunDescriptor.Entry> entries = RunDescriptor.read(Paths.get(System.getProperty(SysplugOptions.RUNTIME_BUNDLES)));
        for (RunDescriptor.Entry entry : entries) {
            if (entry.interactive()) {
                continue;
            }
            Bundle bundle = installedFrom(entry.jarName());
            if (bundle == null) {
                problems.add(entry.coordinates() + " is not installed");
            } else if (bundle.getState() != Bundle.ACTIVE) {
                problems.add(entry.coordinates() + " (" + bundle.getSymbolicName() + ") is not active: " + whyNotStarted(bundle));
            }
        }
        assertEquals(String.join("\n", problems), List.of(), problems);
    }

    @Test
    public void everyComponentOfTheSysplugBundlesIsSatisfied() {
        List<String> problems = Components.problems(context, Components.LINUX_BACKEND);
        assertEquals(String.join("\n", problems), List.of(), problems);
    }

    private Bundle installedFrom(String jarName) {
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().endsWith("/" + jarName)) {
                return b;
            }
        }
        return null;
    }

    /** The framework's own words: starting a bundle that did not resolve says which requirement is missing. */
    private static String whyNotStarted(Bundle bundle) {
        try {
            bundle.start();
            return "state " + bundle.getState() + ", though it starts when asked";
        } catch (BundleException e) {
            return e.getMessage();
        }
    }
}
