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
 * DELETE_VALIDATE 0, the ACPI bus: every target is a device the OS enumerated (it has device
 * objects), still present, with {@code _EJ0}, and its class's hot-plug profile is enabled. It
 * runs first, so its rollback runs last on any rollback of an eject and reports the failure to the
 * firmware: device-busy when the eject failed busy (something below still online under
 * demand-offline, or unmovable pages a resource module could not offline), else non-specific
 * failure. Its own refusals report
 * eject-not-supported (no {@code _EJ0}, profile disabled) or non-specific failure before it throws.
 */
@Component(service = HotplugHandler.class, name = EjectValidate.NAME)
@Handler(phase = Phase.DELETE_VALIDATE, order = Order.DELETE_VALIDATE_ACPI_BUS, kinds = Kind.HOTPLUG)
public final class EjectValidate implements HotplugHandler {

    static final String NAME = "acpi.eject.validate";

    private final AcpiNamespace namespace;
    private final AcpiPort firmware;
    private final OstReporter ost;

    @Activate
    public EjectValidate(@Reference AcpiNamespace namespace, @Reference AcpiPort firmware,
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
                + String.join(" ", AcpiNamespace.targetPaths(request)) + " enumerated, present, ejectable");
    }

    @Override
    public void rollback(RequestContext context) {
        // why the eject is rolled back, whichever module refused: EBUSY (unmovable pages, something
        // still online) is device-busy, as acpi_device_hotplug reports it
        ost.reportFailure(context, AcpiNamespace.targetPaths(context.request()), OstRules.rollbackStatus(context));
    }

    private Optional<HotplugException> check(HotplugRequest request) {
        Optional<String> badEvent = OstRules.checkEvent(request);
        if (badEvent.isPresent()) {
            return Optional.of(new HotplugException(HotplugException.EINVAL, null, badEvent.get()));
        }
        for (Target t : request.targets()) {
            if (!t.isFirmwarePath()) {
                return Optional.of(new HotplugException(HotplugException.EINVAL, t.name(), "eject takes a firmware "
                        + "namespace path such as \\_SB.NOD1, not a kernel device name; to take a CPU or memory block "
                        + "offline use sysplug:offline"));
            }
        }
        for (String path : AcpiNamespace.targetPaths(request)) {
            Optional<AcpiDevice> found = firmware.device(path);
            if (found.isEmpty()) {
                return refuse(HotplugException.ENODEV, path, "no device " + path + " in the firmware namespace");
            }
            AcpiDevice d = found.get();
            if (!namespace.hasObject(path)) {
                return refuse(HotplugException.ENODEV, path, path + " has no device object: it was never added, "
                        + "or it is ejected already");
            }
            if (!d.present()) {
                return refuse(HotplugException.ENODEV, path, path + " is not present any more (_STA 0x"
                        + Integer.toHexString(d.sta()) + ") though the OS still has its device objects: it was "
                        + "removed without an eject");
            }
            if (!d.ejectable()) {
                return refuse(HotplugException.EPERM, path, path + " has no _EJ0: it cannot be ejected on its own"
                        + holderHint(path));
            }
            String cls = d.hotplugClass();
            if (!cls.isEmpty() && !firmware.profileEnabled(cls)) {
                return refuse(HotplugException.EPERM, path, "hot-plug of class " + cls + " is disabled "
                        + "(" + firmware.profileFile(cls) + " is not 1): enable the " + cls
                        + " profile to eject " + path);
            }
        }
        return Optional.empty();
    }

    /** {@code ; eject \_SB.NOD1, which holds it} when a device above it has {@code _EJ0}. */
    private String holderHint(String path) {
        for (String p = AcpiNamespace.parentPath(path); p != null; p = AcpiNamespace.parentPath(p)) {
            Optional<AcpiDevice> d = firmware.device(p);
            if (d.isPresent() && d.get().ejectable()) {
                return "; eject " + p + ", which holds it";
            }
        }
        return "";
    }

    private static Optional<HotplugException> refuse(String code, String path, String message) {
        return Optional.of(new HotplugException(code, path, message));
    }
}
