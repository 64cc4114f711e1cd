package org.sysplug.remote.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What every servlet of the API shares: answers in JSON, a method it does not serve answered 405 with
 * the ones it does ({@code Allow}), HEAD served as GET without the body, OPTIONS answered with
 * {@code Allow} only, and a failure of its own answered 500 in one line (the servlet context's log has the
 * exception), never a stack trace or exception text on the wire.
 */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The API's root, below the context path {@code /}. */
    static final String ROOT = "/api/v1";

    /** Refuses a call in one line: the status and the message the caller sees. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The methods this servlet serves at the call's path, for 405's Allow header: HEAD and OPTIONS are added. */
    abstract String allowed(HttpServletRequest request);

    /** Refuses a call to a path this servlet has no resource at (404), whatever its method; nothing by default. */
    void found(HttpServletRequest request) throws Refusal {
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            found(request);
            String allow = allow(request);
            switch (request.getMethod()) {
                case "OPTIONS" -> {
                    // what a client may call here; no CORS header: a page of another origin stays refused
                    response.setHeader("Allow", allow);
                    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                    return;
                }
                case "HEAD" -> {
                    if (allow.contains("GET")) {
                        // the container sends a HEAD answer's headers only, the length of the GET's body included
                        serve(asGet(request), response);
                        return;
                    }
                }
                default -> {
                    if (serve(request, response)) {
                        return;
                    }
                }
            }
            response.setHeader("Allow", allow);
            Responses.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    request.getMethod() + " " + request.getRequestURI() + " is not served: use " + allowed(request));
        } catch (Refusal refusal) {
            Responses.error(response, refusal.status, refusal.getMessage());
        } catch (RuntimeException e) {
            log("sysplug API: " + request.getMethod() + " " + request.getRequestURI() + " failed", e);
            if (!response.isCommitted()) {
                response.reset();
                Responses.error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                        "internal error while serving " + request.getRequestURI() + " (the log has the details)");
            }
        }
    }

    private String allow(HttpServletRequest request) {
        String served = allowed(request);
        return served + (served.contains("GET") ? ", HEAD" : "") + ", OPTIONS";
    }

    private static HttpServletRequest asGet(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getMethod() {
                return "GET";
            }
        };
    }

    /** The call's body, read and checked as {@link JsonBody} says; null or a missing node when it is empty. */
    static JsonNode jsonBody(HttpServletRequest request) throws IOException, Refusal {
        JsonBody.checkType(request.getContentType());
        return JsonBody.read(request.getInputStream(), request.getContentLengthLong());
    }

    /** Serves the call; false when its method is not served here. */
    abstract boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal;
}
