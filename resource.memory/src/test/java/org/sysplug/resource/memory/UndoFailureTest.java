package org.sysplug.resource.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Status;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.sim.TestMachine;

/**
 * The memory module's own undo failing inside the handler that failed: the request must not say
 * it rolled back cleanly. The report's repro: memory40-47 offline, onlining memory45 fails with
 * EIO, and taking memory41 offline again fails with EBUSY.
 */
class UndoFailureTest {

    @Test
    void aBlockTheFailingOnlineCouldNotTakeBackIsNamedInconsistent() throws Exception {
        TestMachine m = TestMachine.boot("default");
        for (int b = 40; b <= 47; b++) {
            m.memory().offline(b);
        }
        m.fail("memory.online", "memory45", "EIO", -1);
        m.fail("memory.offline", "memory41", "EBUSY", -1);
        HotplugRequest.Builder online = HotplugRequest.of(Operation.ONLINE);
        Fixture.range(40, 47).forEach(b -> online.target("memory" + b));

        Outcome o = LocalRunner.run(online.build(),
                Fixture.add(new MemoryAdd(m.memory(), m.view(), MemorySettings.of(OnlinePolicy.ONLINE_MOVABLE, false))));

        assertThat(o.status()).as("%s", o.failure()).isEqualTo(Status.FAILED_INCONSISTENT);
        assertThat(o.inconsistent()).containsExactly("memory41");
        assertThat(Fixture.block(m, 41).online()).as("memory41 stayed online").isTrue();
        for (int b : new int[] { 40, 42, 43, 44, 45, 46, 47 }) {
            assertThat(Fixture.block(m, b).online()).as("memory%d", b).isFalse();
        }
    }
}
