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
 * ADD_EXECUTE 10, the ACPI bus: builds the device objects of every target's present subtree and
 * binds the internal drivers (Linux's {@code acpi_bus_scan}), and records them as the request's
 * devices. Rollback destroys exactly the objects it built.
 */
@Component(service = HotplugHandler.class, name = AddObjects.NAME)
@Handler(phase = Phase.ADD_EXECUTE, order = Order.ADD_EXECUTE_ACPI_BUS, kinds = Kind.HOTPLUG)
public final class AddObjects implements HotplugHandler {

    static final String NAME = "acpi.add.objects";
    private static final String BUILT = "built";
    private static final String DEVICES = "devices";

    private final AcpiNamespace namespace;

    @Activate
    public AddObjects(@Reference AcpiNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        // this module does the work for the request's firmware paths: it takes them
        context.request().targets().stream().filter(t -> t.isFirmwarePath()).forEach(context::claim);
        List<AcpiObject> built = new ArrayList<>();
        try {
            List<String> paths = AcpiNamespace.targetPaths(context.request());
        for (String path : paths) {
            context.progress(paths.indexOf(path), paths.size());
                List<AcpiObject> objects = namespace.build(path);
                built.addAll(objects);
                Records.changed(context, DeviceChange.Type.ADDED, objects);
                context.note("built " + objects.size() + " device objects at " + path + " ("
                        + AcpiNamespace.summary(objects) + ")");
            }
        } catch (HotplugException e) {
            namespace.destroy(built.stream().map(AcpiObject::path).toList());
            throw e;
        }
        context.memo().put(BUILT, built.stream().map(AcpiObject::path).toList());
        context.memo().put(DEVICES, Records.addDevices(context, built));
    }

    @Override
    public void rollback(RequestContext context) {
        List<String> built = Records.memoList(context, BUILT);
        namespace.destroy(built);
        Records.removeDevices(context, Records.memoList(context, DEVICES));
        context.note("destroyed the " + built.size() + " device objects built");
    }
}
