package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.ReversibleHandler;
import org.sysplug.framework.Status;

class ReversibleHandlerTest {

    /** Onlines "blocks" into a shared machine, one at a time, and fails at the one it is told to. */
    static class Blocks extends ReversibleHandler<List<Integer>> {
        final List<Integer> online;
        final int failAt;
        final List<String> undoSawInterrupt = new ArrayList<>();

        Blocks(List<Integer> online, int failAt) {
            this.online = online;
            this.failAt = failAt;
        }

        @Override
        protected List<Integer> newWork() {
            return new ArrayList<>();
        }

        @Override
        protected void forward(RequestContext context, List<Integer> work) throws HotplugException {
            for (int block = 1; block <= 3; block++) {
                if (block == failAt) {
                    Thread.currentThread().interrupt(); // as a cancel would
                    throw new HotplugException(HotplugException.EBUSY, "memory" + block, "unmovable pages");
                }
                online.add(block);
                work.add(block);
            }
        }

        @Override
        protected List<HotplugException> undo(List<Integer> work) {
            undoSawInterrupt.add(Boolean.toString(Thread.currentThread().isInterrupted()));
            List<HotplugException> errors = new ArrayList<>();
            for (int i = work.size() - 1; i >= 0; i--) {
                online.remove(work.get(i));
            }
            return errors;
        }

        @Override
        protected String undone(List<Integer> work) {
            return "offlined " + work;
        }
    }

    @Test
    void aHandlerThatFailsPartWayUndoesItsOwnWorkUninterrupted() {
        List<Integer> online = new ArrayList<>(List.of(0));
        Blocks blocks = new Blocks(online, 3);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory1").build(),
                LocalRunner.handler(blocks, Phase.ADD_EXECUTE, Order.ADD_EXECUTE_MEMORY));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(online).containsExactly(0);
        assertThat(blocks.undoSawInterrupt).containsExactly("false");
        assertThat(Thread.interrupted()).as("the worker's interrupt is cleared after the call").isFalse();
    }

    @Test
    void aFailingHandlerWhoseOwnUndoFailsLeavesTheRequestInconsistentNamingTheDevice() {
        List<Integer> online = new ArrayList<>(List.of(0));
        Blocks blocks = new Blocks(online, 3) {
            @Override
            protected List<HotplugException> undo(List<Integer> work) {
                // block 1 cannot go offline again: EBUSY, it stays online
                List<HotplugException> errors = new ArrayList<>();
                for (int i = work.size() - 1; i >= 0; i--) {
                    if (work.get(i) == 1) {
                        errors.add(new HotplugException(HotplugException.EBUSY, "memory1", "unmovable pages"));
                    } else {
                        online.remove(work.get(i));
                    }
                }
                return errors;
            }
        };

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory1", "memory2", "memory3").build(),
                LocalRunner.handler(blocks, Phase.ADD_EXECUTE, Order.ADD_EXECUTE_MEMORY));

        assertThat(o.status()).isEqualTo(Status.FAILED_INCONSISTENT);
        assertThat(o.inconsistent()).containsExactly("memory1");
        assertThat(o.failure().orElseThrow().device()).isEqualTo("memory3");
        assertThat(online).containsExactly(0, 1);
    }

    @Test
    void rollbackUndoesExactlyWhatApplyDidAndSaysSo() {
        List<Integer> online = new ArrayList<>(List.of(0));
        Blocks blocks = new Blocks(online, 0);
        Blocks failing = new Blocks(new ArrayList<>(), 1);

        Outcome o = LocalRunner.run(HotplugRequest.of(Operation.ONLINE, "memory1").build(),
                LocalRunner.handler(blocks, Phase.ADD_EXECUTE, 100),
                new LocalRunner.Registration(failing, "failing", Phase.ADD_EXECUTE, 110,
                        java.util.EnumSet.allOf(org.sysplug.framework.Kind.class)));

        assertThat(o.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(online).containsExactly(0);
        assertThat(o.trace()).anySatisfy(t -> assertThat(t.notes()).contains("offlined [1, 2, 3]"));
    }
}
