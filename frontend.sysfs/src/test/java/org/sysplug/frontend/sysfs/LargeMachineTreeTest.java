package org.sysplug.frontend.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sysplug.frontend.sysfs.Node.Dir;
import org.sysplug.platform.sim.TestMachine;

/**
 * The tree of scale-1024 (32,768 memory blocks): {@code ls -l} or lsmem looks up
 * {@code devices/system/memory} and every block in it thousands of times (the kernel keeps a name
 * for a second at most), so a lookup must not list what a directory holds; only a readdir does.
 */
class LargeMachineTreeTest {

    private final TestMachine machine = TestMachine.boot("scale-1024");
    private final MachineTree tree = new MachineTree(ServedTreeProperties.machineOf(machine, Optional.of(machine.firmware())),
            new PortWrites(machine));

    @Test
    void aPathThroughTheMemoryDirectoryIsLookedUpWithoutListingIt() {
        int blocks = machine.topology().memory().size();
        assertThat(blocks).isGreaterThanOrEqualTo(16_384);
        long start = System.nanoTime();
        // what ls -l of the memory directory asks: every block's directory, through its parents
        for (int b = 0; b < blocks; b++) {
            assertThat(tree.lookup("devices/system/memory")).isPresent();
            assertThat(tree.lookup("devices/system/node/node0")).isPresent();
            assertThat(tree.lookup("devices/system/memory/memory" + machine.topology().memory().get(b).id())).isPresent();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        // measured on 2 cores: 45 s when every lookup listed the directory, under 2 s once it did not
        assertThat(ms).as("%d lookups of the memory directory and its blocks took %d ms", blocks, ms).isLessThan(10_000);
        assertThat(((Dir) tree.lookup("devices/system/memory").orElseThrow()).names()).hasSize(blocks + 2);
    }

    @Test
    void aDirectoryListsTheMachineAsItIsWhenItIsRead() throws Exception {
        Dir memory = (Dir) tree.lookup("devices/system/memory").orElseThrow();
        Dir node0 = (Dir) tree.lookup("devices/system/node/node0").orElseThrow();
        int before = memory.names().size();
        assertThat(node0.names()).contains("memory0");
        // a listing is the machine at the readdir, not at the lookup that found the directory
        var last = machine.topology().memory().get(machine.topology().memory().size() - 1);
        machine.memory().offline(last.id());
        machine.memory().remove(last.start(), last.size());
        assertThat(memory.names()).hasSize(before - 1);
    }
}
