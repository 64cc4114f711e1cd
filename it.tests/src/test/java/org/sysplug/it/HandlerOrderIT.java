package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.sysplug.framework.Phase.ADD_COMMIT;
import static org.sysplug.framework.Phase.ADD_EXECUTE;
import static org.sysplug.framework.Phase.ADD_VALIDATE;
import static org.sysplug.framework.Phase.DELETE_COMMIT;
import static org.sysplug.framework.Phase.DELETE_EXECUTE;
import static org.sysplug.framework.Phase.DELETE_VALIDATE;
import static org.sysplug.it.handlers.HandlerSpec.handler;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.it.support.Calls;
import org.sysplug.it.support.PlatformTestSupport;

/**
 * The add and delete lists run in phase order (validate, execute, commit) and within a list in ascending rank;
 * equal ranks run by handler name, then by service id (HandlerInfo.TIE_ORDER): never by bundle id or bundle name.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HandlerOrderIT extends PlatformTestSupport {

    /**
     * The modules' order table ({@link org.sysplug.framework.Order}), registered out of order, plus ties: tie.b before tie.a in one bundle, and
     * two handlers named tie.same whose bundles are installed in one order and started in the other, so that
     * bundle id, bundle name and service id disagree.
     */
    private void installModules() throws Exception {
        handlers.install("org.sysplug.it.order.modules",
                handler("acpi.bus.commit", ADD_COMMIT, 10),
                handler("cpu.online", ADD_EXECUTE, 110),
                handler("memory.online", ADD_EXECUTE, 100),
                handler("node.online", ADD_EXECUTE, 50),
                handler("tie.b", ADD_EXECUTE, 20),
                handler("tie.a", ADD_EXECUTE, 20),
                handler("online.only", ADD_EXECUTE, 15).serving(Kind.ONLINE),
                handler("acpi.bus.validate", ADD_VALIDATE, 0),
                handler("acpi.bus.ej0", DELETE_COMMIT, 100),
                handler("acpi.bus.eject", DELETE_EXECUTE, 100),
                handler("node.offline", DELETE_EXECUTE, 30),
                handler("memory.offline", DELETE_EXECUTE, 20),
                handler("cpu.offline", DELETE_EXECUTE, 10),
                handler("node.check", DELETE_VALIDATE, 120),
                handler("memory.check", DELETE_VALIDATE, 110),
                handler("cpu.check", DELETE_VALIDATE, 100),
                handler("acpi.resource.describe", DELETE_VALIDATE, 10),
                handler("acpi.bus.check", DELETE_VALIDATE, 0));
        // installed a then z (bundle ids: a < z), started z then a (service ids: z < a)
        Bundle a = handlers.installOnly("org.sysplug.it.order.a", handler("tie.same", ADD_EXECUTE, 20));
        Bundle z = handlers.installOnly("org.sysplug.it.order.z", handler("tie.same", ADD_EXECUTE, 20));
        handlers.start(z);
        handlers.start(a);
    }

    @Test
    public void addListsRunInRankOrderAndTiesByNameThenServiceId() throws Exception {
        installModules();

        Outcome add = run(HotplugRequest.of(Operation.HOT_ADD, "node1").build());

        assertEquals(Calls.describe(add), Status.SUCCEEDED, add.status());
        assertEquals(Calls.describe(add), List.of(
                "APPLY acpi.bus.validate [ADD_VALIDATE 0]",
                "APPLY tie.a [ADD_EXECUTE 20]",
                "APPLY tie.b [ADD_EXECUTE 20]",
                "APPLY tie.same [ADD_EXECUTE 20] org.sysplug.it.order.z",
                "APPLY tie.same [ADD_EXECUTE 20] org.sysplug.it.order.a",
                "APPLY node.online [ADD_EXECUTE 50]",
                "APPLY memory.online [ADD_EXECUTE 100]",
                "APPLY cpu.online [ADD_EXECUTE 110]",
                "APPLY acpi.bus.commit [ADD_COMMIT 10]"), placed(add));
        assertEquals("the handlers' own journal", Calls.made(add), machine.journal(add.id()));
    }

    @Test
    public void deleteListsMirrorTheAddLists() throws Exception {
        installModules();

        Outcome remove = run(HotplugRequest.of(Operation.HOT_REMOVE, "node1").build());

        assertEquals(Calls.describe(remove), Status.SUCCEEDED, remove.status());
        assertEquals(Calls.describe(remove), List.of(
                "APPLY acpi.bus.check [DELETE_VALIDATE 0]",
                "APPLY acpi.resource.describe [DELETE_VALIDATE 10]",
                "APPLY cpu.check [DELETE_VALIDATE 100]",
                "APPLY memory.check [DELETE_VALIDATE 110]",
                "APPLY node.check [DELETE_VALIDATE 120]",
                "APPLY cpu.offline [DELETE_EXECUTE 10]",
                "APPLY memory.offline [DELETE_EXECUTE 20]",
                "APPLY node.offline [DELETE_EXECUTE 30]",
                "APPLY acpi.bus.eject [DELETE_EXECUTE 100]",
                "APPLY acpi.bus.ej0 [DELETE_COMMIT 100]"), placed(remove));
        assertEquals("the handlers' own journal", Calls.made(remove), machine.journal(remove.id()));
    }

    @Test
    public void kindsChooseTheHandlersOfAnOperation() throws Exception {
        installModules();

        Outcome hotAdd = run(HotplugRequest.of(Operation.HOT_ADD, "cpu4").build());
        Outcome online = run(HotplugRequest.of(Operation.ONLINE, "cpu4").build());

        assertEquals(Calls.describe(hotAdd), 9, hotAdd.trace().size());
        assertEquals(Calls.describe(online), List.of("acpi.bus.validate", "online.only", "tie.a", "tie.b", "tie.same",
                "tie.same", "node.online", "memory.online", "cpu.online", "acpi.bus.commit"), names(online));
    }

    @Test
    public void theQueueListsHandlersInTheOrderTheyRun() throws Exception {
        installModules();

        List<String> addExecute = new ArrayList<>();
        for (HandlerInfo h : queue.handlers()) {
            if (h.phase() == ADD_EXECUTE) {
                addExecute.add(h.name() + " " + h.rank() + (h.name().equals("tie.same") ? " " + h.bundle() : ""));
            }
        }
        assertEquals(List.of("online.only 15", "tie.a 20", "tie.b 20", "tie.same 20 org.sysplug.it.order.z",
                "tie.same 20 org.sysplug.it.order.a", "node.online 50", "memory.online 100", "cpu.online 110"),
                addExecute);
    }

    /** Each call with its list and rank, and its bundle where the name alone is ambiguous. */
    private static List<String> placed(Outcome outcome) {
        List<String> calls = new ArrayList<>();
        for (TraceEntry e : outcome.trace()) {
            calls.add(e.action() + " " + e.handler() + " [" + e.phase() + " " + e.rank() + "]"
                    + (e.handler().equals("tie.same") ? " " + e.bundle() : "")
                    + (e.result() == TraceEntry.Result.OK ? "" : " " + e.result()));
        }
        return calls;
    }

    private static List<String> names(Outcome outcome) {
        List<String> names = new ArrayList<>();
        outcome.trace().forEach(e -> names.add(e.handler()));
        return names;
    }
}
