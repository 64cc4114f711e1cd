package org.sysplug.remote.metrics;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
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

    @Activate
    public MetricsServlet(@Reference RequestMetrics requests, @Reference RequestQueue queue,
            @Reference MachineView machine) {
        this.registry = new MetricsRegistry(requests, queue, machine);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExpositionFormatWriter writer = registry.writerFor(request.getHeader("Accept"));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(writer.getContentType());
        try (OutputStream out = response.getOutputStream()) {
            writer.write(out, registry.scrape());
        }
    }
}
