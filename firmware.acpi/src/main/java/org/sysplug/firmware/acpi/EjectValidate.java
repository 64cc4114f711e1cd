package org.sysplug.firmware.acpi;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.firmware.acpi.core.AcpiCore;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.Target;
import org.sysplug.platform.acpi.AcpiDevice;

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

    private final AcpiCore core;

    @Activate
    public EjectValidate(@Reference AcpiCore core) {
        this.core = core;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        HotplugRequest request = context.request();
        Optional<HotplugException> refusal = check(request);
        if (refusal.isPresent()) {
            core.ostFailure(context, AcpiCore.targetPaths(request),
                    AcpiCore.failureStatus(Operation.HOT_REMOVE, refusal.get().code()));
            throw refusal.get();
        }
        context.note("event " + core.event(request) + ": " + String.join(" ", AcpiCore.targetPaths(request))
                + " enumerated, present, ejectable");
    }

    @Override
    public void rollback(RequestContext context) {
        // why the eject is rolled back, whichever module refused: EBUSY (unmovable pages, something
        // still online) is device-busy, as acpi_device_hotplug reports it
        core.ostFailure(context, AcpiCore.targetPaths(context.request()), AcpiCore.rollbackStatus(context));
    }

    private Optional<HotplugException> check(HotplugRequest request) {
        Optional<String> badEvent = AcpiCore.checkEvent(request);
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
        for (String path : AcpiCore.targetPaths(request)) {
            Optional<AcpiDevice> found = core.firmwareDevice(path);
            if (found.isEmpty()) {
                return refuse(HotplugException.ENODEV, path, "no device " + path + " in the firmware namespace");
            }
            AcpiDevice d = found.get();
            if (!core.hasObject(path)) {
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
            if (!cls.isEmpty() && !core.firmware().profileEnabled(cls)) {
                return refuse(HotplugException.EPERM, path, "hot-plug of class " + cls + " is disabled "
                        + "(/sys/firmware/acpi/hotplug/" + cls + "/enabled is 0): enable the " + cls
                        + " profile to eject " + path);
            }
        }
        return Optional.empty();
    }

    /** {@code ; eject \_SB.NOD1, which holds it} when a device above it has {@code _EJ0}. */
    private String holderHint(String path) {
        for (String p = AcpiCore.parentPath(path); p != null; p = AcpiCore.parentPath(p)) {
            Optional<AcpiDevice> d = core.firmwareDevice(p);
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
