package org.sysplug.remote.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.shell.ShellText;

/**
 * The body of {@code POST /requests} (and each planned request of {@code POST /doctor}):
 * <pre>{"operation":"offline","targets":["cpu2","cpu3"],"dryRun":false,"deadlineSeconds":30,"parameters":{"zone":"movable"}}</pre>
 * Operations and device names parse as {@code sysplug:submit} parses them ({@link Operation#parse},
 * {@link org.sysplug.framework.Target#of}), and a bad one is refused with the same one-line message.
 * Unknown fields are refused (a misspelt {@code dryrun} must not turn a dry run into a real one).
 */
final class SubmitBody {

    /** Parameters the API sets itself, which a caller may not: the request's origin and key. */
    static final String RESERVED_PREFIX = "http.";

    private static final Set<String> FIELDS = Set.of("operation", "targets", "dryRun", "deadlineSeconds", "parameters");

    private SubmitBody() {
    }

    /**
     * A request builder from a JSON body, origin and the API's own parameters not yet set.
     *
     * @throws ApiServlet.Refusal 400 naming what is wrong
     */
    static HotplugRequest.Builder parse(JsonNode body) throws ApiServlet.Refusal {
        if (body == null || !body.isObject()) {
            throw bad("the body must be a JSON object such as {\"operation\":\"offline\",\"targets\":[\"cpu3\"]}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw bad("unknown field '" + ShellText.oneLine(name) + "': the fields are operation, targets, dryRun, deadlineSeconds, parameters");
            }
        }
        JsonNode operation = body.get("operation");
        if (operation == null || !operation.isTextual()) {
            throw bad("'operation' must be a string: hot-add, hot-remove (eject), online or offline");
        }
        JsonNode targets = body.get("targets");
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            throw bad("'targets' must be a non-empty list of device names, e.g. [\"cpu5\"]");
        }
        HotplugRequest.Builder builder;
        try {
            builder = HotplugRequest.of(Operation.parse(operation.asText()));
            for (JsonNode target : targets) {
                if (!target.isTextual()) {
                    throw bad("'targets' must hold device names as strings, got " + ShellText.oneLine(target.toString()));
                }
                builder.target(target.asText());
            }
        } catch (IllegalArgumentException e) {
            throw bad(ShellText.oneLine(e.getMessage()));
        }
        JsonNode dryRun = body.get("dryRun");
        if (dryRun != null && !dryRun.isNull()) {
            if (!dryRun.isBoolean()) {
                throw bad("'dryRun' must be true or false");
            }
            builder.dryRun(dryRun.booleanValue());
        }
        JsonNode deadline = body.get("deadlineSeconds");
        if (deadline != null && !deadline.isNull()) {
            double seconds = deadline.isNumber() ? deadline.doubleValue() : -1;
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw bad("'deadlineSeconds' must be a positive number of seconds (0: no deadline)");
            }
            if (seconds > 0) {
                // at least a millisecond, as sysplug:submit --deadline: a tiny deadline asks for one, not for none
                builder.deadline(Duration.ofMillis(Math.max(1, Math.round(seconds * 1000))));
            }
        }
        JsonNode parameters = body.get("parameters");
        if (parameters != null && !parameters.isNull()) {
            if (!parameters.isObject()) {
                throw bad("'parameters' must be an object of names and values, e.g. {\"zone\":\"movable\"}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> p = it.next();
                String name = p.getKey();
                if (name.isEmpty() || name.startsWith(RESERVED_PREFIX) || name.contains("=") || !ShellText.oneLine(name).equals(name)) {
                    throw bad("parameter name '" + ShellText.oneLine(name) + "' is not allowed (not empty, no '=', not starting with "
                            + RESERVED_PREFIX + ")");
                }
                if (!p.getValue().isValueNode() || p.getValue().isNull()) {
                    throw bad("parameter '" + name + "' must be a string, number or boolean");
                }
                builder.parameter(name, p.getValue().asText());
            }
        }
        return builder;
    }

    private static ApiServlet.Refusal bad(String message) {
        return new ApiServlet.Refusal(HttpServletResponse.SC_BAD_REQUEST, message);
    }
}
