package org.sysplug.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.sysplug.framework.Phase.ADD_COMMIT;
import static org.sysplug.framework.Phase.ADD_EXECUTE;
import static org.sysplug.it.handlers.HandlerSpec.handler;
import static org.sysplug.it.support.DeployFolder.until;

import java.util.List;
import java.util.Map;
import java.util.Set;

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
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RefusedHandler;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.it.support.Calls;
import org.sysplug.it.support.DeployFolder;
import org.sysplug.it.support.Gate;
import org.sysplug.it.support.HandlerBundles;
import org.sysplug.it.support.JsonParser;
import org.sysplug.it.support.PlatformTestSupport;
import org.sysplug.it.support.Shell;

/**
 * The deploy folder as an operator uses it: a handler bundle copied in serves the next request,
 * a replaced jar's new version serves the one after, a deleted one is gone, and a handler whose
 * properties are wrong is shown refused, with the reason, where the operator looks.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployFolderIT extends PlatformTestSupport {

    private static final HotplugRequest ADD_CPU4 = HotplugRequest.of(Operation.HOT_ADD, "cpu4").build();
    private static final String BSN = "org.sysplug.it.deployed";

    @Inject
    private CommandProcessor processor;

    private DeployFolder deploy;

    @Before
    public void openFolder() {
        deploy = DeployFolder.of(context);
    }

    @After
    public void emptyFolder() throws Exception {
        deploy.close();
        until("every bundle deployed from the folder is uninstalled", () -> deployed() == null);
    }

    @Test
    public void aBundleCopiedInServesTheNextRequestReplacedItsNewVersionDoesAndDeletedItIsGone() throws Exception {
        handlers.install("org.sysplug.it.deploy.base", handler("base.execute", ADD_EXECUTE, 10));

        deploy.put("handler.jar", HandlerBundles.build(BSN, List.of(handler("first.execute", ADD_EXECUTE, 20))));
        until("the queue tracks first.execute", () -> tracked().contains("first.execute"));
        // SCR registers the bundle's components while it is still STARTING: its handler can be
        // tracked a moment before the bundle reads ACTIVE
        until("the deployed bundle is active", () -> deployed() != null && deployed().getState() == Bundle.ACTIVE);
        Bundle bundle = deployed();
        assertEquals(List.of("APPLY base.execute", "APPLY first.execute"), Calls.of(run(ADD_CPU4)));

        deploy.put("handler.jar", HandlerBundles.build(BSN, List.of(handler("second.version.execute", ADD_EXECUTE, 5))));
        until("the queue tracks the new version's handler", () -> tracked().contains("second.version.execute"));
        assertEquals("updated in place, not installed beside the old one", bundle.getBundleId(), deployed().getBundleId());
        Outcome replaced = run(ADD_CPU4);
        assertEquals(Calls.describe(replaced), List.of("APPLY second.version.execute", "APPLY base.execute"),
                Calls.of(replaced));

        deploy.delete("handler.jar");
        until("the deleted bundle is uninstalled", () -> deployed() == null);
        assertEquals(Set.of("base.execute"), tracked());
        assertEquals(List.of("APPLY base.execute"), Calls.of(run(ADD_CPU4)));
    }

    @Test
    public void aBundleDeletedWhileARequestUsesItGoesOnlyOnceThatRequestHasEndedWhole() throws Exception {
        deploy.put("slow.jar", HandlerBundles.build(BSN, List.of(handler("slow.execute", ADD_EXECUTE, 20).waitingAt("slow"),
                handler("slow.commit", ADD_COMMIT, 10))));
        until("the queue tracks slow.execute", () -> tracked().contains("slow.execute"));
        Gate slow = gate("slow");

        Submission request = queue.submit(ADD_CPU4);
        slow.awaitArrival();
        deploy.delete("slow.jar");
        until("FileInstall is uninstalling the bundle: its handlers are withdrawn from new requests",
                () -> !tracked().contains("slow.execute"));
        slow.open();
        Outcome outcome = await(request);

        assertEquals(Calls.describe(outcome), Status.SUCCEEDED, outcome.status());
        assertEquals("the running request made every call, the departing bundle's included",
                List.of("APPLY slow.execute", "APPLY slow.commit"), Calls.of(outcome));
        assertEquals(Calls.made(outcome), machine.journal(outcome.id()));
        until("the deleted bundle is uninstalled once the request ended", () -> deployed() == null);
    }

    @Test
    public void aHandlerWithBadPropertiesIsShownRefusedWithTheReasonAndNeverRuns() throws Exception {
        handlers.install("org.sysplug.it.deploy.base", handler("base.execute", ADD_EXECUTE, 10));

        deploy.put("typo.jar", HandlerBundles.build(BSN, List.of(handler("typo.execute", ADD_EXECUTE, Order.MAX + 1))));
        until("the queue lists typo.execute as refused",
                () -> queue.refusedHandlers().stream().anyMatch(r -> r.name().equals("typo.execute")));

        RefusedHandler refused = queue.refusedHandlers().get(0);
        assertEquals(BSN, refused.bundle());
        assertEquals(deployed().getBundleId(), refused.bundleId());
        assertTrue(refused.reason(), refused.reason().startsWith("it has sysplug.handler.order=16777216, outside 0..16777215"));
        assertEquals(List.of("APPLY base.execute"), Calls.of(run(ADD_CPU4)));

        try (Shell shell = Shell.open(context, processor)) {
            Shell.Result text = shell.run("sysplug:handlers");
            assertTrue(text.describe(), text.text().contains("refused: handler typo.execute of bundle " + BSN
                    + " refused: it has sysplug.handler.order=16777216"));
            Map<String, Object> json = JsonParser.object(shell.run("sysplug:handlers --json").text());
            @SuppressWarnings("unchecked")
            Map<String, Object> first = ((List<Map<String, Object>>) json.get("refused")).get(0);
            assertEquals("typo.execute", first.get("handler"));
            assertEquals(BSN, first.get("bundle"));
            assertEquals(refused.reason(), first.get("reason"));
        }

        deploy.delete("typo.jar");
        until("a refused handler whose bundle is gone is no longer listed", () -> queue.refusedHandlers().isEmpty());
    }

    /** The bundle FileInstall installed from the folder, or null. */
    private Bundle deployed() {
        for (Bundle b : context.getBundles()) {
            if (BSN.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private Set<String> tracked() {
        Set<String> names = new java.util.TreeSet<>();
        for (HandlerInfo h : queue.handlers()) {
            names.add(h.name());
        }
        return names;
    }
}
