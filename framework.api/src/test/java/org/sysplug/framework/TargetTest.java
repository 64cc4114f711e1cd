package org.sysplug.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void namesAreClassAndIndexOrFirmwarePaths() {
        assertThat(Target.of("cpu5").deviceClass()).isEqualTo("cpu");
        assertThat(Target.of("memory32").index()).isEqualTo(32);
        assertThat(Target.of("\\_sb.nod1").name()).isEqualTo("\\_SB.NOD1");
        assertThat(Target.of("\\_SB.NOD1").isFirmwarePath()).isTrue();
    }

    @Test
    void anIndexWithLeadingZerosNamesTheDeviceAsSysfsDoes() {
        assertThat(Target.of("cpu03")).isEqualTo(Target.of("cpu3"));
        assertThat(Target.of("memory0041").name()).isEqualTo("memory41");
        assertThat(Target.of("node00").name()).isEqualTo("node0");
        assertThat(Target.of("cpu0").name()).isEqualTo("cpu0");
    }

    @ParameterizedTest
    @ValueSource(strings = { "../cpu0", "cpu0/online", "cpu", "", "cpu 1", "\\_SB..NOD1", "\\_SB.TOOLONG",
            "memory-1", "/sys/devices/system/cpu/cpu0", "node1\n" })
    void namesThatCouldEscapeASysfsTreeAreRefused(String name) {
        assertThatThrownBy(() -> new Target(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid device name");
    }

    @Test
    void aFirmwarePathWhoseBackslashTheShellAteGetsAQuotingHint() {
        assertThatThrownBy(() -> Target.of("_SB.NOD1")).hasMessageContaining("type '\\_SB.NOD1'")
                .hasMessageContaining("quoted");
    }

    @Test
    void operationsParseAsOperatorsTypeThem() {
        assertThat(Operation.parse("hot-add")).isEqualTo(Operation.HOT_ADD);
        assertThat(Operation.parse("eject")).isEqualTo(Operation.HOT_REMOVE);
        assertThat(Operation.parse("Online")).isEqualTo(Operation.ONLINE);
        assertThatThrownBy(() -> Operation.parse("plug")).hasMessageContaining("hot-add, hot-remove");
        assertThat(Operation.OFFLINE.phases()).containsExactly(Phase.DELETE_VALIDATE, Phase.DELETE_EXECUTE,
                Phase.DELETE_COMMIT);
    }

    @Test
    void theOrderTableMirrorsAddAndDeleteExecution() {
        // add in boot order, node < memory < cpu (new CPUs start with local memory); delete mirrors it
        assertThat(Order.ADD_EXECUTE_NODE).isLessThan(Order.ADD_EXECUTE_MEMORY).isLessThan(Order.ADD_EXECUTE_CPU);
        assertThat(Order.DELETE_EXECUTE_CPU).isLessThan(Order.DELETE_EXECUTE_MEMORY)
                .isLessThan(Order.DELETE_EXECUTE_NODE).isLessThan(Order.DELETE_EXECUTE_ACPI_BUS);
        // a hot-add is checked after every resource module ran; online validation mirrors the add order
        assertThat(Order.ADD_EXECUTE_ACPI_VERIFY).isGreaterThan(Order.ADD_EXECUTE_CPU);
        assertThat(Order.ADD_VALIDATE_NODE).isLessThan(Order.ADD_VALIDATE_MEMORY).isLessThan(Order.ADD_VALIDATE_CPU);
        assertThat(Order.isValid(Order.MAX)).isTrue();
        assertThat(Order.isValid(Order.MAX + 1L)).isFalse();
    }

    @Test
    void requestsNeedATargetAndAPositiveDeadline() {
        assertThatThrownBy(() -> HotplugRequest.of(Operation.ONLINE).build()).hasMessageContaining("at least one target");
        assertThatThrownBy(() -> HotplugRequest.of(Operation.ONLINE, "cpu1").deadline(java.time.Duration.ZERO).build())
                .hasMessageContaining("positive");
    }
}
