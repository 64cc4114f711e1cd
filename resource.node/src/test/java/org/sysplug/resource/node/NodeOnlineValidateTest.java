package org.sysplug.resource.node;

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

/** A dry run of a node online is answered by the node's online validation, as the request would be. */
class NodeOnlineValidateTest {

    private static Registration onlineValidate(TestMachine m) {
        return LocalRunner.handler(new NodeOnlineValidate(m.view()), Phase.ADD_VALIDATE, Order.ADD_VALIDATE_NODE);
    }

    @Test
    void aPossibleNodeCanComeOnlineAndTheDryRunChangesNothing() throws Exception {
        TestMachine m = TestMachine.boot("default");
        State before = State.of(m);

        Outcome dry = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "node0").dryRun(true).build(), onlineValidate(m));

        assertThat(dry.status()).as("%s", dry.failure()).isEqualTo(Status.SUCCEEDED);
        assertThat(State.of(m)).isEqualTo(before);
    }

    @Test
    void aNodeThatIsNotPossibleFailsTheDryRunAsItFailsTheRequest() throws Exception {
        TestMachine m = TestMachine.boot("default");

        Outcome dry = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "node7").dryRun(true).build(), onlineValidate(m));
        Outcome real = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "node7").build(), Fixture.add(m));

        assertThat(dry.failure().orElseThrow().code()).isEqualTo("ENODEV").isEqualTo(real.failure().orElseThrow().code());
        assertThat(dry.failure().orElseThrow().message()).isEqualTo(real.failure().orElseThrow().message())
                .contains("(possible: node");
    }
}
