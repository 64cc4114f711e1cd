package org.sysplug.remote.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.sysplug.doctor.Doctor;
import org.sysplug.doctor.Report;
import org.sysplug.framework.HotplugRequest;

/**
 * {@code /api/v1/doctor}: {@code GET} examines the machine, {@code POST {"planned":[REQUEST...]}} also
 * tries each planned request (the body of {@code POST /requests}) as a dry run: "can I unplug node1?".
 * The Doctor service comes and goes with its bundle: without it the answer is 503, saying so.
 *
 * <p>The document is {@link org.sysplug.doctor.Report#document()}, as {@code sysplug:doctor --json} prints it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(AccessContext.SELECT)
@HttpWhiteboardServletPattern(ApiServlet.ROOT + "/doctor")
public final class DoctorServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** The most planned requests one call examines (each runs as a dry run and takes a place in the history). */
    static final int MAX_PLANNED = 16;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Doctor doctor;

    @Override
    String allowed(HttpServletRequest request) {
        return "GET, POST";
    }

    @Override
    boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        List<HotplugRequest> planned;
        switch (request.getMethod()) {
            case "GET" -> planned = List.of();
            case "POST" -> planned = planned(request);
            default -> {
                return false;
            }
        }
        Doctor now = doctor;
        if (now == null) {
            throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the doctor is not running (no Doctor service: is the doctor bundle installed and active? 'lb doctor')");
        }
        Responses.json(response, HttpServletResponse.SC_OK, now.examine(planned).document());
        return true;
    }

    /** {@code {"planned":[...]}}: each a request body, marked a dry run, with origin {@code http}. */
    private static List<HotplugRequest> planned(HttpServletRequest request) throws IOException, Refusal {
        JsonNode body = jsonBody(request);
        if (body == null || body.isMissingNode()) {
            return List.of();
        }
        if (!body.isObject()) {
            throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "the body must be {\"planned\":[{\"operation\":...,\"targets\":[...]}]}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!"planned".equals(name)) {
                throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "unknown field '" + org.sysplug.shell.ShellText.oneLine(name)
                        + "': the body has one field, planned");
            }
        }
        JsonNode list = body.get("planned");
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "'planned' must be a list of requests");
        }
        if (list.size() > MAX_PLANNED) {
            // each is a dry run in the bounded history: an unbounded list would push real requests (and their
            // Idempotency-Keys) out of it
            throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "'planned' has " + list.size() + " requests; at most "
                    + MAX_PLANNED + " are examined in one call: ask about the others in another");
        }
        List<HotplugRequest> planned = new ArrayList<>();
        int i = 0;
        for (JsonNode one : list) {
            try {
                if (one.isObject() && one.get("dryRun") != null && one.get("dryRun").isBoolean()
                        && !one.get("dryRun").booleanValue()) {
                    throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "'dryRun' false: the doctor only tries a "
                            + "request as a dry run; leave dryRun out, or POST it to /api/v1/requests to have it done");
                }
                HotplugRequest.Builder builder = SubmitBody.parse(one).origin(RequestsServlet.ORIGIN).dryRun(true);
                AccessContext.origin(request).forEach(builder::parameter);
                planned.add(builder.build());
            } catch (Refusal e) {
                throw new Refusal(e.status, "planned[" + i + "]: " + e.getMessage());
            }
            i++;
        }
        return planned;
    }
}
