package org.sysplug.remote.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * GET /metrics in the servlet context {@code sysplug} (which admits loopback callers and asks
 * others for the token): Prometheus's text format 0.0.4, or OpenMetrics when the scraper's
 * Accept header asks for it, as Prometheus's own scraper does.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=" + MetricsServlet.PATH,
        "osgi.http.whiteboard.servlet.name=sysplug.metrics",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=" + MetricsServlet.CONTEXT + ")" })
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String PATH = "/metrics";
    static final String CONTEXT = "sysplug";

    private final transient MetricsRegistry registry;
    private final transient Logger log;

    @Activate
    public MetricsServlet(@Reference RequestMetrics requests, @Reference RequestQueue queue,
            @Reference MachineView machine, @Reference(service = LoggerFactory.class) Logger log) {
        this.registry = new MetricsRegistry(requests, queue, machine);
        this.log = log;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MetricsRegistry.Exposition exposition;
        try {
            // rendered whole before the answer starts, so that a failure is never half an exposition
            exposition = registry.expose(request.getHeader("Accept"));
        } catch (RuntimeException e) {
            // a scrape that fails (the machine's tree unreadable): one line to the scraper, the trace to the log
            log.error("GET {}: the metrics could not be read: {}", PATH, e.toString(), e);
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setContentType("text/plain; charset=utf-8");
            response.getOutputStream().write(("sysplug: the metrics could not be read (the machine did not answer); "
                    + "the sysplug log has the reason\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(exposition.contentType());
        response.setContentLength(exposition.body().length);
        response.getOutputStream().write(exposition.body());
    }
}
