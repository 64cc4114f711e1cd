package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.it.config.SlowSetting;
import org.sysplug.it.config.SlowSettingBundle;
import org.sysplug.it.support.JsonParser;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * The settings commands (config.shell, scope {@code config}) on the real ConfigAdmin, MetaTypeService
 * and modules: a setting changed with {@code config:set} rules the next request, a value its Metatype
 * description does not allow is refused with one line and exit 2 and changes nothing, and
 * {@code config:unset} gives the default back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigCommandsIT extends PlatformTestSupport {

    private static final String ACPI = "org.sysplug.firmware.acpi";
    private static final String QUEUE = "org.sysplug.framework.queue";
    private static final String SIM = "org.sysplug.platform.sim";
    private static final String NODE = "org.sysplug.policy.node";
    private static final String SLOT = "\\_SB.NOD1";
    private static final String QUOTED_SLOT = "'" + SLOT + "'";

    @Inject
    private CommandProcessor processor;
    @Inject
    private AcpiPort firmware;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private MachineView view;

    private Shell shell;

    /** The platform as it ships, modules included. */
    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] configuration() {
        return org.sysplug.it.support.SysplugOptions.platformWithModulesAndHarness();
    }

    @Before
    public void openShell() throws Exception {
        ServiceTracker<Object, Object> commands = new ServiceTracker<>(context,
                context.createFilter("(&(osgi.command.scope=config)(osgi.command.function=set))"), null);
        commands.open(true);
        try {
            assertNotNull("the config commands are offered", commands.waitForService(Shell.COMMAND_WAIT.toMillis()));
        } finally {
            commands.close();
        }
        shell = Shell.open(context, processor);
        assertFalse("the slot is empty at the start", firmware.device(SLOT).orElseThrow().present());
    }

    /** Leaves the defaults and the default machine as booted, even when a test failed half-way. */
    @After
    public void defaultsAgain() throws Exception {
        if (firmware.device(SLOT).orElseThrow().present()) {
            // ejected under the default policy, set and applied first: a deleted configuration
            // reaches firmware.acpi later, and an eject right after it still met demand-offline
            shell.run("config:set " + ACPI + " eject.policy offline-then-eject");
            shell.run("sim:eject-request " + QUOTED_SLOT);
        }
        Configuration[] overrides = configAdmin.listConfigurations("(service.factoryPid=" + NODE + ")");
        if (overrides != null) {
            for (Configuration c : overrides) {
                c.delete();
            }
        }
        for (String pid : List.of(ACPI, QUEUE, SIM, SlowSettingBundle.PID)) {
            Configuration[] left = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            if (left != null) {
                left[0].delete();
            }
        }
        shell.close();
    }

    private Shell.Result run(String line, int exit) {
        Shell.Result r = shell.run(line);
        assertEquals(r.describe(), exit, r.exit());
        assertFalse(r.describe(), r.text().contains("java.") || r.text().contains("Exception"));
        assertFalse("the command waited until the components took the change: " + r.describe(),
                r.text().contains("has not taken it yet") || r.text().contains("still runs"));
        return r;
    }

    private Outcome latest() {
        return queue.recent().get(0);
    }

    private Object stored(String pid, String key) throws Exception {
        Configuration[] found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
        return found == null ? null : found[0].getProperties().get(key);
    }

    @Test
    public void configSetChangesTheEjectPolicyOfTheNextRequestAndUnsetGivesTheDefaultBack() throws Exception {
        run("sim:insert " + QUOTED_SLOT, 0);

        Shell.Result set = run("config:set " + ACPI + " eject.policy demand-offline", 0);
        assertEquals(set.describe(), ACPI + " eject.policy = demand-offline (was the default, offline-then-eject)",
                set.text().strip());
        Shell.Result busy = run("sysplug:eject " + QUOTED_SLOT, 1);
        assertEquals(busy.describe(), "EBUSY", latest().failure().orElseThrow().code());
        assertTrue("the container stays", firmware.device(SLOT).orElseThrow().present());

        run("config:unset " + ACPI + " eject.policy", 0);
        assertEquals(null, stored(ACPI, "eject.policy"));
        run("sysplug:eject " + QUOTED_SLOT, 0);
        assertEquals(Status.SUCCEEDED, latest().status());
        assertFalse("offline-then-eject took everything offline and ejected", firmware.device(SLOT).orElseThrow().present());
    }

    @Test
    public void anInvalidSettingIsRefusedInOneLineAndTheOldOneStaysInForce() throws Exception {
        run("config:set " + ACPI + " eject.policy demand-offline", 0);

        Shell.Result bad = run("config:set " + ACPI + " eject.policy eject-now", 2);
        assertEquals(bad.describe(), 1, bad.text().strip().lines().count());
        assertTrue(bad.describe(), bad.text().contains(ACPI) && bad.text().contains("eject.policy")
                && bad.text().contains("not one of its options") && bad.text().contains("offline-then-eject, demand-offline"));
        assertEquals("demand-offline", stored(ACPI, "eject.policy"));
        Map<String, Object> get = JsonParser.object(run("config:get --json " + ACPI, 0).text());
        Map<?, ?> policy = (Map<?, ?>) ((List<?>) get.get("settings")).get(0);
        assertEquals("demand-offline", policy.get("value"));
        assertEquals(true, policy.get("set"));

        run("sim:insert " + QUOTED_SLOT, 0);
        run("sysplug:eject " + QUOTED_SLOT, 1);
        assertEquals("demand-offline still rules the eject", "EBUSY", latest().failure().orElseThrow().code());

        int capacity = currentQueue().status().capacity();
        Shell.Result zero = run("config:set " + QUEUE + " capacity 0", 2);
        assertTrue(zero.describe(), zero.text().contains("capacity=0") && zero.text().contains("1 or more"));
        run("config:set " + QUEUE + " capacity many", 2);
        assertEquals(capacity, currentQueue().status().capacity());
        assertEquals(null, stored(QUEUE, "capacity"));
    }

    @Test
    public void aValueThatFitsIsStoredTypedAndTheComponentRunsWithIt() throws Exception {
        run("config:set " + QUEUE + " capacity 5", 0);
        assertEquals(5, stored(QUEUE, "capacity"));
        long deadline = System.nanoTime() + Shell.COMMAND_WAIT.toNanos();
        while (currentQueue().status().capacity() != 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("the queue runs with it", 5, currentQueue().status().capacity());
    }

    /**
     * A value the description allows but the component cannot use (a machine file that does not
     * exist) is stored, and the component keeps what it runs: the platform is not left without a
     * machine, and unset takes the value back.
     */
    @Test
    public void aValueTheComponentCannotUseLeavesItRunningAsItWas() throws Exception {
        String before = view.describe();
        run("config:set " + SIM + " machine /nonexistent/machine.yaml", 0);
        assertEquals("/nonexistent/machine.yaml", stored(SIM, "machine"));
        assertEquals(before, view.describe());
        run("sysplug:topology", 0);
        run("sysplug:offline cpu 5", 0);
        run("sysplug:online cpu 5", 0);
        run("config:unset " + SIM + " machine", 0);
        assertEquals(null, stored(SIM, "machine"));
        assertEquals(before, view.describe());
    }

    @Test
    public void listShowsEveryDescribedSettingAndGetExplainsEachOne() throws Exception {
        List<?> list = (List<?>) JsonParser.parse(run("config:list --json", 0).text());
        List<Object> pids = list.stream().map(p -> ((Map<?, ?>) p).get("pid")).map(Object.class::cast).toList();
        assertTrue(pids.toString(), pids.containsAll(List.of(ACPI, QUEUE, "org.sysplug.resource.memory",
                "org.sysplug.platform.sim", "org.sysplug.platform.linux")));

        Shell.Result get = run("config:get org.sysplug.resource.memory", 0);
        assertTrue(get.describe(), get.text().contains("online.policy") && get.text().contains("online_movable")
                && get.text().contains("movable.only") && get.text().contains("boolean"));
        Shell.Result unknown = run("config:get org.sysplug.nothing", 2);
        assertTrue(unknown.describe(), unknown.text().contains("no such PID"));
        run("config:set " + ACPI + " eject.polcy x", 2);
    }

    /**
     * A component whose {@code @Modified} takes a while: {@code config:set} and {@code config:unset}
     * return only once it works with the change, not as soon as Declarative Services received it
     * (its configuration properties change before that method runs, which is how an eject right
     * after {@code config:unset} once still met the old policy).
     */
    @Test
    public void setAndUnsetReturnOnlyOnceTheComponentWorksWithTheChange() throws Exception {
        Bundle bundle = context.installBundle("tinybundle:" + SlowSettingBundle.SYMBOLIC_NAME, SlowSettingBundle.jar());
        try {
            bundle.start();
            ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context,
                    context.createFilter(SlowSettingBundle.FILTER), null);
            tracker.open(true);
            try {
                @SuppressWarnings("unchecked")
                Supplier<String> component = (Supplier<String>) tracker.waitForService(Shell.COMMAND_WAIT.toMillis());
                assertNotNull("the slow component runs", component);
                assertEquals(SlowSettingBundle.DEFAULT, component.get());

                long start = System.nanoTime();
                Shell.Result set = run("config:set " + SlowSettingBundle.PID + " mode second", 0);
                assertEquals(set.describe(), SlowSettingBundle.PID + " mode = second (was the default, first)",
                        set.text().strip());
                assertEquals("config:set returned while the component still ran with the old value", "second",
                        component.get());
                assertTrue("it waited for the modified method",
                        System.nanoTime() - start >= SlowSetting.APPLY_MILLIS * 1_000_000);

                run("config:unset " + SlowSettingBundle.PID + " mode", 0);
                assertEquals("config:unset returned while the component still ran with the old value",
                        SlowSettingBundle.DEFAULT, component.get());
            } finally {
                tracker.close();
            }
        } finally {
            bundle.uninstall();
        }
    }

    private Configuration[] overrides() throws Exception {
        return configAdmin.listConfigurations("(service.factoryPid=" + NODE + ")");
    }

    /** Bad input to the factory forms: one line, exit 2, no Java text, and nothing stored. */
    @Test
    public void badFactoryInputIsRefusedInOneLineAndChangesNothing() throws Exception {
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("config:set org.sysplug.nothing~x node 1", "no such factory PID org.sysplug.nothing");
        refusals.put("config:set " + NODE + "~bad/name node 1", "is not a configuration name");
        refusals.put("config:set " + NODE + "~node1 node", "usage: config:set PID|FACTORY~NAME KEY VALUE [KEY VALUE]... ("
                + NODE + "~node1: 1 word(s) after the PID; give KEY VALUE pairs, as config:set " + NODE + "~node1 node INT)");
        refusals.put("config:set " + NODE + "~node1 node 1 memory.action", "3 word(s) after the PID");
        refusals.put("config:set " + NODE + "~node1 node 1 memory.action sideways", "not one of its options");
        refusals.put("config:set " + NODE + "~node1 node one", "is not int");
        refusals.put("config:set " + NODE + "~node1 nod 1", "no such setting");
        refusals.put("config:set " + NODE + " node 1", "is a factory PID");
        refusals.put("config:set " + ACPI + "~x eject.policy demand-offline", "is a plain PID, not a factory");
        refusals.put("config:get " + NODE + "~node9", "no such configuration of " + NODE);
        refusals.put("config:delete " + NODE + "~node9", "no such configuration of " + NODE);
        refusals.put("config:delete " + NODE, "is a factory PID");
        refusals.put("config:unset " + NODE + "~node9 memory.action", "no such configuration");
        // a new override lacks its required node: refused, naming it and the command that works
        refusals.put("config:set " + NODE + "~node1 memory.action offline", "a new configuration needs node (required, no default); "
                + "nothing was created: config:set " + NODE + "~node1 node INT memory.action offline");
        refusals.forEach((line, said) -> {
            Shell.Result r = run(line, 2);
            assertEquals(r.describe(), 1, r.text().strip().lines().count());
            assertTrue(r.describe(), r.text().contains(said));
        });
        assertEquals("nothing was stored", null, overrides());
        assertEquals(null, stored(ACPI, "eject.policy"));
    }

    /**
     * Several KEY VALUE pairs are one update: a refused second pair leaves the first unstored, and
     * a plain PID takes several pairs too. A factory's configuration is listed, shown and deleted
     * under FACTORY~NAME.
     */
    @Test
    public void severalPairsAreOneUpdateForFactoryConfigurationsAndPlainPids() throws Exception {
        run("config:set " + QUEUE + " capacity 7 handler.timeout.ms nonsense", 2);
        assertEquals("a refused pair stores none", null, stored(QUEUE, "capacity"));
        Shell.Result both = run("config:set " + QUEUE + " capacity 7 handler.timeout.ms 20000", 0);
        assertEquals(both.describe(), 2, both.text().strip().lines().count());
        assertEquals(7, stored(QUEUE, "capacity"));
        assertEquals(20000L, ((Number) stored(QUEUE, "handler.timeout.ms")).longValue());

        Shell.Result created = run("config:set " + NODE + "~node1 node 1 memory.action offline cpu.action offline", 0);
        assertTrue(created.describe(), created.text().startsWith(NODE + "~node1: created"));
        Configuration[] made = overrides();
        assertEquals(1, made.length);
        assertEquals(NODE + "~node1", made[0].getPid());
        assertEquals(1, made[0].getProperties().get("node"));
        assertEquals("offline", made[0].getProperties().get("memory.action"));
        assertEquals("offline", made[0].getProperties().get("cpu.action"));

        List<?> list = (List<?>) JsonParser.parse(run("config:list --json", 0).text());
        Map<?, ?> factory = list.stream().map(Map.class::cast).filter(m -> NODE.equals(m.get("pid"))).findFirst().orElseThrow();
        assertEquals(true, factory.get("factory"));
        assertEquals(List.of(NODE + "~node1"), factory.get("configurations"));
        Map<String, Object> get = JsonParser.object(run("config:get --json " + NODE + "~node1", 0).text());
        assertEquals(NODE, get.get("factoryPid"));
        assertEquals(List.of(), get.get("problems"));
        assertTrue(run("config:get " + NODE, 0).text().contains("Configurations: " + NODE + "~node1"));

        run("config:unset " + NODE + "~node1 node", 2); // required: config:delete removes the whole override
        run("config:set " + NODE + "~node1 memory.action online_kernel", 0);
        assertEquals("online_kernel", stored(NODE + "~node1", "memory.action"));
        assertEquals(NODE + "~node1 deleted", run("config:delete " + NODE + "~node1", 0).text().strip());
        assertEquals(null, overrides());
        assertEquals("config:delete returned once the override's component was gone", null,
                context.getServiceReference("org.sysplug.policy.autoonline.NodePolicy"));
        assertTrue(run("config:delete " + QUEUE, 0).text().contains("every setting back to its default"));
        assertEquals(null, stored(QUEUE, "capacity"));
    }
}
