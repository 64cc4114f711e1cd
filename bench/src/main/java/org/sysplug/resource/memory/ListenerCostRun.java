package org.sysplug.resource.memory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.core.LocalQueue;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.sim.TestMachine;

/**
 * {@link ListenerCostBenchmark}'s request, without and with a topology listener, alternating run by
 * run in one JVM so that both meet the same load, timed in wall time and in the process's CPU time
 * (the worker, the garbage collector and the JIT together; on a shared machine the CPU time is the
 * steadier figure). Prints each pair and the medians:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.sysplug.resource.memory.ListenerCostRun [PAIRS] [WARMUP]
 * </pre>
 */
public final class ListenerCostRun {

    /** One machine with its queue, and whether a listener hears it. */
    private static final class Setup {
        final TestMachine machine = TestMachine.boot("scale-1024");
        final LocalQueue queue = LocalQueue.of(LocalRunner.handler(new MemoryAdd(machine.memory(), machine.view(),
                MemorySettings.of(OnlinePolicy.ONLINE_MOVABLE, false)), Phase.ADD_EXECUTE, Order.ADD_EXECUTE_MEMORY));
        final boolean listened;
        final HotplugRequest request;
        long heard;

        Setup(boolean listened) {
            this.listened = listened;
            HotplugRequest.Builder builder = HotplugRequest.of(Operation.ONLINE);
            for (MemoryBlock b : machine.topology().memory()) {
                builder.target("memory" + b.id());
            }
            request = builder.build();
        }

        /** Offlines every block that can go, then times the request onlining them all: {wall ns, CPU ns}. */
        long[] run() throws Exception {
            long offlined = 0;
            for (MemoryBlock b : machine.topology().memory()) {
                if (b.online() && b.removable()) {
                    machine.memory().offline(b.id());
                    offlined++;
                }
            }
            Runnable unlisten = listened ? machine.listen(t -> heard++) : () -> { };
            heard = 0;
            System.gc();
            long cpu0 = cpu();
            long wall0 = System.nanoTime();
            Outcome outcome = queue.submit(request).await(Duration.ofMinutes(10));
            long wall = System.nanoTime() - wall0;
            long cpu = cpu() - cpu0;
            unlisten.run();
            if (!outcome.succeeded() || machine.topology().memory().stream().anyMatch(b -> !b.online())) {
                throw new IllegalStateException("the request did not online every block: " + outcome);
            }
            if (listened && heard != offlined) {
                throw new IllegalStateException("the listener heard " + heard + " changes, not " + offlined);
            }
            return new long[] {wall, cpu};
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Setup none = new Setup(false);
        Setup one = new Setup(true);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < warmup + pairs; i++) {
            // alternate which goes first, so that neither always follows the other's garbage
            long[] a;
            long[] b;
            if (i % 2 == 0) {
                a = none.run();
                b = one.run();
            } else {
                b = one.run();
                a = none.run();
            }
            double[] row = {a[0] / 1e6, b[0] / 1e6, a[1] / 1e6, b[1] / 1e6};
            System.out.printf("%s %2d: without %7.1f ms wall %7.1f ms CPU | with %8.1f ms wall %8.1f ms CPU | ratio wall %5.2f CPU %5.2f%n",
                    i < warmup ? "warm-up" : "pair   ", i, row[0], row[2], row[1], row[3], row[1] / row[0], row[3] / row[2]);
            if (i >= warmup) {
                rows.add(row);
            }
        }
        System.out.printf("medians of %d pairs: without %.1f ms wall (%.1f-%.1f), %.1f ms CPU; with %.1f ms wall (%.1f-%.1f), %.1f ms CPU;"
                + " ratio of the pairs: wall %.2f (%.2f-%.2f), CPU %.2f (%.2f-%.2f)%n", rows.size(),
                median(rows, r -> r[0]), min(rows, r -> r[0]), max(rows, r -> r[0]), median(rows, r -> r[2]),
                median(rows, r -> r[1]), min(rows, r -> r[1]), max(rows, r -> r[1]), median(rows, r -> r[3]),
                median(rows, r -> r[1] / r[0]), min(rows, r -> r[1] / r[0]), max(rows, r -> r[1] / r[0]),
                median(rows, r -> r[3] / r[2]), min(rows, r -> r[3] / r[2]), max(rows, r -> r[3] / r[2]));
        none.queue.close();
        one.queue.close();
    }

    private interface Column {
        double of(double[] row);
    }

    private static double median(List<double[]> rows, Column c) {
        double[] v = rows.stream().mapToDouble(c::of).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<double[]> rows, Column c) {
        return rows.stream().mapToDouble(c::of).min().orElse(0);
    }

    private static double max(List<double[]> rows, Column c) {
        return rows.stream().mapToDouble(c::of).max().orElse(0);
    }
}
