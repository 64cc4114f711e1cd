package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Target;
import org.sysplug.framework.shell.DeviceCommands.Command;

/** What each device command line asks for, or the usage error it prints: no OSGi, no queue. */
class DeviceCommandsTest {

    private static HotplugRequest request(Command command, String... args) {
        return DeviceCommands.requestFor(command, List.of(args), "", false, 0);
    }

    private static List<String> targets(HotplugRequest request) {
        return request.targets().stream().map(Target::name).toList();
    }

    private static void usage(Command command, String zone, String message, String... args) {
        assertThatThrownBy(() -> DeviceCommands.requestFor(command, List.of(args), zone, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    // --- online / offline: a device class and a list ----------------------------------------------------

    @Test
    void onlineCpuListIsOneOnlineRequestForTheCpusInListOrder() {
        HotplugRequest r = request(Command.ONLINE, "cpu", "0-3,8,10-14:2");

        assertThat(r.operation()).isEqualTo(Operation.ONLINE);
        assertThat(targets(r)).containsExactly("cpu0", "cpu1", "cpu2", "cpu3", "cpu8", "cpu10", "cpu12", "cpu14");
        assertThat(r.origin()).isEqualTo("shell");
        assertThat(r.dryRun()).isFalse();
        assertThat(r.deadline()).isEmpty();
        assertThat(r.parameters()).isEmpty();
    }

    @Test
    void theOrderIsTheListsAndRepeatsAreDropped() {
        assertThat(targets(request(Command.OFFLINE, "cpu", "7,2-3,7,3"))).containsExactly("cpu7", "cpu2", "cpu3");
    }

    @Test
    void offlineMemoryAndNodesNameTheirSysfsDevices() {
        HotplugRequest memory = request(Command.OFFLINE, "memory", "32-35");
        assertThat(memory.operation()).isEqualTo(Operation.OFFLINE);
        assertThat(targets(memory)).containsExactly("memory32", "memory33", "memory34", "memory35");

        HotplugRequest nodes = request(Command.ONLINE, "node", "1");
        assertThat(nodes.operation()).isEqualTo(Operation.ONLINE);
        assertThat(targets(nodes)).containsExactly("node1");

        assertThat(targets(request(Command.OFFLINE, "NODE", "0,1"))).as("the class in any case")
                .containsExactly("node0", "node1");
    }

    @Test
    void onlineMemoryWithAZoneCarriesItAsTheZoneParameter() {
        HotplugRequest movable = DeviceCommands.requestFor(Command.ONLINE, List.of("memory", "40-41"), "movable", false, 0);
        assertThat(movable.parameters()).isEqualTo(Map.of("zone", "movable"));
        assertThat(movable.parameter(DeviceCommands.ZONE)).contains("movable");
        assertThat(targets(movable)).containsExactly("memory40", "memory41");

        HotplugRequest kernel = DeviceCommands.requestFor(Command.ONLINE, List.of("memory", "40"), "Kernel", false, 0);
        assertThat(kernel.parameters()).isEqualTo(Map.of("zone", "kernel"));
    }

    @Test
    void dryRunAndDeadlineComeFromTheOptions() {
        HotplugRequest r = DeviceCommands.requestFor(Command.OFFLINE, List.of("cpu", "1"), "", true, 2.5);

        assertThat(r.dryRun()).isTrue();
        assertThat(r.deadline()).isEqualTo(Optional.of(Duration.ofMillis(2500)));
        assertThat(DeviceCommands.requestFor(Command.OFFLINE, List.of("cpu", "1"), "", false, 0.0001).deadline())
                .as("a tiny deadline is still one").contains(Duration.ofMillis(1));
    }

    @Test
    void withoutArgumentsTheUsageListsTheForms() {
        usage(Command.ONLINE, "", "name a device class and a list: online cpu LIST, online memory LIST"
                + " [--zone movable|kernel], online node LIST, LIST as in 0-3,8,10-14:2");
        usage(Command.OFFLINE, "", "name a device class and a list: offline cpu LIST, offline memory LIST,"
                + " offline node LIST, LIST as in 0-3,8,10-14:2");
    }

    @Test
    void anUnknownDeviceClassIsAUsageError() {
        usage(Command.ONLINE, "", "unknown device class 'gpu': use cpu, memory or node, as in online cpu 0-3,8",
                "gpu", "0");
        usage(Command.OFFLINE, "", "unknown device class 'cpus': use cpu, memory or node, as in offline cpu 0-3,8",
                "cpus", "0");
    }

    @Test
    void aDeviceNameWhereTheClassBelongsIsToldHowToWriteIt() {
        usage(Command.ONLINE, "", "write the device class and the list apart: online cpu 5", "cpu5");
        usage(Command.OFFLINE, "", "write the device class and the list apart: offline memory 32-35", "memory32-35");
    }

    @Test
    void aClassWithoutAListIsAUsageError() {
        usage(Command.OFFLINE, "", "name the CPUs to take offline as a list, as in offline cpu 0-3,8,10-14:2", "cpu");
        usage(Command.ONLINE, "", "name the memory blocks to bring online as a list, as in online memory 0-3,8,10-14:2",
                "memory");
    }

    @Test
    void aListSplitBySpacesIsAUsageErrorShowingItAsOneWord() {
        usage(Command.ONLINE, "", "give the list as one word, without spaces: online cpu 0-3,8", "cpu", "0-3,", "8");
        usage(Command.ONLINE, "", "give the list as one word, without spaces: online cpu 0-3,8", "cpu", "0-3", "8");
    }

    @Test
    void aBadListIsAUsageErrorNamingTheBadPart() {
        usage(Command.ONLINE, "", "invalid list '3-1': range '3-1' goes backwards; write 1-3", "cpu", "3-1");
        usage(Command.OFFLINE, "", "invalid list '1,,2': item 2 is empty (two commas in a row)", "memory", "1,,2");
        usage(Command.OFFLINE, "", "invalid list '1000000000': id 1000000000 is too large: at most 999999999",
                "node", "1000000000");
    }

    @Test
    void theZoneIsForMemoryAndIsMovableOrKernel() {
        usage(Command.ONLINE, "movable", "--zone applies to memory blocks only, not to CPUs", "cpu", "1");
        usage(Command.ONLINE, "kernel", "--zone applies to memory blocks only, not to nodes", "node", "1");
        usage(Command.ONLINE, "dma", "unknown zone 'dma': use --zone movable (ZONE_MOVABLE) or --zone kernel"
                + " (ZONE_NORMAL)", "memory", "1");
    }

    @Test
    void anOptionTheCommandDoesNotTakeIsAUsageError() {
        usage(Command.OFFLINE, "", "unknown option '--zone': offline takes --dry-run, --async, --deadline SECONDS"
                + " and --json", "memory", "1", "--zone", "movable");
        usage(Command.ONLINE, "", "unknown option '--dryrun': online takes --zone movable|kernel, --dry-run, --async,"
                + " --deadline SECONDS and --json", "cpu", "1", "--dryrun");
        usage(Command.EJECT, "", "unknown option '-f': eject takes --dry-run, --async, --deadline SECONDS and --json",
                "-f", "\\_SB.NOD1");
    }

    @Test
    void aBadDeadlineIsAUsageError() {
        assertThatThrownBy(() -> DeviceCommands.requestFor(Command.ONLINE, List.of("cpu", "1"), "", false, -1))
                .hasMessage("--deadline must be a positive number of seconds (0: no deadline), got -1.0");
        assertThatThrownBy(() -> DeviceCommands.requestFor(Command.ONLINE, List.of("cpu", "1"), "", false, Double.NaN))
                .hasMessage("--deadline must be a positive number of seconds (0: no deadline), got NaN");
    }

    // --- add / eject: a firmware path -------------------------------------------------------------------

    @Test
    void addAndEjectAreHotAddAndHotRemoveOfTheFirmwarePath() {
        HotplugRequest add = request(Command.ADD, "\\_SB.NOD1");
        assertThat(add.operation()).isEqualTo(Operation.HOT_ADD);
        assertThat(targets(add)).containsExactly("\\_SB.NOD1");
        assertThat(add.origin()).isEqualTo("shell");

        HotplugRequest eject = request(Command.EJECT, "\\_sb.nod1.cp03");
        assertThat(eject.operation()).isEqualTo(Operation.HOT_REMOVE);
        assertThat(targets(eject)).as("a path in any case").containsExactly("\\_SB.NOD1.CP03");
    }

    @Test
    void aPathWhoseBackslashThePromptAteGetsTheQuotingHint() {
        usage(Command.ADD, "", "invalid device name '_SB.NOD1': a firmware path starts with a backslash, which the"
                + " shell removes unless quoted: type '\\_SB.NOD1'", "_SB.NOD1");
        usage(Command.EJECT, "", "invalid device name '_SB.MEM2': a firmware path starts with a backslash, which the"
                + " shell removes unless quoted: type '\\_SB.MEM2'", "_SB.MEM2");
    }

    @Test
    void aKernelDeviceNameIsNotAPathAndThePointsToOnlineOrOffline() {
        usage(Command.ADD, "", "'cpu5' is not a firmware path: add takes a namespace path such as '\\_SB.NOD1';"
                + " to bring cpu5 online use 'online cpu 5'", "cpu5");
        usage(Command.EJECT, "", "'memory32' is not a firmware path: eject takes a namespace path such as"
                + " '\\_SB.NOD1'; to take memory32 offline use 'offline memory 32'", "memory32");
        usage(Command.EJECT, "", "'pci3' is not a firmware path: eject takes a namespace path such as '\\_SB.NOD1'",
                "pci3");
    }

    @Test
    void addAndEjectTakeExactlyOnePath() {
        usage(Command.ADD, "", "name the firmware path of the device or container to hot-add, quoted at the prompt"
                + " as in add '\\_SB.NOD1'");
        usage(Command.EJECT, "", "name the firmware path of the device or container to hot-remove and eject,"
                + " quoted at the prompt as in eject '\\_SB.NOD1'");
        usage(Command.EJECT, "", "one firmware path per request, got 2: \\_SB.NOD1 \\_SB.MEM2", "\\_SB.NOD1",
                "\\_SB.MEM2");
    }

    @Test
    void aMalformedDeviceNameIsRefusedByTarget() {
        usage(Command.ADD, "", "invalid device name '../x': name a device as cpuN, memoryN, nodeN (class and index)"
                + " or as a firmware path such as \\_SB.NOD1", "../x");
    }
}
