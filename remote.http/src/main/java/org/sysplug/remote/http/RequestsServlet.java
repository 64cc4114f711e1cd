package org.sysplug.remote.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.Status;
import org.sysplug.framework.Submission;
import org.sysplug.shell.JsonDocuments;

/**
 * {@code /api/v1/requests}: {@code POST} submits one request (202 and {@code Location}, or 200 with
 * {@code ?wait=SECONDS} once it ended), {@code GET} lists the recent ones newest first, {@code GET /ID}
 * shows one with its trace, {@code DELETE /ID} cancels it. The documents are those of
 * {@code sysplug:requests --json} and {@code sysplug:request --json ID}.
 *
 * <p>Every request submitted here has origin {@value #ORIGIN} and records who asked in its parameters:
 * {@code http.remote} (address:port), {@code http.token} (whether the bearer token was given) and, when
 * the client sent one, {@code http.idempotency-key}; the journal keeps them, so {@code sysplug:request ID}
 * shows them, after a restart too. A cancel here names its caller the same way in the request's failure
 * ({@code cancelled by http (http.remote=... http.token=...)}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(AccessContext.SELECT)
@HttpWhiteboardServletPattern({ ApiServlet.ROOT + "/requests", ApiServlet.ROOT + "/requests/*" })
public final class RequestsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    static final String ORIGIN = "http";
    /** The longest {@code ?wait=}: a client that wants longer asks again. */
    static final double MAX_WAIT_SECONDS = 300;

    private final transient RequestQueue queue;
    /** One submission at a time between looking a key up and submitting, so that two retries make one request. */
    private final transient Object keys = new Object();

    @Activate
    public RequestsServlet(@Reference RequestQueue queue) {
        this.queue = queue;
    }

    @Override
    String allowed(HttpServletRequest request) {
        // the collection takes new requests, one request can be cancelled
        String path = request.getPathInfo();
        return path == null || path.isEmpty() || path.equals("/") ? "GET, POST" : "GET, DELETE";
    }

    @Override
    void found(HttpServletRequest request) throws Refusal {
        id(request.getPathInfo());
    }

    @Override
    boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        Optional<Long> id = id(request.getPathInfo());
        switch (request.getMethod()) {
            case "GET" -> {
                if (id.isEmpty()) {
                    Responses.json(response, HttpServletResponse.SC_OK, JsonDocuments.requests(queue.recent()));
                } else {
                    Responses.json(response, HttpServletResponse.SC_OK, JsonDocuments.request(known(id.get())));
                }
                return true;
            }
            case "POST" -> {
                if (id.isPresent()) {
                    return false;
                }
                submit(request, response);
                return true;
            }
            case "DELETE" -> {
                if (id.isEmpty()) {
                    return false;
                }
                cancel(id.get(), request, response);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void submit(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        // the body before any parameter: asking for one makes the container read a form-encoded body as a form
        JsonNode body = jsonBody(request);
        double wait = waitSeconds(request.getParameter("wait"));
        HotplugRequest.Builder builder = SubmitBody.parse(body).origin(ORIGIN);
        AccessContext.origin(request).forEach(builder::parameter);
        String key = request.getHeader(IdempotencyKeys.HEADER);
        if (key != null) {
            builder.parameter(IdempotencyKeys.PARAMETER, IdempotencyKeys.check(key));
        }
        HotplugRequest asked = builder.build();

        long id;
        boolean replayed = false;
        Submission submission = null;
        synchronized (keys) {
            Optional<Outcome> earlier = key == null ? Optional.empty() : IdempotencyKeys.find(queue.recent(), key);
            if (earlier.isPresent()) {
                if (!IdempotencyKeys.sameAsked(earlier.get().request(), asked)) {
                    throw new Refusal(HttpServletResponse.SC_CONFLICT, IdempotencyKeys.HEADER + " '" + key
                            + "' was used for request " + earlier.get().id() + ", which asked for something else: "
                            + "use a new key for a new request");
                }
                id = earlier.get().id();
                replayed = true;
            } else {
                submission = queue.submit(asked);
                id = submission.id();
            }
        }
        Outcome outcome = await(id, wait);
        if (outcome.status() == Status.REJECTED && !replayed) {
            refuseRejected(outcome, response);
            return;
        }
        response.setHeader("Location", ROOT + "/requests/" + id);
        if (replayed) {
            response.setHeader("Idempotent-Replayed", "true");
        }
        Responses.json(response, outcome.status().isTerminal() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_ACCEPTED,
                JsonDocuments.request(outcome));
    }

    /** The queue turned the request away at once: 503 when it may take one later (full, stuck, stopping), 422 otherwise. */
    private static void refuseRejected(Outcome outcome, HttpServletResponse response) throws IOException {
        String code = outcome.failure().map(f -> f.code()).orElse("");
        boolean later = HotplugException.QUEUE_FULL.equals(code) || HotplugException.STUCK.equals(code);
        if (later) {
            response.setHeader("Retry-After", "5");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "request " + outcome.id() + " rejected: " + outcome.failure().map(f -> f.message()).orElse("by the queue"));
        body.put("request", JsonDocuments.request(outcome));
        Responses.json(response, later ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : 422, body);
    }

    private void cancel(long id, HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        if (queue.cancel(id, AccessContext.canceller(request))) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("cancelled", true);
            Responses.json(response, HttpServletResponse.SC_OK, body);
            return;
        }
        Outcome now = known(id);
        if (now.status() == Status.RUNNING) {
            throw new Refusal(HttpServletResponse.SC_CONFLICT, "request " + id + " is in its commit phase, which can neither be "
                    + "stopped nor undone: it ends on its own (GET " + ROOT + "/status shows the call)");
        }
        throw new Refusal(HttpServletResponse.SC_CONFLICT, "request " + id + " is neither queued nor running (it is "
                + now.status() + "): nothing to cancel");
    }

    /** Waits up to {@code seconds} for the request to end; its state then. */
    private Outcome await(long id, double seconds) throws Refusal {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        Outcome outcome = known(id);
        while (!outcome.status().isTerminal() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            outcome = known(id);
        }
        return outcome;
    }

    private Outcome known(long id) throws Refusal {
        return queue.find(id).orElseThrow(() -> new Refusal(HttpServletResponse.SC_NOT_FOUND,
                "no request " + id + " in the recent history: GET " + ROOT + "/requests lists the known ones"));
    }

    /** {@code /ID} below the servlet's path, or empty for the collection itself. */
    static Optional<Long> id(String pathInfo) throws Refusal {
        if (pathInfo == null || pathInfo.equals("/") || pathInfo.isEmpty()) {
            return Optional.empty();
        }
        String text = pathInfo.substring(1);
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return Optional.of(id);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "'" + org.sysplug.shell.ShellText.oneLine(text)
                + "' is not a request id: " + ROOT + "/requests/ID takes a number");
    }

    static double waitSeconds(String text) throws Refusal {
        if (text == null) {
            return 0;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (!(seconds >= 0) || seconds > MAX_WAIT_SECONDS) {
            throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "?wait= takes seconds from 0 to " + (int) MAX_WAIT_SECONDS);
        }
        return seconds;
    }
}
