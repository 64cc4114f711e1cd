package org.sysplug.firmware.acpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sysplug.firmware.acpi.core.OstRules;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.platform.acpi.OstStatus;

/**
 * On the real simulated machine, a run of requests that another module fails, each with a random
 * code at a random point after this module's validation: each is rolled back and the firmware
 * hears exactly one {@code _OST} for it, with the status its own failure maps to. Nothing of one
 * request's failure reaches the next one's report: the handlers are singletons, the status
 * travels in the request.
 */
class FailureReportProperties {

    private static final String NOD1 = "\\_SB.NOD1";

    /** Where another module fails a request, and with which code. */
    record Refusal(Phase phase, int rank, String code) {
    }

    private static Arbitrary<String> codes() {
        return Arbitraries.of(HotplugException.EBUSY, HotplugException.EPERM, HotplugException.EIO,
                HotplugException.EINVAL, HotplugException.ENODEV, HotplugException.EAGAIN);
    }

    @Provide
    Arbitrary<List<Refusal>> ejectRefusals() {
        Arbitrary<Refusal> validate = Combinators.combine(Arbitraries.of(5, Order.DELETE_VALIDATE_ACPI_RESOURCE,
                Order.DELETE_VALIDATE_CPU, Order.DELETE_VALIDATE_MEMORY, Order.DELETE_VALIDATE_NODE), codes())
                .as((rank, code) -> new Refusal(Phase.DELETE_VALIDATE, rank, code));
        Arbitrary<Refusal> execute = Combinators.combine(Arbitraries.of(Order.DELETE_EXECUTE_CPU,
                Order.DELETE_EXECUTE_MEMORY, Order.DELETE_EXECUTE_NODE, Order.DELETE_EXECUTE_ACPI_BUS, 150), codes())
                .as((rank, code) -> new Refusal(Phase.DELETE_EXECUTE, rank, code));
        return Arbitraries.oneOf(validate, execute).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 100)
    void eachFailedEjectReportsTheStatusOfItsOwnFailure(@ForAll("ejectRefusals") List<Refusal> refusals)
            throws Exception {
        AcpiFixture acpi = AcpiFixture.boot();
        acpi.machine.insert(NOD1);
        assertThat(acpi.add(NOD1).status()).isEqualTo(Status.SUCCEEDED);
        List<String> registry = acpi.registry();

        for (Refusal r : refusals) {
            int before = acpi.machine.ostLog().size();

            Outcome o = acpi.run(HotplugRequest.of(Operation.HOT_REMOVE, NOD1).build(),
                    AcpiFixture.failing(r.phase(), r.rank(), r.code()));

            assertThat(o.status()).as(r.toString()).isEqualTo(Status.FAILED_ROLLED_BACK);
            OstStatus expected = OstRules.failureStatus(Operation.HOT_REMOVE, r.code());
            List<String> ost = acpi.machine.ostLog();
            assertThat(ost.subList(before, ost.size())).as(r.toString())
                    .containsExactly(NOD1 + " EJECT " + expected);
            assertThat(acpi.registry()).isEqualTo(registry);
        }
    }

    @Provide
    Arbitrary<List<Refusal>> addRefusals() {
        Arbitrary<Refusal> validate = codes().map(code -> new Refusal(Phase.ADD_VALIDATE, 5, code));
        Arbitrary<Refusal> execute = Combinators.combine(Arbitraries.of(15, Order.ADD_EXECUTE_NODE,
                Order.ADD_EXECUTE_MEMORY, Order.ADD_EXECUTE_CPU), codes())
                .as((rank, code) -> new Refusal(Phase.ADD_EXECUTE, rank, code));
        return Arbitraries.oneOf(validate, execute).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 100)
    void eachFailedHotAddReportsNonSpecificFailure(@ForAll("addRefusals") List<Refusal> refusals) throws Exception {
        AcpiFixture acpi = AcpiFixture.boot();
        acpi.machine.insert(NOD1);
        List<String> registry = acpi.registry();

        for (Refusal r : refusals) {
            int before = acpi.machine.ostLog().size();

            Outcome o = acpi.run(HotplugRequest.of(Operation.HOT_ADD, NOD1).build(),
                    AcpiFixture.failing(r.phase(), r.rank(), r.code()));

            assertThat(o.status()).as(r.toString()).isEqualTo(Status.FAILED_ROLLED_BACK);
            List<String> ost = acpi.machine.ostLog();
            assertThat(ost.subList(before, ost.size())).as(r.toString())
                    .containsExactly(NOD1 + " DEVICE_CHECK NON_SPECIFIC_FAILURE");
            assertThat(acpi.registry()).isEqualTo(registry);
        }
    }
}
