package org.sysplug.resource.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.framework.core.LocalRunner.Registration;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.platform.sim.TestMachine.State;

/** A dry run of an online request is answered by the CPUs' online validation, as the request would be. */
class CpuOnlineValidateTest {

    private static Registration onlineValidate(TestMachine m) {
        return LocalRunner.handler(new CpuOnlineValidate(m.view()), Phase.ADD_VALIDATE, Order.ADD_VALIDATE_CPU);
    }

    @Test
    void aDryRunOfAnOnlineThatWouldWorkSucceedsAndChangesNothing() throws Exception {
        TestMachine m = TestMachine.boot("default");
        m.cpus().offline(3);
        State before = State.of(m);

        Outcome dry = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu3", "cpu4").dryRun(true).build(), onlineValidate(m));

        assertThat(dry.status()).as("%s", dry.failure()).isEqualTo(Status.SUCCEEDED);
        assertThat(State.of(m)).isEqualTo(before);
        Outcome real = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu3", "cpu4").build(), onlineValidate(m), Fixture.add(m));
        assertThat(real.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(m.view().topology().cpu(3).orElseThrow().online()).isTrue();
    }

    @Test
    void aCpuThatIsNotThereFailsTheDryRunAsItFailsTheRequest() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome dry = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu3", "cpu99").dryRun(true).build(), onlineValidate(m));
        Outcome real = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "cpu3", "cpu99").build(), Fixture.add(m));

        assertThat(dry.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(dry.failure().orElseThrow().code()).isEqualTo("ENODEV").isEqualTo(real.failure().orElseThrow().code());
        assertThat(dry.failure().orElseThrow().message()).isEqualTo(real.failure().orElseThrow().message())
                .startsWith("cpu99 is not a possible CPU (possible: cpu0-");
    }

    @Test
    void anOfflineRequestIsNotItsBusiness() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome dry = LocalRunner.run(HotplugRequest.of(Operation.OFFLINE, "cpu3").dryRun(true).build(), onlineValidate(m));

        assertThat(dry.failure().orElseThrow().code()).as("no validate handler took cpu3 for OFFLINE").isEqualTo("NO_HANDLER");
    }
}
