package org.sysplug.firmware.acpi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;

/** The {@code _OST} rules: the source event a request reports on, and the status of a failure. */
class OstRulesTest {

    @Test
    void ostEventComesFromTheNotificationElseFromTheOperation() {
        assertThat(OstRules.event(HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1").build()))
                .isEqualTo(OstEvent.DEVICE_CHECK);
        assertThat(OstRules.event(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD1").build()))
                .isEqualTo(OstEvent.EJECT);
        assertThat(OstRules.event(HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1")
                .parameter(OstRules.EVENT_PARAMETER, "bus_check").build())).isEqualTo(OstEvent.BUS_CHECK);
        assertThat(OstRules.event(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD1")
                .parameter(OstRules.EVENT_PARAMETER, "EJECT_REQUEST").build())).isEqualTo(OstEvent.EJECT_REQUEST);
        assertThat(OstRules.checkEvent(HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1")
                .parameter(OstRules.EVENT_PARAMETER, "nope").build())).isPresent();
    }

    @Test
    void ostStatusOfAFailureFollowsLinux() {
        assertThat(OstRules.failureStatus(Operation.HOT_REMOVE, "EPERM")).isEqualTo(OstStatus.EJECT_NOT_SUPPORTED);
        assertThat(OstRules.failureStatus(Operation.HOT_REMOVE, "EBUSY")).isEqualTo(OstStatus.DEVICE_BUSY);
        assertThat(OstRules.failureStatus(Operation.HOT_REMOVE, "EIO")).isEqualTo(OstStatus.NON_SPECIFIC_FAILURE);
        assertThat(OstRules.failureStatus(Operation.HOT_ADD, "EPERM")).isEqualTo(OstStatus.NON_SPECIFIC_FAILURE);
        assertThat(OstRules.failureStatus(Operation.HOT_ADD, "EBUSY")).isEqualTo(OstStatus.NON_SPECIFIC_FAILURE);
    }
}
