package org.sysplug.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceEventTest {

    @Test
    void aKernelEventNamesACpuOrAMemoryBlockAndItsAction() {
        DeviceEvent cpu = new DeviceEvent(DeviceEvent.Action.of("add"), "cpu12");
        assertThat(cpu.isCpu()).isTrue();
        assertThat(cpu.index()).isEqualTo(12);
        assertThat(cpu).hasToString("add cpu12");

        DeviceEvent block = new DeviceEvent(DeviceEvent.Action.of("offline"), "memory4095");
        assertThat(block.isCpu()).isFalse();
        assertThat(block.index()).isEqualTo(4095);
    }

    @Test
    void anythingButCpuNOrMemoryNIsRefused() {
        for (String bad : new String[] { "cpu", "memory", "node1", "cpu1a", "cpus5", "memory-1", "cpu12345678901", "" }) {
            assertThatThrownBy(() -> new DeviceEvent(DeviceEvent.Action.ADD, bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpuN or memoryN");
        }
        assertThatThrownBy(() -> DeviceEvent.Action.of("bind")).isInstanceOf(IllegalArgumentException.class);
    }
}
