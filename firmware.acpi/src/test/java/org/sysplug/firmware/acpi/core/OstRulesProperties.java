package org.sysplug.firmware.acpi.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;

/**
 * The {@code _OST} rules for every error code and every operation, and for every way of writing
 * the source event: the statuses acpi_device_hotplug reports, and the event the request names.
 */
class OstRulesProperties {

    /** Every code a handler or the framework fails with, and codes nobody defined. */
    @Provide
    Arbitrary<String> codes() {
        return Arbitraries.oneOf(
                Arbitraries.of(HotplugException.EBUSY, HotplugException.EINVAL, HotplugException.EPERM,
                        HotplugException.ENODEV, HotplugException.EAGAIN, HotplugException.EIO,
                        HotplugException.CANCELLED, HotplugException.DEADLINE, HotplugException.QUEUE_FULL,
                        HotplugException.HANDLER_GONE, HotplugException.NO_HANDLER, HotplugException.HANDLER_ERROR),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(12),
                // the two codes that matter, as a handler might mistype them: not the same code
                Arbitraries.of("eperm", "ebusy", " EBUSY", "EPERM "));
    }

    @Property
    void aFailedEjectReportsWhatLinuxReportsAndEveryOtherFailureIsNonSpecific(
            @ForAll Operation operation, @ForAll("codes") String code) {
        OstStatus status = OstRules.failureStatus(operation, code);

        OstStatus linux = operation != Operation.HOT_REMOVE ? OstStatus.NON_SPECIFIC_FAILURE
                : code.equals("EPERM") ? OstStatus.EJECT_NOT_SUPPORTED
                : code.equals("EBUSY") ? OstStatus.DEVICE_BUSY
                : OstStatus.NON_SPECIFIC_FAILURE;
        assertThat(status).as(operation + " failed with " + code).isEqualTo(linux);
        assertThat(status).isNotEqualTo(OstStatus.SUCCESS);
    }

    /** An event name as someone may write it: any case, dashes for underscores, blanks around. */
    @Provide
    Arbitrary<String> spellings() {
        return Arbitraries.of(OstEvent.values()).flatMap(e -> Arbitraries.of(
                e.name(),
                e.name().toLowerCase(Locale.ROOT),
                e.name().replace('_', '-'),
                " " + e.name().toLowerCase(Locale.ROOT).replace('_', '-') + "\t"));
    }

    @Property
    void aNamedEventIsTheEventWhateverTheOperation(@ForAll Operation operation, @ForAll("spellings") String spelling) {
        HotplugRequest request = HotplugRequest.of(operation, "\\_SB.NOD1").parameter(OstRules.EVENT_PARAMETER, spelling)
                .build();

        OstEvent expected = OstEvent.valueOf(spelling.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        assertThat(OstRules.event(request)).isEqualTo(expected);
        assertThat(OstRules.checkEvent(request)).isEmpty();
    }

    @Property
    void anythingElseIsRefusedAndTheOperationChoosesTheEvent(@ForAll Operation operation,
            @ForAll("notAnEvent") String text) {
        HotplugRequest request = HotplugRequest.of(operation, "\\_SB.NOD1").parameter(OstRules.EVENT_PARAMETER, text)
                .build();

        Optional<String> refusal = OstRules.checkEvent(request);
        assertThat(refusal).hasValueSatisfying(m -> assertThat(m).contains(OstRules.EVENT_PARAMETER + "=" + text,
                "BUS_CHECK, DEVICE_CHECK, EJECT_REQUEST or EJECT"));
        assertThat(OstRules.event(request))
                .isEqualTo(operation == Operation.HOT_REMOVE ? OstEvent.EJECT : OstEvent.DEVICE_CHECK);
    }

    @Provide
    Arbitrary<String> notAnEvent() {
        return Arbitraries.strings().alpha().withChars('_', '-', ' ').ofMinLength(1).ofMaxLength(16)
                .filter(t -> {
                    String name = t.trim().toUpperCase(Locale.ROOT).replace('-', '_');
                    for (OstEvent e : OstEvent.values()) {
                        if (e.name().equals(name)) {
                            return false;
                        }
                    }
                    return true;
                });
    }
}
