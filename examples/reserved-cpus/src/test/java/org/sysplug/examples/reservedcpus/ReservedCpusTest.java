package org.sysplug.examples.reservedcpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.Target;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.framework.core.LocalRunner.Registration;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

/**
 * The policy on the default simulated machine (cpu0-7 online on node 0), between the rest of a
 * platform that takes the named CPUs offline through the real CPU port.
 */
class ReservedCpusTest {

    private final TestMachine machine = TestMachine.boot("default");

    @Test
    void anOfflineOfAReservedCpuIsRefusedNamingTheCpusTheRuleAndTheSettingAndNothingChanges() {
        State before = State.of(machine);

        Outcome o = offline(new ReservedCpus(config("0-1,4")), "cpu3", "cpu4", "cpu1");

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("EPERM");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("cpu1");
        assertThat(o.failure().orElseThrow().message()).isEqualTo("cpu1,4 are reserved "
                + "(org.sysplug.examples.reservedcpus cpus=0-1,4) and stay online: leave them out of the request, "
                + "or change cpus in org.sysplug.examples.reservedcpus.cfg");
        assertThat(State.of(machine)).isEqualTo(before);
    }

    @Test
    void cpusOutsideTheSetGoOfflineAndThePolicyClaimsNone() {
        Outcome o = offline(new ReservedCpus(config("0-1")), "cpu2", "cpu3");

        assertThat(o.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(online()).containsExactly(0, 1, 4, 5, 6, 7);
        assertThat(o.trace().get(0).notes()).containsExactly("cpu2-3 not reserved (cpus=0-1)");
    }

    @Test
    void withoutTheRestOfThePlatformADryRunIsNotReportedHandled() {
        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu2").dryRun(true).build(),
                policy(new ReservedCpus(config("0-1"))));

        assertThat(o.status()).isNotEqualTo(Status.SUCCEEDED);
        assertThat(o.failure().orElseThrow().code()).isEqualTo("NO_HANDLER");
    }

    @Test
    void aHotRemoveOfAContainerHoldingAReservedCpuIsRefused() {
        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.HOT_REMOVE, "\\_SB.NOD0").build(),
                LocalRunner.firmwareDescribing(false, new CpuResource("\\_SB.NOD0.CP00", 0, 0, 0),
                        new CpuResource("\\_SB.NOD0.CP01", 1, 0, 1)),
                policy(new ReservedCpus(config("1"))));

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EPERM");
        assertThat(o.failure().orElseThrow().message()).startsWith("cpu1 is reserved");
    }

    @Test
    void aChangedSettingAppliesToTheNextRequest() {
        ReservedCpus policy = new ReservedCpus(config("0-1"));
        assertThat(offline(policy, "cpu2").status()).isEqualTo(Status.SUCCEEDED);

        policy.modified(config("2-3"));

        assertThat(offline(policy, "cpu3").failure().orElseThrow().message()).startsWith("cpu3 is reserved");
        assertThat(offline(policy, "cpu1").status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void anUnreadableSettingRefusesEveryOfflineOfACpuAndSaysHowToFixIt() {
        Outcome o = offline(new ReservedCpus(config("0-x")), "cpu5");

        assertThat(o.failure().orElseThrow().code()).isEqualTo("EINVAL");
        assertThat(o.failure().orElseThrow().message()).startsWith("the reserved CPUs cannot be read (")
                .endsWith("so no CPU goes offline: fix cpus in org.sysplug.examples.reservedcpus.cfg, e.g. cpus=0-1");
        assertThat(online()).contains(5);
    }

    @Test
    void anEmptySettingReservesNothingAndTheDefaultReservesTheFirstTwo() {
        assertThat(offline(new ReservedCpus(config(" ")), "cpu1").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(ReservedSet.parse(ReservedCpus.DEFAULT_CPUS).cpus()).containsExactlyInAnyOrder(0, 1);
    }

    // --- the platform around the policy ---------------------------------------------------------

    private Outcome offline(ReservedCpus policy, String... cpus) {
        return LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, cpus).build(), policy(policy), cpuOffline());
    }

    private static Registration policy(ReservedCpus policy) {
        return LocalRunner.handler(policy, Phase.DELETE_VALIDATE, ReservedCpus.RANK, Kind.HOTPLUG, Kind.ONLINE);
    }

    /** The CPU module's part, reduced to what these tests need: it takes the named CPUs offline. */
    private Registration cpuOffline() {
        return LocalRunner.handler(context -> {
            for (Target t : context.request().targets()) {
                context.claim(t);
                machine.cpus().offline(t.index());
            }
        }, Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_CPU, Kind.ONLINE);
    }

    private List<Integer> online() {
        return machine.topology().cpus().stream().filter(CpuInfo::online).map(CpuInfo::id).toList();
    }

    private static ReservedCpusConfig config(String cpus) {
        return new ReservedCpusConfig() {
            @Override
            public String cpus() {
                return cpus;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ReservedCpusConfig.class;
            }
        };
    }
}
