package org.sysplug.remote.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The default servlet of the {@code sysplug} context: it answers every path no other servlet serves, so
 * that no answer is the server's HTML page. {@code GET /} and {@code GET /api} point at the API,
 * {@code GET /api/v1} lists its resources, and any other path is a JSON 404 naming them. It stands behind
 * the context's access rule like every servlet: a caller the rule refuses learns nothing here either.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(AccessContext.SELECT)
@HttpWhiteboardServletPattern("/")
public final class IndexServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** The API's resources, as a client calls them. */
    static final List<String> RESOURCES = List.of(ROOT + "/requests", ROOT + "/requests/ID", ROOT + "/status",
            ROOT + "/topology", ROOT + "/handlers", ROOT + "/doctor");

    @Override
    String allowed(HttpServletRequest request) {
        return "GET";
    }

    @Override
    void found(HttpServletRequest request) throws Refusal {
        if (!index(path(request)) && !pointer(path(request))) {
            throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "no resource at " + org.sysplug.shell.ShellText.oneLine(
                    request.getRequestURI()) + ": the API's resources are " + String.join(", ", RESOURCES));
        }
    }

    @Override
    boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("api", ROOT);
        if (index(path(request))) {
            body.put("resources", RESOURCES);
        }
        Responses.json(response, HttpServletResponse.SC_OK, body);
        return true;
    }

    /** The path below the context, as the container decoded and normalized it. */
    private static String path(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static boolean pointer(String path) {
        return path.isEmpty() || path.equals("/") || path.equals("/api");
    }

    private static boolean index(String path) {
        return path.equals(ROOT);
    }
}
