package org.sysplug.remote.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.shell.JsonDocuments;

/**
 * The read-only resources: {@code GET /status}, {@code /handlers}, {@code /topology}, each the document
 * its {@code sysplug:... --json} command prints.
 */
final class ReadServlets {

    private ReadServlets() {
    }

    /** A resource that answers GET with one document, read at the moment of the call. */
    abstract static class Document extends ApiServlet {
        private static final long serialVersionUID = 1L;

        /** The document, as its command's {@code --json} prints it. */
        abstract Object document();

        @Override
        final String allowed(HttpServletRequest request) {
            return "GET";
        }

        @Override
        final boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!"GET".equals(request.getMethod())) {
                return false;
            }
            Responses.json(response, HttpServletResponse.SC_OK, document());
            return true;
        }
    }

    /** {@code GET /api/v1/status}: the queue, as {@code sysplug:status --json}. */
    @Component(service = Servlet.class)
    @HttpWhiteboardContextSelect(AccessContext.SELECT)
    @HttpWhiteboardServletPattern(ApiServlet.ROOT + "/status")
    public static final class Status extends Document {
        private static final long serialVersionUID = 1L;
        private final transient RequestQueue queue;

        @Activate
        public Status(@Reference RequestQueue queue) {
            this.queue = queue;
        }

        @Override
        Object document() {
            return JsonDocuments.queue(queue.status());
        }
    }

    /** {@code GET /api/v1/handlers}: the handlers, the refused ones and the order warnings, as {@code sysplug:handlers --json}. */
    @Component(service = Servlet.class)
    @HttpWhiteboardContextSelect(AccessContext.SELECT)
    @HttpWhiteboardServletPattern(ApiServlet.ROOT + "/handlers")
    public static final class Handlers extends Document {
        private static final long serialVersionUID = 1L;
        private final transient RequestQueue queue;

        @Activate
        public Handlers(@Reference RequestQueue queue) {
            this.queue = queue;
        }

        @Override
        Object document() {
            return JsonDocuments.handlers(queue.handlers(), queue.refusedHandlers());
        }
    }

    /** {@code GET /api/v1/topology}: the machine and its firmware namespace, as {@code sysplug:topology --json}. */
    @Component(service = Servlet.class)
    @HttpWhiteboardContextSelect(AccessContext.SELECT)
    @HttpWhiteboardServletPattern(ApiServlet.ROOT + "/topology")
    public static final class Topology extends Document {
        private static final long serialVersionUID = 1L;
        private final transient MachineView machine;
        private final transient AcpiPort firmware;

        @Activate
        public Topology(@Reference MachineView machine,
                @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) AcpiPort firmware) {
            this.machine = machine;
            this.firmware = firmware;
        }

        @Override
        Object document() {
            List<AcpiDevice> devices = Optional.ofNullable(firmware).map(AcpiPort::namespace).orElse(List.of());
            return JsonDocuments.topology(machine.describe(), machine.topology(), devices);
        }
    }
}
