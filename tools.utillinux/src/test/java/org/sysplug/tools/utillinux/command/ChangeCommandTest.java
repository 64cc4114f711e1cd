package org.sysplug.tools.utillinux.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.RequestQueue;
import org.sysplug.framework.ReversibleHandler;
import org.sysplug.framework.Target;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.framework.core.RecordingQueue;
import org.sysplug.platform.OnlineType;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * sysplug:chcpu and sysplug:chmem on the running machine: the real simulated machine
 * ({@link TestMachine}) behind its real ports, and every request run by the real phase runner
 * ({@link LocalRunner}) with a handler that brings the targets online or offline through those
 * ports and undoes them on rollback. The queue's own threading is framework.core's to test; what
 * is tested here is what the commands decide, submit and print.
 */
class ChangeCommandTest {

    private TestMachine m = TestMachine.boot("default");
    /** Keeps what the commands submit and runs each request at once through the real phase runner. */
    private final RecordingQueue queue = new RecordingQueue();
    private final List<HotplugRequest> submitted = queue.submitted;

    {
        queue.answer = request -> {
            PortHandler h = new PortHandler();
            return LocalRunner.run(request, LocalRunner.handler(h, Phase.ADD_EXECUTE, 100),
                    LocalRunner.handler(h, Phase.DELETE_EXECUTE, 20));
        };
    }

    /** Onlines or offlines every target through the machine's ports; undoes what it did on rollback. */
    private final class PortHandler extends ReversibleHandler<List<Target>> {
        @Override
        protected List<Target> newWork() {
            return new ArrayList<>();
        }

        @Override
        protected void forward(RequestContext context, List<Target> done) throws HotplugException {
            boolean online = context.request().operation() == Operation.ONLINE;
            String zone = context.request().parameter("zone").orElse("");
            for (Target t : context.request().targets()) {
                context.claim(t);
                set(t, online, zone.equals("movable") ? OnlineType.ONLINE_MOVABLE
                        : zone.equals("kernel") ? OnlineType.ONLINE_KERNEL : OnlineType.ONLINE);
                done.add(t);
            }
        }

        @Override
        protected List<HotplugException> undo(List<Target> done) {
            List<HotplugException> errors = new ArrayList<>();
            for (int i = done.size() - 1; i >= 0; i--) {
                try {
                    set(done.get(i), !submitted.get(submitted.size() - 1).operation().equals(Operation.ONLINE),
                            OnlineType.ONLINE);
                } catch (HotplugException e) {
                    errors.add(e);
                }
            }
            return errors;
        }

        private void set(Target t, boolean online, OnlineType type) throws HotplugException {
            if (t.deviceClass().equals("cpu")) {
                if (online) {
                    m.cpus().online(t.index());
                } else {
                    m.cpus().offline(t.index());
                }
            } else if (online) {
                m.memory().online(t.index(), type);
            } else {
                m.memory().offline(t.index());
            }
        }
    }

    private ToolResult chcpu(String... args) {
        return new ChcpuCommand(m.view(), queue).run(List.of(args));
    }

    private ToolResult chmem(String... args) {
        return new ChmemCommand(m.view(), queue).run(List.of(args));
    }

    private boolean cpuOnline(int id) {
        return m.topology().cpu(id).orElseThrow().online();
    }

    @Test
    void disablingCpusIsOneRequestAndTheRulesAreChcpus() {
        ToolResult r = chcpu("--disable", "0-3,99");
        assertThat(r.stdout()).isEqualTo("CPU 1 disabled\nCPU 2 disabled\nCPU 3 disabled\n");
        assertThat(r.stderr()).isEqualTo("chcpu: CPU 0 is not hot pluggable\nchcpu: CPU 99 does not exist\n");
        assertThat(r.exitCode()).isEqualTo(64);
        assertThat(submitted).singleElement().satisfies(req -> {
            assertThat(req.operation()).isEqualTo(Operation.OFFLINE);
            assertThat(req.origin()).isEqualTo("chcpu");
            assertThat(req.targetNames()).isEqualTo("cpu1 cpu2 cpu3");
        });
        assertThat(cpuOnline(1) || cpuOnline(2) || cpuOnline(3)).isFalse();

        ToolResult again = chcpu("-e", "1,4");
        assertThat(again.stdout()).isEqualTo("CPU 1 enabled\nCPU 4 is already enabled\n");
        assertThat(again.exitCode()).isZero();
        assertThat(cpuOnline(1)).isTrue();
    }

    @Test
    void nothingLeftToChangeSubmitsNothing() {
        ToolResult r = chcpu("-e", "1-2");
        assertThat(r.stdout()).isEqualTo("CPU 1 is already enabled\nCPU 2 is already enabled\n");
        assertThat(r.exitCode()).isZero();
        assertThat(submitted).isEmpty();
    }

    @Test
    void aFailedRequestIsRolledBackAndEveryCpuInItFailed() {
        m.fail("cpu.offline", "cpu3", "EBUSY", -1);
        ToolResult r = chcpu("-d", "1-3");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr().lines()).hasSize(3).allSatisfy(l -> assertThat(l).matches(
                "chcpu: CPU [123] disable failed: cpu3: .*\\(EBUSY\\).* \\(request \\d+ rolled back\\)"));
        assertThat(r.exitCode()).isEqualTo(64); // chcpu's rule: 3 failures of 2048 possible ids
        assertThat(cpuOnline(1) && cpuOnline(2) && cpuOnline(3)).isTrue();
    }

    @Test
    void theMachineHasNoConfigureDispatchingOrRescan() {
        assertThat(chcpu("-r").stderr()).isEqualTo("chcpu: This system does not support rescanning of CPUs\n");
        assertThat(chcpu("-p", "vertical").stderr())
                .isEqualTo("chcpu: This system does not support setting the dispatching mode of CPUs\n");
        ToolResult g = chcpu("-g", "0,99");
        assertThat(g.stderr()).isEqualTo("chcpu: CPU 0 is not configurable\nchcpu: CPU 99 does not exist\n");
        assertThat(g.exitCode()).isEqualTo(64);
        assertThat(submitted).isEmpty();
    }

    @Test
    void theLastOnlineCpuStaysOnline() {
        m = TestMachine.fromYaml("""
                name: two
                boot-cpu-hotpluggable: true
                firmware:
                  - path: \\_SB.NOD0
                    type: container
                    node: 0
                    ejectable: false
                    cpus: {count: 2, apic-base: 0}
                    memory:
                      - {start: 0, size: 1GiB}
                """);
        ToolResult r = chcpu("-d", "0-1");
        assertThat(r.stdout()).isEqualTo("CPU 0 disabled\n");
        assertThat(r.stderr()).isEqualTo("chcpu: CPU 1 disable failed (last enabled CPU)\n");
        assertThat(r.exitCode()).isEqualTo(64);
        assertThat(submitted).singleElement().satisfies(req -> assertThat(req.targetNames()).isEqualTo("cpu0"));
        assertThat(cpuOnline(1)).isTrue();
    }

    @Test
    void memoryBlocksGoOfflineAndComeBackInTheAskedZone() {
        ToolResult off = chmem("-v", "-d", "-b", "40-41");
        assertThat(off.stdout()).isEqualTo("Memory Block 40 (0x0000000140000000-0x0000000147ffffff) disabled\n"
                + "Memory Block 41 (0x0000000148000000-0x000000014fffffff) disabled\n");
        assertThat(off.exitCode()).isZero();
        assertThat(m.topology().block(40).orElseThrow().online()).isFalse();

        ToolResult on = chmem("--verbose", "--enable", "--zone", "Movable", "0x140000000-0x14fffffff");
        assertThat(on.stdout()).contains("Memory Block 40 (0x0000000140000000-0x0000000147ffffff) enabled\n");
        assertThat(on.exitCode()).isZero();
        assertThat(submitted.get(1).parameter("zone")).contains("movable");
        assertThat(m.topology().block(40).orElseThrow().zone()).isEqualTo(org.sysplug.framework.Zone.MOVABLE);

        ToolResult already = chmem("-v", "-e", "-b", "40");
        assertThat(already.stdout()).isEqualTo("Memory Block 40 (0x0000000140000000-0x0000000147ffffff) already enabled\n");
        assertThat(submitted).hasSize(2);
    }

    @Test
    void aZoneMismatchIsRefusedBeforeAnyRequest() {
        ToolResult r = chmem("-e", "-z", "DMA", "-b", "40");
        assertThat(r.stdout()).isEmpty(); // block 40 is online: already enabled, said only with -v
        assertThat(r.exitCode()).isZero();
        chmem("-d", "-b", "40");
        ToolResult mismatch = chmem("-e", "-z", "DMA", "-b", "40");
        assertThat(mismatch.stderr())
                .isEqualTo("chmem: Memory Block 40 (0x0000000140000000-0x0000000147ffffff) enable failed: Zone mismatch\n");
        assertThat(mismatch.exitCode()).isEqualTo(1);
        assertThat(submitted).hasSize(1);
    }

    @Test
    void withoutTheServicesOnlyATreeWorksAndTheMessageSaysWhatIsMissing() {
        ToolResult r = new ChcpuCommand(null, null).run(List.of("-e", "1"));
        assertThat(r.stderr()).startsWith("chcpu: the running machine is not available: no MachineView")
                .contains("and no RequestQueue (framework.core) service", "--sysroot DIR").hasLineCount(1);
        assertThat(r.exitCode()).isEqualTo(1);
        ToolResult usage = new ChmemCommand(m.view(), null).run(List.of("-e"));
        assertThat(usage.stderr()).isEqualTo("chmem: bad usage\nTry 'chmem --help' for more information.\n");
    }

    @Test
    void theRealRootIsRefusedAsATreeToWrite(@org.junit.jupiter.api.io.TempDir Path tmp) {
        ToolResult r = chcpu("-s", "/", "-e", "1");
        assertThat(r.stderr()).startsWith("chcpu: sysroot / is the running kernel's sysfs").hasLineCount(1);
        assertThat(r.exitCode()).isEqualTo(1);
        ToolResult missing = chmem("--sysroot=" + tmp.resolve("nope"), "-e", "1G");
        assertThat(missing.stderr()).isEqualTo("chmem: cannot open the sysroot " + tmp.resolve("nope")
                + ": No such file or directory\n");
        assertThat(submitted).isEmpty();
    }
}
