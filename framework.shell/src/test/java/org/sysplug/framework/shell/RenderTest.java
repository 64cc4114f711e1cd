package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.Device;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.QueueStatus;
import org.sysplug.framework.RefusedHandler;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.framework.Zone;
import org.sysplug.shell.Table;

class RenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HandlerInfo handler(String name, String bundle, Phase phase, int rank) {
        return new HandlerInfo(name, bundle, 5, rank, phase, rank, Set.of(Kind.HOTPLUG, Kind.ONLINE));
    }

    private static Outcome failedOutcome() {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        HotplugRequest request = HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD1").origin("shell").build();
        return new Outcome(7, request, Status.FAILED_ROLLED_BACK,
                Optional.of(new Failure("cpu.validate", "org.sysplug.resource.cpu", Optional.of(Phase.DELETE_VALIDATE),
                        100, "EPERM", "cpu0", "the boot CPU \"cpu0\" cannot be removed")),
                List.of(new TraceEntry("acpi.validate", "org.sysplug.firmware.acpi", Phase.DELETE_VALIDATE, 0,
                        TraceEntry.Action.APPLY, Duration.ofNanos(12_345), TraceEntry.Result.OK, "",
                        List.of("2 CPUs below")),
                        new TraceEntry("cpu.validate", "org.sysplug.resource.cpu", Phase.DELETE_VALIDATE, 100,
                                TraceEntry.Action.APPLY, Duration.ofMillis(2), TraceEntry.Result.FAILED,
                                "cpu0: the boot CPU cannot be removed (EPERM)", List.of())),
                List.of(), List.of(new Device("\\_SB.NOD1.CPU0", "processor")),
                List.of(new CpuResource("\\_SB.NOD1.CPU0", 16, 1, 8),
                        new MemoryResource("\\_SB.NOD1.MEM0", 0x100000000L, 1L << 30, 1, Zone.MOVABLE)),
                t0, Optional.of(t0.plusMillis(1)), Optional.of(t0.plusMillis(5)));
    }

    @Test
    void handlerTableListsPhaseRankKindsHandlerAndBundleAndTheWarnings() {
        var view = new Views.HandlerTable(List.of(handler("cpu.online", "org.sysplug.resource.cpu", Phase.ADD_EXECUTE, 110)),
                List.of(), List.of("something is off"));

        String text = Render.text(view);

        assertThat(text).contains("PHASE").contains("RANK").contains("KINDS").contains("HANDLER").contains("BUNDLE");
        assertThat(text).contains("ADD_EXECUTE").contains("110").contains("hotplug,online").contains("cpu.online")
                .contains("resource.cpu");
        assertThat(text).endsWith("warning: something is off\n");
    }

    @Test
    void aRefusedHandlerIsListedWithItsBundleAndReasonAfterTheTable() {
        var view = new Views.HandlerTable(List.of(handler("cpu.online", "org.sysplug.resource.cpu", Phase.ADD_EXECUTE, 110)),
                List.of(new RefusedHandler("typo.validate", "org.example.typo", 41, 99,
                        "it has sysplug.handler.phase=DELETE_VALIDATEE, which is not one of [...]")),
                List.of());

        assertThat(Render.text(view)).endsWith("\nrefused: handler typo.validate of bundle org.example.typo refused: "
                + "it has sysplug.handler.phase=DELETE_VALIDATEE, which is not one of [...]\n");
    }

    @Test
    void requestDetailShowsFailureTraceNotesAndResources() {
        String text = Render.text(new Views.RequestDetail(failedOutcome()));

        assertThat(text).startsWith("request 7: HOT_REMOVE \\_SB.NOD1\n");
        assertThat(text).contains("status:  FAILED_ROLLED_BACK");
        assertThat(text).contains("failure: cpu0: the boot CPU \"cpu0\" cannot be removed (EPERM) [cpu.validate, DELETE_VALIDATE 100]");
        assertThat(text).contains("#1 note: 2 CPUs below");
        assertThat(text).contains("0.012 ms").contains("2.000 ms");
        assertThat(text).contains("memory 0x100000000-0x13fffffff (1024 MiB) node 1 zone Movable");
        assertThat(text).contains("cpu cpu8 apic 16 node 1");
        assertThat(text).doesNotContain("params:");
    }

    @Test
    void requestDetailShowsWhoAskedFromWhere() {
        Outcome shell = failedOutcome();
        HotplugRequest remote = HotplugRequest.of(Operation.OFFLINE, "cpu2").origin("http")
                .parameter("http.token", "true").parameter("http.remote", "192.0.2.7:51234").parameter("zone", "movable").build();
        String text = Render.text(new Views.RequestDetail(new Outcome(8, remote, Status.SUCCEEDED, Optional.empty(),
                List.of(), List.of(), List.of(), List.of(), shell.submitted(), shell.started(), shell.finished())));

        assertThat(text).contains("origin:  http;")
                .contains("params:  http.remote=192.0.2.7:51234 http.token=true zone=movable\n");
    }

    @Test
    void everyViewRendersValidJson() throws Exception {
        Outcome outcome = failedOutcome();
        JsonNode detail = JSON.readTree(Json.of(Render.json(new Views.RequestDetail(outcome))).text());
        assertThat(detail.get("id").asLong()).isEqualTo(7);
        assertThat(detail.get("status").asText()).isEqualTo("FAILED_ROLLED_BACK");
        assertThat(detail.get("failure").get("message").asText()).isEqualTo("the boot CPU \"cpu0\" cannot be removed");
        assertThat(detail.get("targets").get(0).asText()).isEqualTo("\\_SB.NOD1");
        assertThat(detail.get("trace")).hasSize(2);
        assertThat(detail.get("trace").get(0).get("durationMs").asDouble()).isEqualTo(0.012);
        assertThat(detail.get("resources").get(1).get("zone").asText()).isEqualTo("Movable");

        JsonNode list = JSON.readTree(Json.of(Render.json(new Views.RequestTable(List.of(outcome)))).text());
        assertThat(list.get("requests").get(0).get("runMs").asDouble()).isEqualTo(4.0);

        JsonNode handlers = JSON.readTree(Json.of(Render.json(new Views.HandlerTable(
                List.of(handler("a", "org.sysplug.x", Phase.ADD_COMMIT, 1)),
                List.of(new RefusedHandler("typo", "org.example.typo", 40, 90, "it has no sysplug.handler.order property")),
                List.of("w")))).text());
        assertThat(handlers.get("handlers").get(0).get("kinds")).hasSize(2);
        assertThat(handlers.get("refused").get(0).get("handler").asText()).isEqualTo("typo");
        assertThat(handlers.get("refused").get(0).get("bundleId").asLong()).isEqualTo(40);
        assertThat(handlers.get("refused").get(0).get("reason").asText()).isEqualTo("it has no sysplug.handler.order property");
        assertThat(handlers.get("warnings").get(0).asText()).isEqualTo("w");

        JsonNode status = JSON.readTree(Json.of(Render.json(new Views.QueueView(
                new QueueStatus(64, List.of(8L, 9L), Optional.of(outcome), 3, Optional.of("cpu.online apply (ADD_EXECUTE 110) for 1.000 s"))))).text());
        assertThat(status.get("queued")).hasSize(2);
        assertThat(status.get("running").get("id").asLong()).isEqualTo(7);
        assertThat(status.get("activeCall").asText()).startsWith("cpu.online apply");
    }

    @Test
    void jsonEscapesControlCharactersAndQuotes() throws Exception {
        String text = Json.of(java.util.Map.of("k", "a\"b\\c\n\u0001")).text();
        assertThat(JSON.readTree(text).get("k").asText()).isEqualTo("a\"b\\c\n\u0001");
    }

    @Test
    void queueStatusSaysWhatRunsAndForHowLong() {
        String text = Render.text(new Views.QueueView(new QueueStatus(64, List.of(8L), Optional.empty(), 0, Optional.empty())));
        assertThat(text).contains("1 waiting of 64 (8)").contains("running:  nothing");
    }

    @Test
    void tablesAlignColumns() {
        StringBuilder sb = new StringBuilder();
        new Table("ID>", "NAME").row(1, "a").row(100, "bb").appendTo(sb, "");
        assertThat(sb.toString()).isEqualTo(" ID  NAME\n  1  a\n100  bb\n");
    }
}
