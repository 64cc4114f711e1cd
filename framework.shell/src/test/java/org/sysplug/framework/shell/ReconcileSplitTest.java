package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Target;
import org.sysplug.framework.shell.ReconcileCommands.Split;

/**
 * What {@code sysplug:reconcile ID retry|rollback} submits after a request was cut short: only the
 * devices not yet in the state asked for (offlining a block that is offline already is EINVAL, so
 * resubmitting every target could never succeed).
 */
class ReconcileSplitTest {

    private static List<Target> targets(String... names) {
        return java.util.Arrays.stream(names).map(Target::of).toList();
    }

    private static List<String> names(List<Target> targets) {
        return targets.stream().map(Target::name).toList();
    }

    /** memory1 and memory3 are offline now, memory2 and memory4 online. */
    private static final Map<String, String> NOW = Map.of("memory1", "offline", "memory2", "online", "memory3",
            "offline", "memory4", "online", "\\_SB.NOD1", "present");

    @Test
    void aRetriedOfflineSubmitsOnlyTheBlocksStillOnline() {
        Split split = ReconcileCommands.split(Operation.OFFLINE, targets("memory1", "memory2", "memory3", "memory4"),
                NOW::get);
        assertThat(names(split.done())).containsExactly("memory1", "memory3");
        assertThat(names(split.rest())).containsExactly("memory2", "memory4");
    }

    @Test
    void aRollbackOfAnOnlineOfflinesOnlyTheBlocksThatWentOnline() {
        Split split = ReconcileCommands.split(ReconcileCommands.inverse(Operation.ONLINE),
                targets("memory1", "memory2", "memory3", "memory4"), NOW::get);
        assertThat(names(split.done())).as("never went online").containsExactly("memory1", "memory3");
        assertThat(names(split.rest())).containsExactly("memory2", "memory4");
    }

    @Test
    void aDeviceWhoseStateIsUnknownIsSubmittedAgain() {
        Split split = ReconcileCommands.split(Operation.OFFLINE, targets("memory1", "memory9"),
                name -> NOW.getOrDefault(name, "unknown"));
        assertThat(names(split.rest())).containsExactly("memory9");
    }

    @Test
    void aHotAddIsSubmittedWholeItsFirmwareDevicePresentBeforeItsMemoryIsOnline() {
        Split split = ReconcileCommands.split(Operation.HOT_ADD, targets("\\_SB.NOD1"), NOW::get);
        assertThat(split.done()).isEmpty();
        assertThat(names(split.rest())).containsExactly("\\_SB.NOD1");
    }
}
