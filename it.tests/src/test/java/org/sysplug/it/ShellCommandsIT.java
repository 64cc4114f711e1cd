package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.sysplug.framework.Phase.ADD_COMMIT;
import static org.sysplug.framework.Phase.ADD_EXECUTE;
import static org.sysplug.framework.Phase.ADD_VALIDATE;
import static org.sysplug.framework.Phase.DELETE_COMMIT;
import static org.sysplug.framework.Phase.DELETE_EXECUTE;
import static org.sysplug.framework.Phase.DELETE_VALIDATE;
import static org.sysplug.it.handlers.HandlerSpec.handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.it.support.Calls;
import org.sysplug.it.support.Gate;
import org.sysplug.it.support.JsonParser;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;

/**
 * The operator's commands (framework.shell, scope {@code sysplug}) through the container's real Gogo
 * {@link CommandProcessor}, as typed at the prompt: what they print, what {@code --json} prints (one valid JSON
 * document), and the exit status they leave in {@code sysplug.exit} (0 success, 1 failure, 2 usage error), checked
 * against the queue and the handlers' own journal.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT extends PlatformTestSupport {

    private static final Integer OK = 0;
    private static final Integer FAILED = 1;
    private static final Integer USAGE = 2;

    /** The first line of a request's detail ({@code request 7: ONLINE cpu1}) or of an async submit. */
    private static final Pattern REQUEST_ID = Pattern.compile("^request (\\d+)[: ]");

    @Inject
    private CommandProcessor processor;

    private Shell shell;

    @Before
    public void openShell() throws InterruptedException {
        shell = Shell.open(context, processor);
    }

    @After
    public void closeShell() {
        if (shell != null) {
            shell.close();
        }
    }

    // --- handlers ---------------------------------------------------------------------------------------------

    @Test
    public void handlersJsonListsTheInstalledHandlersInRunOrderWithPhaseRankAndBundle() throws Exception {
        Bundle firmware = handlers.install("org.sysplug.it.shell.firmware",
                handler("fw.commit", ADD_COMMIT, 10),
                handler("fw.validate", ADD_VALIDATE, 0));
        Bundle cpu = handlers.install("org.sysplug.it.shell.cpu",
                handler("cpu.online", ADD_EXECUTE, 110).serving(Kind.ONLINE),
                handler("cpu.offline", DELETE_EXECUTE, 10),
                handler("cpu.check", ADD_VALIDATE, 100),
                handler("alpha.execute", ADD_EXECUTE, 110),
                handler("memory.online", ADD_EXECUTE, 100));

        Shell.Result r = shell.run("sysplug:handlers --json");

        assertEquals(r.describe(), OK, r.exit());
        Map<String, Object> doc = json(r);
        assertEquals(r.describe(), List.of("handlers", "refused", "warnings"), new ArrayList<>(doc.keySet()));
        assertEquals(r.describe(), List.of(), doc.get("refused"));
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> h : objects(doc.get("handlers"))) {
            rows.add(h.get("phase") + " " + h.get("rank") + " " + h.get("handler") + " " + h.get("bundle") + " #"
                    + h.get("bundleId") + " " + h.get("kinds"));
        }
        String f = " #" + firmware.getBundleId() + " ";
        String c = " #" + cpu.getBundleId() + " ";
        String both = "[HOTPLUG, ONLINE]";
        assertEquals("by phase, then by rank, equal ranks by name: " + r.text(), List.of(
                "ADD_VALIDATE 0 fw.validate org.sysplug.it.shell.firmware" + f + both,
                "ADD_VALIDATE 100 cpu.check org.sysplug.it.shell.cpu" + c + both,
                "ADD_EXECUTE 100 memory.online org.sysplug.it.shell.cpu" + c + both,
                "ADD_EXECUTE 110 alpha.execute org.sysplug.it.shell.cpu" + c + both,
                "ADD_EXECUTE 110 cpu.online org.sysplug.it.shell.cpu" + c + "[ONLINE]",
                "ADD_COMMIT 10 fw.commit org.sysplug.it.shell.firmware" + f + both,
                "DELETE_EXECUTE 10 cpu.offline org.sysplug.it.shell.cpu" + c + both), rows);
        for (Map<String, Object> h : objects(doc.get("handlers"))) {
            assertTrue("a service id: " + h, h.get("serviceId") instanceof Long);
        }
        assertEquals("one module deletes, so nothing to compare", List.of(), doc.get("warnings"));
    }

    @Test
    public void handlersWarnsWhenTwoModulesAddAndDeleteOrdersAreNotMirrored() throws Exception {
        handlers.install("org.sysplug.it.shell.cpu",
                handler("cpu.online", ADD_EXECUTE, 110),
                handler("cpu.offline", DELETE_EXECUTE, 10));
        Bundle mirrored = handlers.install("org.sysplug.it.shell.memory",
                handler("memory.online", ADD_EXECUTE, 100),
                handler("memory.offline", DELETE_EXECUTE, 20));

        Shell.Result good = shell.run("sysplug:handlers");
        assertEquals(good.describe(), OK, good.exit());
        assertTrue("the table lists the handlers: " + good.describe(),
                good.text().matches("(?s)PHASE +RANK +KINDS +HANDLER +BUNDLE\n.*"
                        + "ADD_EXECUTE +100 +hotplug,online +memory\\.online +it\\.shell\\.memory\n.*"));
        assertFalse("memory before cpu on add, after it on delete: mirrored. " + good.describe(),
                good.text().contains("warning"));

        // the memory module again, now deleting before the CPUs that use it
        mirrored.uninstall();
        awaitGone(mirrored);
        handlers.install("org.sysplug.it.shell.memory",
                handler("memory.online", ADD_EXECUTE, 100),
                handler("memory.offline", DELETE_EXECUTE, 5));

        Shell.Result bad = shell.run("sysplug:handlers");

        assertEquals(bad.describe(), OK, bad.exit());
        String warning = "it.shell.memory runs before it.shell.cpu on add (ADD_EXECUTE 100 < 110) but not after it"
                + " on delete (DELETE_EXECUTE 5, 10): a removal would not undo the add in reverse; give"
                + " it.shell.memory a higher DELETE_EXECUTE rank than it.shell.cpu";
        assertEquals(bad.describe(), List.of("warning: " + warning), linesStartingWith(bad.text(), "warning"));
        Shell.Result json = shell.run("sysplug:handlers --json");
        assertEquals(json.describe(), List.of(warning), json(json).get("warnings"));
    }

    // --- submit ------------------------------------------------------------------------------------------------

    @Test
    public void submitWithASucceedingHandlerPrintsSucceededAndExitsZero() throws Exception {
        handlers.install("org.sysplug.it.shell.online",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("cpu.online", ADD_EXECUTE, 110),
                handler("fw.commit", ADD_COMMIT, 10));

        Shell.Result r = shell.run("sysplug:submit online cpu1");

        assertEquals(r.describe(), OK, r.exit());
        long id = requestId(r);
        assertTrue(r.describe(), r.text().startsWith("request " + id + ": ONLINE cpu1\nstatus:  SUCCEEDED\n"));
        assertFalse(r.describe(), r.text().contains("failure:"));
        assertEquals(r.describe(), List.of(
                "apply fw.validate ok [ADD_VALIDATE 0, it.shell.online]",
                "apply cpu.online ok [ADD_EXECUTE 110, it.shell.online]",
                "apply fw.commit ok [ADD_COMMIT 10, it.shell.online]"), traceRows(r.text()));
        Outcome outcome = queue.find(id).orElseThrow();
        assertEquals(Calls.describe(outcome), Status.SUCCEEDED, outcome.status());
        assertEquals("the shell names itself as the origin", "shell", outcome.request().origin());
        assertEquals(Operation.ONLINE, outcome.request().operation());
        assertEquals("the handlers' own journal",
                List.of("APPLY fw.validate", "APPLY cpu.online", "APPLY fw.commit"), machine.journal(id));
        assertEquals(Map.of("cpu.online", "request " + id, "fw.commit", "request " + id), machine.snapshot());
    }

    @Test
    public void submitWithARefusingHandlerPrintsTheFailureLineAndExitsOne() throws Exception {
        handlers.install("org.sysplug.it.shell.refusing",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("cpu.online", ADD_EXECUTE, 110).failingApply());

        Shell.Result r = shell.run("sysplug:submit online cpu1");

        assertEquals(r.describe(), FAILED, r.exit());
        long id = requestId(r);
        assertTrue(r.describe(), r.text().startsWith("request " + id + ": ONLINE cpu1\nstatus:  FAILED_ROLLED_BACK\n"));
        assertEquals("device: message (code) [handler, phase rank]. " + r.describe(),
                List.of("failure: cpu1: cpu.online refuses the request (fault injected by the test) (EBUSY)"
                        + " [cpu.online, ADD_EXECUTE 110]"),
                linesStartingWith(r.text(), "failure:"));
        assertEquals(r.describe(), List.of(
                "apply fw.validate ok [ADD_VALIDATE 0, it.shell.refusing]",
                "apply cpu.online failed [ADD_EXECUTE 110, it.shell.refusing]",
                "rollback fw.validate ok [ADD_VALIDATE 0, it.shell.refusing]"), traceRows(r.text()));
        assertEquals(Status.FAILED_ROLLED_BACK, queue.find(id).orElseThrow().status());
        assertEquals(Map.of(), machine.snapshot());
    }

    @Test
    public void submitDryRunRunsOnlyTheValidateHandlers() throws Exception {
        handlers.install("org.sysplug.it.shell.dryrun",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("cpu.validate", ADD_VALIDATE, 100),
                handler("cpu.online", ADD_EXECUTE, 110),
                handler("fw.commit", ADD_COMMIT, 10));

        Shell.Result r = shell.run("sysplug:submit --dry-run online cpu1");

        assertEquals(r.describe(), OK, r.exit());
        long id = requestId(r);
        assertTrue(r.describe(), r.text().startsWith("request " + id + ": ONLINE cpu1 (dry run)\nstatus:  SUCCEEDED\n"));
        assertEquals(r.describe(), List.of(
                "apply fw.validate ok [ADD_VALIDATE 0, it.shell.dryrun]",
                "apply cpu.validate ok [ADD_VALIDATE 100, it.shell.dryrun]"), traceRows(r.text()));
        assertTrue(queue.find(id).orElseThrow().request().dryRun());
        assertEquals("the handlers' own journal", List.of("APPLY fw.validate", "APPLY cpu.validate"),
                machine.journal(id));
        assertEquals("a dry run changes nothing", Map.of(), machine.snapshot());

        Shell.Result json = shell.run("sysplug:submit -n --json online cpu1");
        assertEquals(json.describe(), OK, json.exit());
        Map<String, Object> doc = json(json);
        assertEquals(json.describe(), Boolean.TRUE, doc.get("dryRun"));
        assertEquals(json.describe(), "SUCCEEDED", doc.get("status"));
        List<String> phases = new ArrayList<>();
        for (Map<String, Object> t : objects(doc.get("trace"))) {
            phases.add(t.get("action") + " " + t.get("handler") + " " + t.get("phase"));
        }
        assertEquals(json.describe(), List.of("APPLY fw.validate ADD_VALIDATE", "APPLY cpu.validate ADD_VALIDATE"),
                phases);
    }

    @Test
    public void submitWithAnUnknownOperationIsAUsageErrorAndQueuesNothing() throws Exception {
        handlers.install("org.sysplug.it.shell.usage", handler("cpu.online", ADD_EXECUTE, 110));
        List<Outcome> before = queue.recent();

        Shell.Result r = shell.run("sysplug:submit plug cpu1");

        assertEquals(r.describe(), USAGE, r.exit());
        assertEquals(r.describe(),
                "submit: unknown operation 'plug': use one of hot-add, hot-remove (eject), online, offline", r.text());
        assertEquals("nothing was queued", ids(before), ids(queue.recent()));
    }

    @Test
    public void submitWithABadDeviceNameIsAUsageErrorAndQueuesNothing() throws Exception {
        handlers.install("org.sysplug.it.shell.badname", handler("cpu.online", ADD_EXECUTE, 110));
        List<Outcome> before = queue.recent();

        Shell.Result r = shell.run("sysplug:submit online ../cpu0");

        assertEquals(r.describe(), USAGE, r.exit());
        assertEquals(r.describe(), "submit: invalid device name '../cpu0': name a device as cpuN, memoryN, nodeN"
                + " (class and index) or as a firmware path such as \\_SB.NOD1", r.text());
        assertEquals("nothing was queued", ids(before), ids(queue.recent()));
        assertEquals("no handler was called", Map.of(), machine.snapshot());
    }

    /**
     * At the prompt a firmware path is quoted: Gogo's parser takes an unquoted backslash as an escape. The path
     * comes back in JSON with its backslash escaped.
     */
    @Test
    public void submitTakesAQuotedFirmwarePathAndJsonEscapesItsBackslash() throws Exception {
        handlers.install("org.sysplug.it.shell.firmware",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("fw.insert", ADD_EXECUTE, 10));

        Shell.Result r = shell.run("sysplug:submit --json hot-add '\\_SB.NOD1'");

        assertEquals(r.describe(), OK, r.exit());
        assertTrue("the backslash is escaped in the document: " + r.describe(),
                r.text().contains("\"targets\":[\"\\\\_SB.NOD1\"]"));
        Map<String, Object> doc = json(r);
        assertEquals(r.describe(), List.of("\\_SB.NOD1"), doc.get("targets"));
        assertEquals(r.describe(), "HOT_ADD", doc.get("operation"));
        assertEquals(r.describe(), "SUCCEEDED", doc.get("status"));
        long id = (Long) doc.get("id");
        assertEquals("the handlers' own journal", List.of("APPLY fw.validate", "APPLY fw.insert"), machine.journal(id));
    }

    // --- async, status, cancel ---------------------------------------------------------------------------------

    @Test
    public void asyncSubmitReturnsAtOnceAndStatusAndCancelSeeTheRunningRequest() throws Exception {
        handlers.install("org.sysplug.it.shell.async",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("cpu.online", ADD_EXECUTE, 110).waitingAt("hold"));
        Gate hold = gate("hold"); // stays closed: the handler holds the worker until cancel interrupts it

        Shell.Result submitted = shell.run("sysplug:submit --async online cpu1", Duration.ofSeconds(5));

        assertEquals(submitted.describe(), OK, submitted.exit());
        long id = requestId(submitted);
        assertEquals(submitted.describe(), "request " + id + " queued", submitted.text());
        hold.awaitArrival();

        Shell.Result status = shell.run("sysplug:status");
        assertEquals(status.describe(), OK, status.exit());
        assertEquals(status.describe(), 1, linesStartingWith(status.text(), "running:  request " + id
                + " ONLINE cpu1 for ").size());
        assertEquals(status.describe(), List.of("handlers: 2"), linesStartingWith(status.text(), "handlers:"));

        Shell.Result statusJson = shell.run("sysplug:status --json");
        assertEquals(statusJson.describe(), OK, statusJson.exit());
        Map<String, Object> doc = json(statusJson);
        assertEquals(statusJson.describe(), List.of(), doc.get("queued"));
        assertEquals(statusJson.describe(), Long.valueOf(2), doc.get("handlers"));
        assertTrue(statusJson.describe(), doc.get("running") instanceof Map);
        @SuppressWarnings("unchecked")
        Map<String, Object> running = (Map<String, Object>) doc.get("running");
        assertEquals(statusJson.describe(), Long.valueOf(id), running.get("id"));
        assertEquals(statusJson.describe(), "RUNNING", running.get("status"));
        assertEquals(statusJson.describe(), List.of("cpu1"), running.get("targets"));

        Shell.Result cancel = shell.run("sysplug:cancel " + id);
        assertEquals(cancel.describe(), OK, cancel.exit());
        assertEquals(cancel.describe(), "request " + id + " cancelled", cancel.text());
        Outcome outcome = awaitEnd(id);
        assertEquals(Calls.describe(outcome), Status.CANCELLED, outcome.status());
        assertEquals("the interrupted handler did not apply", Map.of(), machine.snapshot());

        Shell.Result idle = shell.run("sysplug:status");
        assertEquals(idle.describe(), List.of("running:  nothing"), linesStartingWith(idle.text(), "running:"));
        Shell.Result again = shell.run("sysplug:cancel " + id);
        assertEquals("an ended request cannot be cancelled: " + again.describe(), FAILED, again.exit());
    }

    @Test
    public void cancelOfAnUnknownRequestExitsOne() throws Exception {
        assertEquals(Optional.empty(), queue.find(999));

        Shell.Result r = shell.run("sysplug:cancel 999");

        assertEquals(r.describe(), FAILED, r.exit());
        assertEquals(r.describe(), "request 999 is neither queued nor running: nothing to cancel"
                + " ('sysplug:requests' lists requests)", r.text());
    }

    // --- requests, request -------------------------------------------------------------------------------------

    @Test
    public void requestsJsonListsTheRequestsNewestFirst() throws Exception {
        handlers.install("org.sysplug.it.shell.history",
                handler("cpu.online", ADD_EXECUTE, 110),
                handler("cpu.offline", DELETE_EXECUTE, 10));
        long first = requestId(shell.run("sysplug:submit online cpu1"));
        long second = requestId(shell.run("sysplug:submit offline cpu1"));
        Shell.Result async = shell.run("sysplug:submit --async --json online cpu2", Duration.ofSeconds(5));
        assertEquals(async.describe(), OK, async.exit());
        Object thirdId = json(async).get("id");
        assertTrue(async.describe(), thirdId instanceof Long);
        long third = (Long) thirdId;
        assertEquals(Status.SUCCEEDED, awaitEnd(third).status());

        Shell.Result r = shell.run("sysplug:requests --json");

        assertEquals(r.describe(), OK, r.exit());
        Map<String, Object> doc = json(r);
        List<Long> listed = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (Map<String, Object> o : objects(doc.get("requests"))) {
            long id = (Long) o.get("id");
            listed.add(id);
            if (id == first || id == second || id == third) {
                ours.add(id + " " + o.get("operation") + " " + o.get("targets") + " " + o.get("status") + " "
                        + o.get("origin"));
            }
        }
        assertEquals("newest first: " + r.describe(), List.of(
                third + " ONLINE [cpu2] SUCCEEDED shell",
                second + " OFFLINE [cpu1] SUCCEEDED shell",
                first + " ONLINE [cpu1] SUCCEEDED shell"), ours);
        assertEquals("the newest is listed first: " + r.describe(), Long.valueOf(third), listed.get(0));
        List<Long> descending = new ArrayList<>(listed);
        descending.sort((a, b) -> Long.compare(b, a));
        assertEquals("ids descending: " + r.describe(), descending, listed);

        Shell.Result text = shell.run("sysplug:requests");
        String[] lines = text.text().split("\n");
        assertTrue(text.describe(), lines[0].matches(" *ID +OPERATION +STATUS +SUBMITTED +RAN +TARGETS"));
        assertTrue(text.describe(), lines[1].matches(" *" + third + " +ONLINE +SUCCEEDED .* cpu2"));
    }

    @Test
    public void requestShowsTheTraceWithTheHandlerNames() throws Exception {
        handlers.install("org.sysplug.it.shell.trace",
                handler("fw.validate", ADD_VALIDATE, 0),
                handler("memory.online", ADD_EXECUTE, 100),
                handler("cpu.online", ADD_EXECUTE, 110).failingApply());
        long id = requestId(shell.run("sysplug:submit online cpu1"));

        Shell.Result r = shell.run("sysplug:request " + id);

        assertEquals("showing a request succeeds, whatever its outcome: " + r.describe(), OK, r.exit());
        assertTrue(r.describe(), r.text().startsWith("request " + id + ": ONLINE cpu1\nstatus:  FAILED_ROLLED_BACK\n"));
        assertTrue(r.describe(), r.text().contains("\ntrace:\n"));
        assertEquals(r.describe(), List.of(
                "apply fw.validate ok [ADD_VALIDATE 0, it.shell.trace]",
                "apply memory.online ok [ADD_EXECUTE 100, it.shell.trace]",
                "apply cpu.online failed [ADD_EXECUTE 110, it.shell.trace]",
                "rollback memory.online ok [ADD_EXECUTE 100, it.shell.trace]",
                "rollback fw.validate ok [ADD_VALIDATE 0, it.shell.trace]"), traceRows(r.text()));
        assertEquals("the failed call's message, by its trace number: " + r.describe(),
                List.of("  #3 failed: cpu1: cpu.online refuses the request (fault injected by the test) (EBUSY)"),
                linesStartingWith(r.text(), "  #3 "));
        assertEquals("what the framework traced is what the handlers received",
                Calls.made(queue.find(id).orElseThrow()), machine.journal(id));

        Shell.Result json = shell.run("sysplug:request --json " + id);
        assertEquals(json.describe(), OK, json.exit());
        Map<String, Object> doc = json(json);
        assertEquals(json.describe(), Long.valueOf(id), doc.get("id"));
        List<String> trace = new ArrayList<>();
        for (Map<String, Object> t : objects(doc.get("trace"))) {
            trace.add(t.get("action") + " " + t.get("handler") + " " + t.get("result") + " " + t.get("bundle"));
        }
        assertEquals(json.describe(), List.of(
                "APPLY fw.validate OK org.sysplug.it.shell.trace",
                "APPLY memory.online OK org.sysplug.it.shell.trace",
                "APPLY cpu.online FAILED org.sysplug.it.shell.trace",
                "ROLLBACK memory.online OK org.sysplug.it.shell.trace",
                "ROLLBACK fw.validate OK org.sysplug.it.shell.trace"), trace);
        @SuppressWarnings("unchecked")
        Map<String, Object> failure = (Map<String, Object>) doc.get("failure");
        assertNotNull(json.describe(), failure);
        assertEquals(json.describe(), "cpu.online ADD_EXECUTE 110 EBUSY cpu1", failure.get("handler") + " "
                + failure.get("phase") + " " + failure.get("rank") + " " + failure.get("code") + " "
                + failure.get("device"));
    }

    @Test
    public void requestOfAnUnknownIdExitsOneWithAMessage() throws Exception {
        assertEquals(Optional.empty(), queue.find(12345));

        Shell.Result r = shell.run("sysplug:request 12345");

        assertEquals(r.describe(), FAILED, r.exit());
        assertEquals(r.describe(),
                "no request 12345 in the recent history: 'sysplug:requests' lists the known ones", r.text());
    }

    // --- online, offline, add, eject -----------------------------------------------------------------------------

    @Test
    public void onlineCpuListSubmitsOneOnlineRequestForTheCpusInListOrder() throws Exception {
        handlers.install("org.sysplug.it.shell.devices",
                handler("cpu.validate", ADD_VALIDATE, 100).serving(Kind.ONLINE),
                handler("cpu.online", ADD_EXECUTE, 110).serving(Kind.ONLINE));

        Shell.Result r = shell.run("sysplug:online cpu 5,0-2,8-12:2");

        assertEquals(r.describe(), OK, r.exit());
        long id = requestId(r);
        assertTrue(r.describe(), r.text().startsWith("request " + id
                + ": ONLINE cpu5,0-2,8,10,12\nstatus:  SUCCEEDED\n"));
        assertEquals(r.describe(), List.of(
                "apply cpu.validate ok [ADD_VALIDATE 100, it.shell.devices]",
                "apply cpu.online ok [ADD_EXECUTE 110, it.shell.devices]"), traceRows(r.text()));
        Outcome outcome = queue.find(id).orElseThrow();
        assertEquals(Operation.ONLINE, outcome.request().operation());
        assertEquals("the request keeps every target, in list order", "cpu5 cpu0 cpu1 cpu2 cpu8 cpu10 cpu12",
                outcome.request().targetNames());
        assertEquals("shell", outcome.request().origin());
        assertEquals(Map.of(), outcome.request().parameters());
        assertEquals("the handlers' own journal", List.of("APPLY cpu.validate", "APPLY cpu.online"),
                machine.journal(id));
    }

    @Test
    public void offlineWithARefusingHandlerPrintsWhoRefusedWhatAndExitsOne() throws Exception {
        handlers.install("org.sysplug.it.shell.offline",
                handler("memory.validate", DELETE_VALIDATE, 110).serving(Kind.ONLINE).failingApply(),
                handler("memory.offline", DELETE_EXECUTE, 20).serving(Kind.ONLINE));

        Shell.Result r = shell.run("sysplug:offline memory 32-33");

        assertEquals(r.describe(), FAILED, r.exit());
        long id = requestId(r);
        assertTrue(r.describe(), r.text().startsWith("request " + id + ": OFFLINE memory32-33\n"
                + "status:  FAILED_ROLLED_BACK\n"));
        assertEquals(r.describe(), List.of("failure: memory32: memory.validate refuses the request (fault injected"
                + " by the test) (EBUSY) [memory.validate, DELETE_VALIDATE 110]"), linesStartingWith(r.text(), "failure:"));
        assertEquals("the handlers' own journal", List.of("APPLY memory.validate"), machine.journal(id));
        assertEquals(Map.of(), machine.snapshot());
    }

    @Test
    public void onlineMemoryWithAZoneAndJsonCarriesTheZoneToTheModules() throws Exception {
        handlers.install("org.sysplug.it.shell.zone", handler("memory.online", ADD_EXECUTE, 100));

        Shell.Result r = shell.run("sysplug:online memory 40-41 --zone movable --json");

        assertEquals(r.describe(), OK, r.exit());
        Map<String, Object> doc = json(r);
        assertEquals(r.describe(), "ONLINE", doc.get("operation"));
        assertEquals(r.describe(), List.of("memory40", "memory41"), doc.get("targets"));
        assertEquals(r.describe(), Map.of("zone", "movable"), doc.get("parameters"));
        assertEquals(r.describe(), "SUCCEEDED", doc.get("status"));
        long id = (Long) doc.get("id");
        assertEquals(Map.of("zone", "movable"), queue.find(id).orElseThrow().request().parameters());
    }

    @Test
    public void deviceCommandUsageErrorsExitTwoAndQueueNothing() throws Exception {
        handlers.install("org.sysplug.it.shell.deviceusage", handler("cpu.online", ADD_EXECUTE, 110));
        List<Outcome> before = queue.recent();

        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("sysplug:online", "online: name a device class and a list: online cpu LIST, online memory LIST"
                + " [--zone movable|kernel], online node LIST, LIST as in 0-3,8,10-14:2");
        errors.put("sysplug:online gpu 1", "online: unknown device class 'gpu': use cpu, memory or node, as in"
                + " online cpu 0-3,8");
        errors.put("sysplug:online cpu5", "online: write the device class and the list apart: online cpu 5");
        errors.put("sysplug:offline cpu 3-1", "offline: invalid list '3-1': range '3-1' goes backwards; write 1-3");
        errors.put("sysplug:offline cpu 1,,2", "offline: invalid list '1,,2': item 2 is empty (two commas in a row)");
        errors.put("sysplug:offline cpu 0-3, 8", "offline: give the list as one word, without spaces: offline cpu"
                + " 0-3,8");
        errors.put("sysplug:online cpu 1 --zone movable", "online: --zone applies to memory blocks only, not to CPUs");
        errors.put("sysplug:offline memory 1 --zone movable", "offline: unknown option '--zone': offline takes"
                + " --dry-run, --async, --deadline SECONDS and --json");
        errors.put("sysplug:add cpu5", "add: 'cpu5' is not a firmware path: add takes a namespace path such as"
                + " '\\_SB.NOD1'; to bring cpu5 online use 'online cpu 5'");
        // typed without quotes, the prompt removes the backslash: the hint says how to type it
        errors.put("sysplug:eject \\_SB.NOD1", "eject: invalid device name '_SB.NOD1': a firmware path starts with a"
                + " backslash, which the shell removes unless quoted: type '\\_SB.NOD1'");
        for (Map.Entry<String, String> e : errors.entrySet()) {
            Shell.Result r = shell.run(e.getKey());
            assertEquals(r.describe(), USAGE, r.exit());
            assertEquals(r.describe(), e.getValue(), r.text());
        }
        assertEquals("nothing was queued", ids(before), ids(queue.recent()));
        assertEquals("no handler was called", Map.of(), machine.snapshot());
    }

    @Test
    public void ejectAndAddTakeAQuotedFirmwarePathWithDryRunAndAsync() throws Exception {
        handlers.install("org.sysplug.it.shell.eject",
                handler("fw.validate", DELETE_VALIDATE, 0).serving(Kind.HOTPLUG),
                handler("fw.objects", DELETE_EXECUTE, 100).serving(Kind.HOTPLUG),
                handler("fw.eject", DELETE_COMMIT, 100).serving(Kind.HOTPLUG),
                handler("fw.add", ADD_EXECUTE, 10).serving(Kind.HOTPLUG));

        Shell.Result dry = shell.run("sysplug:eject --dry-run '\\_SB.NOD1'");
        assertEquals(dry.describe(), OK, dry.exit());
        long dryId = requestId(dry);
        assertTrue(dry.describe(), dry.text().startsWith("request " + dryId + ": HOT_REMOVE \\_SB.NOD1 (dry run)\n"
                + "status:  SUCCEEDED\n"));
        assertEquals("a dry run runs the validate list only", List.of("APPLY fw.validate"), machine.journal(dryId));

        Shell.Result eject = shell.run("sysplug:eject '\\_SB.NOD1'");
        assertEquals(eject.describe(), OK, eject.exit());
        long ejectId = requestId(eject);
        Outcome ejected = queue.find(ejectId).orElseThrow();
        assertEquals(Operation.HOT_REMOVE, ejected.request().operation());
        assertEquals("shell", ejected.request().origin());
        assertEquals(List.of("APPLY fw.validate", "APPLY fw.objects", "APPLY fw.eject"), machine.journal(ejectId));

        Shell.Result add = shell.run("sysplug:add --async '\\_sb.nod1'", Duration.ofSeconds(5));
        assertEquals(add.describe(), OK, add.exit());
        long addId = requestId(add);
        assertEquals(add.describe(), "request " + addId + " queued", add.text());
        Outcome added = awaitEnd(addId);
        assertEquals(Calls.describe(added), Status.SUCCEEDED, added.status());
        assertEquals(Operation.HOT_ADD, added.request().operation());
        assertEquals("the path in capitals", "\\_SB.NOD1", added.request().targetNames());
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** The command's output as one JSON document; fails the test if it is not one. */
    private static Map<String, Object> json(Shell.Result r) {
        try {
            return JsonParser.object(r.text());
        } catch (IllegalArgumentException e) {
            throw new AssertionError(e.getMessage() + "\n" + r.describe(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object list) {
        assertTrue("a JSON array: " + list, list instanceof List);
        for (Object o : (List<?>) list) {
            assertTrue("a JSON object: " + o, o instanceof Map);
        }
        return (List<Map<String, Object>>) list;
    }

    /** The id in the first line of a request's detail or of an async submit's answer. */
    private static long requestId(Shell.Result r) {
        Matcher m = REQUEST_ID.matcher(r.text());
        if (!m.find()) {
            fail("no request id in " + r.describe());
        }
        return Long.parseLong(m.group(1));
    }

    private static List<String> linesStartingWith(String text, String prefix) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * The rows of a request's trace table as {@code "apply cpu.online failed [ADD_EXECUTE 110, it.shell.x]"}. The
     * columns are {@code # PHASE RANK ACTION RESULT TIME HANDLER BUNDLE}; the time ({@code 0.012 ms}) is left out.
     */
    private static List<String> traceRows(String text) {
        List<String> rows = new ArrayList<>();
        boolean inTrace = false;
        for (String line : text.split("\n")) {
            if (line.equals("trace:")) {
                inTrace = true;
                continue;
            }
            if (!inTrace) {
                continue;
            }
            if (!line.startsWith("  ")) {
                break;
            }
            String[] cells = line.trim().split(" +");
            if (!cells[0].matches("[0-9]+")) {
                continue; // the header, a note or a message
            }
            rows.add(cells[3] + " " + cells[cells.length - 2] + " " + cells[4] + " [" + cells[1] + " " + cells[2]
                    + ", " + cells[cells.length - 1] + "]");
        }
        return rows;
    }

    private static List<Long> ids(List<Outcome> outcomes) {
        List<Long> ids = new ArrayList<>();
        outcomes.forEach(o -> ids.add(o.id()));
        return ids;
    }

    /**
     * Waits until request {@code id} has ended and the queue no longer shows it running (the queue marks the outcome
     * ended a moment before it clears its running slot).
     */
    private Outcome awaitEnd(long id) throws InterruptedException {
        long deadline = System.nanoTime() + OUTCOME_WAIT.toNanos();
        while (true) {
            Optional<Outcome> o = queue.find(id);
            boolean stillRunning = queue.status().running().map(r -> r.id() == id).orElse(false);
            if (o.isPresent() && o.get().status().isTerminal() && !stillRunning) {
                return o.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("request " + id + " has not ended within " + OUTCOME_WAIT + ": "
                        + o.map(Calls::describe).orElse("unknown"));
            }
            Thread.sleep(10);
        }
    }

    /** Waits until the queue tracks no handler of an uninstalled bundle. */
    private void awaitGone(Bundle bundle) throws InterruptedException {
        long deadline = System.nanoTime() + OUTCOME_WAIT.toNanos();
        while (!handlers.tracked(bundle).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the queue still tracks " + handlers.tracked(bundle));
            }
            Thread.sleep(10);
        }
    }
}
