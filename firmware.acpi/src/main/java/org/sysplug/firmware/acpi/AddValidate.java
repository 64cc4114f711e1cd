package org.sysplug.firmware.acpi;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.firmware.acpi.core.AcpiNamespace;
import org.sysplug.firmware.acpi.core.OstReporter;
import org.sysplug.firmware.acpi.core.OstRules;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Target;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;

/**
 * ADD_VALIDATE 0, the ACPI bus: every target is a device of the namespace that is present and
 * enabled ({@code _STA}), not enumerated yet, under a parent that is, and its class's hot-plug
 * profile is enabled. It runs first, so its rollback runs last on any rollback of a hot-add: it
 * reports the failure to the firmware ({@code _OST} non-specific failure). When it refuses itself
 * it is not rolled back, so it reports before it throws.
 */
@Component(service = HotplugHandler.class, name = AddValidate.NAME)
@Handler(phase = Phase.ADD_VALIDATE, order = Order.ADD_VALIDATE_ACPI_BUS, kinds = Kind.HOTPLUG)
public final class AddValidate implements HotplugHandler {

    static final String NAME = "acpi.add.validate";

    private final AcpiNamespace namespace;
    private final AcpiPort firmware;
    private final OstReporter ost;

    @Activate
    public AddValidate(@Reference AcpiNamespace namespace, @Reference AcpiPort firmware,
            @Reference OstReporter ost) {
        this.namespace = namespace;
        this.firmware = firmware;
        this.ost = ost;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        HotplugRequest request = context.request();
        Optional<HotplugException> refusal = check(request);
        if (refusal.isPresent()) {
            ost.reportFailure(context, AcpiNamespace.targetPaths(request),
                    OstRules.failureStatus(request.operation(), refusal.get().code()));
            throw refusal.get();
        }
        // every target is a firmware path of this namespace (checked above): this module checks them
        // (what a dry run needs; the execute handlers take them for a request that runs)
        request.targets().forEach(context::claim);
        context.note("event " + OstRules.event(request) + ": "
                + String.join(" ", AcpiNamespace.targetPaths(request)) + " present, enabled, not enumerated yet");
    }

    @Override
    public void rollback(RequestContext context) {
        ost.reportFailure(context, AcpiNamespace.targetPaths(context.request()), OstRules.rollbackStatus(context));
    }

    private Optional<HotplugException> check(HotplugRequest request) {
        Optional<String> badEvent = OstRules.checkEvent(request);
        if (badEvent.isPresent()) {
            return Optional.of(new HotplugException(HotplugException.EINVAL, null, badEvent.get()));
        }
        for (Target t : request.targets()) {
            if (!t.isFirmwarePath()) {
                return Optional.of(new HotplugException(HotplugException.EINVAL, t.name(), "hot-add takes a firmware "
                        + "namespace path such as \\_SB.NOD1, not a kernel device name; to bring a CPU or memory block "
                        + "online use sysplug:online"));
            }
        }
        for (String path : AcpiNamespace.targetPaths(request)) {
            Optional<AcpiDevice> found = firmware.device(path);
            if (found.isEmpty()) {
                return refuse(HotplugException.ENODEV, path, "no device " + path + " in the firmware namespace");
            }
            AcpiDevice d = found.get();
            if (!d.present()) {
                return refuse(HotplugException.ENODEV, path, path + " is not present (_STA 0x" + Integer.toHexString(d.sta())
                        + "): its slot is empty; put the hardware in before adding it");
            }
            if (!d.enabled()) {
                return refuse(HotplugException.ENODEV, path, path + " is present but not enabled (_STA 0x"
                        + Integer.toHexString(d.sta()) + "): the firmware keeps it disabled");
            }
            if (namespace.hasObject(path)) {
                return refuse(HotplugException.EINVAL, path, path + " is added already (the OS has its device objects): "
                        + "there is nothing to add; eject it to add it again");
            }
            String parent = AcpiNamespace.parentPath(path);
            if (parent != null && firmware.device(parent).isPresent() && !namespace.hasObject(parent)) {
                return refuse(HotplugException.ENODEV, path, "its parent " + parent + " is not added (it has no device "
                        + "object): add " + parent + " instead, which adds " + path + " with it");
            }
            String cls = d.hotplugClass();
            if (!cls.isEmpty() && !firmware.profileEnabled(cls)) {
                return refuse(HotplugException.EPERM, path, "hot-plug of class " + cls + " is disabled "
                        + "(" + firmware.profileFile(cls) + " is not 1): enable the " + cls
                        + " profile to add " + path);
            }
        }
        return Optional.empty();
    }

    private static Optional<HotplugException> refuse(String code, String path, String message) {
        return Optional.of(new HotplugException(code, path, message));
    }
}
