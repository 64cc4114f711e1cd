package org.sysplug.firmware.acpi;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.firmware.acpi.core.AcpiNamespace;
import org.sysplug.firmware.acpi.core.AcpiObject;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;

/**
 * DELETE_EXECUTE 100, the ACPI bus: after the CPU, memory and node modules let go of everything
 * below the targets, destroys their device objects and unbinds the drivers (Linux's
 * {@code acpi_bus_trim}). Rollback rebuilds exactly the objects it destroyed.
 */
@Component(service = HotplugHandler.class, name = EjectObjects.NAME)
@Handler(phase = Phase.DELETE_EXECUTE, order = Order.DELETE_EXECUTE_ACPI_BUS, kinds = Kind.HOTPLUG)
public final class EjectObjects implements HotplugHandler {

    static final String NAME = "acpi.eject.objects";
    private static final String DESTROYED = "destroyed";

    private final AcpiNamespace namespace;

    @Activate
    public EjectObjects(@Reference AcpiNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public void apply(RequestContext context) {
        // this module does the work for the request's firmware paths: it takes them
        context.request().targets().stream().filter(t -> t.isFirmwarePath()).forEach(context::claim);
        List<AcpiObject> destroyed = new ArrayList<>();
        List<String> paths = AcpiNamespace.targetPaths(context.request());
        for (String path : paths) {
            context.progress(paths.indexOf(path), paths.size());
            List<AcpiObject> gone = namespace.destroyAt(path);
            destroyed.addAll(gone);
            Records.changed(context, DeviceChange.Type.REMOVED, gone);
            context.note("destroyed " + gone.size() + " device objects at " + path + " ("
                    + AcpiNamespace.summary(gone) + ")");
        }
        context.memo().put(DESTROYED, destroyed);
    }

    @Override
    public void rollback(RequestContext context) throws HotplugException {
        List<AcpiObject> destroyed = Records.memoList(context, DESTROYED);
        namespace.restore(destroyed);
        context.note("rebuilt the " + destroyed.size() + " device objects destroyed");
    }
}
