package org.sysplug.firmware.acpi;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.firmware.acpi.core.AcpiNamespace;
import org.sysplug.firmware.acpi.core.OstReporter;
import org.sysplug.firmware.acpi.core.OstRules;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.PortException;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.acpi.OstStatus;

/**
 * DELETE_COMMIT 100, the ACPI bus: what cannot be undone, as Linux's {@code acpi_scan_hot_remove}
 * does it: {@code _PS3} (power off), {@code _LCK(0)} (unlock), {@code _EJ0}, then {@code _OST}
 * success. As in Linux, a failed {@code _PS3} or {@code _LCK} is noted and the eject goes on;
 * a failed {@code _EJ0} is reported to the firmware ({@code _OST} failure) and is this commit's
 * failure, as is a failed {@code _OST}. Every target is tried.
 */
@Component(service = HotplugHandler.class, name = EjectCommit.NAME)
@Handler(phase = Phase.DELETE_COMMIT, order = Order.DELETE_COMMIT_ACPI_BUS, kinds = Kind.HOTPLUG)
public final class EjectCommit implements HotplugHandler {

    static final String NAME = "acpi.eject.commit";

    private final AcpiPort firmware;
    private final OstReporter ost;

    @Activate
    public EjectCommit(@Reference AcpiPort firmware, @Reference OstReporter ost) {
        this.firmware = firmware;
        this.ost = ost;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        HotplugException first = null;
        for (String path : AcpiNamespace.targetPaths(context.request())) {
            HotplugException failure = eject(context, path);
            first = first == null ? failure : first;
        }
        if (first != null) {
            throw first;
        }
    }

    private HotplugException eject(RequestContext context, String path) {
        try {
            firmware.powerOff(path);
            context.note("_PS3 " + path);
        } catch (PortException e) {
            context.note("_PS3 " + path + " failed, ejecting anyway (as Linux does): " + e.describe());
        }
        try {
            firmware.lock(path, false);
            context.note("_LCK(0) " + path);
        } catch (PortException e) {
            context.note("_LCK(0) " + path + " failed, ejecting anyway (as Linux does): " + e.describe());
        }
        try {
            firmware.eject(path);
            context.note("_EJ0 " + path);
        } catch (PortException e) {
            ost.reportFailure(context, List.of(path), OstRules.failureStatus(context.request().operation(), e.code()));
            return new HotplugException(e.code(), path, "_EJ0 failed (" + e.getMessage() + "): the OS has let go of "
                    + path + " and its device objects are gone, but the firmware did not eject it; add it again with "
                    + "sysplug:add " + path + " to use it, or eject it again after that", e);
        }
        try {
            ost.report(context, path, OstStatus.SUCCESS);
        } catch (PortException e) {
            return new HotplugException(e.code(), path, path + " is ejected, but _OST failed (" + e.getMessage()
                    + "): the firmware was not told that the eject succeeded", e);
        }
        return null;
    }
}
