package org.sysplug.remote.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Target;

class SubmitBodyTest {

    private static HotplugRequest parse(String json) throws Exception {
        return SubmitBody.parse(Responses.JSON.readTree(json)).origin("http").build();
    }

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ApiServlet.Refusal.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ApiServlet.Refusal) e).status).isEqualTo(400))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception"));
    }

    @Test
    void aFullBodyIsTheRequestTheShellWouldMake() throws Exception {
        HotplugRequest r = parse("""
                {"operation":"offline","targets":["cpu2","cpu3"],"dryRun":true,"deadlineSeconds":30,"parameters":{"zone":"movable","n":3}}""");
        assertThat(r.operation()).isEqualTo(Operation.OFFLINE);
        assertThat(r.targets()).containsExactly(new Target("cpu2"), new Target("cpu3"));
        assertThat(r.dryRun()).isTrue();
        assertThat(r.deadline()).contains(Duration.ofSeconds(30));
        assertThat(r.parameters()).isEqualTo(Map.of("zone", "movable", "n", "3"));
        assertThat(r.origin()).isEqualTo("http");
    }

    @Test
    void operationsAndNamesAreSpeltAsAtTheShell() throws Exception {
        assertThat(parse("{\"operation\":\"eject\",\"targets\":[\"\\\\_sb.nod1\"]}").targets())
                .containsExactly(new Target("\\_SB.NOD1"));
        assertThat(parse("{\"operation\":\"hot-add\",\"targets\":[\"node1\"]}").operation()).isEqualTo(Operation.HOT_ADD);
        HotplugRequest minimal = parse("{\"operation\":\"online\",\"targets\":[\"memory40\"]}");
        assertThat(minimal.dryRun()).isFalse();
        assertThat(minimal.deadline()).isEqualTo(Optional.empty());
    }

    @Test
    void aBadOperationOrDeviceGetsTheShellsMessage() {
        refused("{\"operation\":\"offlin\",\"targets\":[\"cpu2\"]}",
                "unknown operation 'offlin': use one of hot-add, hot-remove (eject), online, offline");
        refused("{\"operation\":\"offline\",\"targets\":[\"cpu/../x\"]}", "invalid device name 'cpu/../x'");
        refused("{\"operation\":\"offline\",\"targets\":[\"_SB.NOD1\"]}", "a firmware path starts with a backslash");
    }

    @Test
    void whatIsMissingOrMisspeltIsNamed() {
        refused("[]", "the body must be a JSON object");
        refused("{\"targets\":[\"cpu2\"]}", "'operation' must be a string");
        refused("{\"operation\":\"offline\"}", "'targets' must be a non-empty list");
        refused("{\"operation\":\"offline\",\"targets\":[]}", "'targets' must be a non-empty list");
        refused("{\"operation\":\"offline\",\"targets\":[5]}", "device names as strings");
        refused("{\"operation\":\"offline\",\"targets\":[\"cpu2\"],\"dryrun\":true}", "unknown field 'dryrun'");
        refused("{\"operation\":\"offline\",\"targets\":[\"cpu2\"],\"dryRun\":\"yes\"}", "'dryRun' must be true or false");
        refused("{\"operation\":\"offline\",\"targets\":[\"cpu2\"],\"deadlineSeconds\":-1}", "'deadlineSeconds' must be a positive");
        refused("{\"operation\":\"offline\",\"targets\":[\"cpu2\"],\"parameters\":{\"z\":{}}}", "must be a string, number or boolean");
    }

    @Test
    void aCallerCannotForgeTheOriginParameters() {
        refused("{\"operation\":\"offline\",\"targets\":[\"cpu2\"],\"parameters\":{\"http.remote\":\"10.0.0.1:1\"}}",
                "parameter name 'http.remote' is not allowed");
        refused("{\"operation\":\"offline\",\"targets\":[\"cpu2\"],\"parameters\":{\"a=b\":\"c\"}}", "is not allowed");
    }

    @Test
    void aKeyFindsItsRequestAndTellsAnotherBodyApart() throws Exception {
        HotplugRequest first = SubmitBody.parse(json("{\"operation\":\"offline\",\"targets\":[\"cpu2\"]}"))
                .parameter(IdempotencyKeys.PARAMETER, "k1").parameter("http.remote", "127.0.0.1:40000").build();
        HotplugRequest retry = SubmitBody.parse(json("{\"operation\":\"offline\",\"targets\":[\"cpu2\"]}"))
                .parameter(IdempotencyKeys.PARAMETER, "k1").parameter("http.remote", "127.0.0.1:40001").build();
        assertThat(IdempotencyKeys.sameAsked(first, retry)).isTrue();
        for (String other : List.of("{\"operation\":\"online\",\"targets\":[\"cpu2\"]}",
                "{\"operation\":\"offline\",\"targets\":[\"cpu3\"]}",
                "{\"operation\":\"offline\",\"targets\":[\"cpu2\"],\"dryRun\":true}",
                "{\"operation\":\"offline\",\"targets\":[\"cpu2\"],\"deadlineSeconds\":5}",
                "{\"operation\":\"offline\",\"targets\":[\"cpu2\"],\"parameters\":{\"zone\":\"movable\"}}")) {
            assertThat(IdempotencyKeys.sameAsked(first, SubmitBody.parse(json(other)).build())).as(other).isFalse();
        }
    }

    @Test
    void aKeyIsVisibleAsciiOfBoundedLength() throws Exception {
        assertThat(IdempotencyKeys.check("3f2a-9c:x_y.z")).isEqualTo("3f2a-9c:x_y.z");
        assertThatThrownBy(() -> IdempotencyKeys.check("")).isInstanceOf(ApiServlet.Refusal.class);
        assertThatThrownBy(() -> IdempotencyKeys.check("a b")).isInstanceOf(ApiServlet.Refusal.class);
        assertThatThrownBy(() -> IdempotencyKeys.check("é")).isInstanceOf(ApiServlet.Refusal.class);
        assertThatThrownBy(() -> IdempotencyKeys.check("k".repeat(129))).isInstanceOf(ApiServlet.Refusal.class);
    }

    @Test
    void pathsAndWaitsAreChecked() throws Exception {
        assertThat(RequestsServlet.id(null)).isEmpty();
        assertThat(RequestsServlet.id("/")).isEmpty();
        assertThat(RequestsServlet.id("/42")).contains(42L);
        assertThatThrownBy(() -> RequestsServlet.id("/0")).isInstanceOf(ApiServlet.Refusal.class);
        assertThatThrownBy(() -> RequestsServlet.id("/x")).hasMessageContaining("is not a request id");
        assertThat(RequestsServlet.waitSeconds(null)).isZero();
        assertThat(RequestsServlet.waitSeconds("2.5")).isEqualTo(2.5);
        assertThatThrownBy(() -> RequestsServlet.waitSeconds("-1")).isInstanceOf(ApiServlet.Refusal.class);
        assertThatThrownBy(() -> RequestsServlet.waitSeconds("NaN")).isInstanceOf(ApiServlet.Refusal.class);
        assertThatThrownBy(() -> RequestsServlet.waitSeconds("301")).isInstanceOf(ApiServlet.Refusal.class);
    }

    private static JsonNode json(String text) throws Exception {
        return Responses.JSON.readTree(text);
    }
}
