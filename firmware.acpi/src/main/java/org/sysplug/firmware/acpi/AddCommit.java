package org.sysplug.firmware.acpi;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.firmware.acpi.core.AcpiNamespace;
import org.sysplug.firmware.acpi.core.OstReporter;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.platform.PortException;
import org.sysplug.platform.acpi.OstStatus;

/**
 * ADD_COMMIT 10, the ACPI bus: tells the firmware the hot-add succeeded ({@code _OST} success for
 * the source event) on every target. A failed {@code _OST} is this commit's failure: the device is
 * added, but the firmware may believe it was not.
 */
@Component(service = HotplugHandler.class, name = AddCommit.NAME)
@Handler(phase = Phase.ADD_COMMIT, order = Order.ADD_COMMIT_ACPI_BUS, kinds = Kind.HOTPLUG)
public final class AddCommit implements HotplugHandler {

    static final String NAME = "acpi.add.commit";

    private final OstReporter ost;

    @Activate
    public AddCommit(@Reference OstReporter ost) {
        this.ost = ost;
    }

    @Override
    public void apply(RequestContext context) throws HotplugException {
        HotplugException first = null;
        for (String path : AcpiNamespace.targetPaths(context.request())) {
            try {
                ost.report(context, path, OstStatus.SUCCESS);
            } catch (PortException e) {
                HotplugException failure = new HotplugException(e.code(), path, path + " is added, but _OST failed ("
                        + e.getMessage() + "): the firmware was not told that the insertion succeeded", e);
                first = first == null ? failure : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
