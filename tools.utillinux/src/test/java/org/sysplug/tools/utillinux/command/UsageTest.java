package org.sysplug.tools.utillinux.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.platform.sim.TestMachine;
import org.sysplug.tools.utillinux.Chcpu;
import org.sysplug.tools.utillinux.Chmem;
import org.sysplug.tools.utillinux.Lscpu;
import org.sysplug.tools.utillinux.Lsmem;
import org.sysplug.tools.utillinux.lib.ToolResult;

/**
 * Each command's usage, what {@code help} shows and {@code --help} prints, exit 0, with or without
 * a running machine, as util-linux prints it (its first lines, the help and version options, the
 * man page line).
 */
class UsageTest {

    private final TestMachine sim = TestMachine.boot("default");

    private final List<ToolCommand> withoutMachine = List.of(new LsmemCommand(null, null), new LscpuCommand(null, null),
            new ChcpuCommand(null, null), new ChmemCommand(null, null));

    @Test
    void eachCommandsUsageIsItsTools() {
        assertThat(withoutMachine.stream().map(ToolCommand::usage).toList())
                .containsExactly(Lsmem.usage(), Lscpu.usage(), Chcpu.usage(), Chmem.usage());
        for (ToolCommand c : withoutMachine) {
            assertThat(c.usage()).startsWith("\nUsage:\n " + c.name() + " [options]")
                    .contains("\n -h, --help ").contains("\n -V, --version ")
                    .endsWith("\nFor more details see " + c.name() + (c.name().startsWith("ch") ? "(8)" : "(1)") + ".\n");
        }
    }

    @Test
    void helpNeedsNoMachineAndExitsZero() {
        for (ToolCommand c : withoutMachine) {
            assertThat(c.run(List.of("--help"))).isEqualTo(new ToolResult(c.usage(), "", 0));
            assertThat(c.run(List.of("-h"))).isEqualTo(new ToolResult(c.usage(), "", 0));
        }
    }

    @Test
    void onTheRunningMachineHelpAnywhereOnTheLineIsTheToolsOwn() {
        assertThat(new LscpuCommand(sim.view(), null).run(List.of("-e", "--help")))
                .isEqualTo(new ToolResult(Lscpu.usage(), "", 0));
        assertThat(new LsmemCommand(sim.view(), null).run(List.of("-a", "-h")))
                .isEqualTo(new ToolResult(Lsmem.usage(), "", 0));
        assertThat(new LscpuCommand(sim.view(), null).run(List.of("--version")).stdout())
                .isEqualTo("lscpu from util-linux 2.41 (sysplug)\n");
    }
}
