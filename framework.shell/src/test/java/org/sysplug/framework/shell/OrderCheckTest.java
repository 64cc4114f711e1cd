package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.HandlerInfo;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Order;
import org.sysplug.framework.Phase;

class OrderCheckTest {

    private static long ids;

    private static HandlerInfo h(String bundle, Phase phase, int rank) {
        return new HandlerInfo(bundle + "." + phase, "org.sysplug." + bundle, 1, ++ids, phase, rank, Set.of(Kind.HOTPLUG));
    }

    @Test
    void theDesignOrderTableIsAMirror() {
        List<HandlerInfo> handlers = List.of(
                h("firmware.acpi", Phase.ADD_EXECUTE, Order.ADD_EXECUTE_ACPI_BUS),
                h("firmware.acpi", Phase.ADD_EXECUTE, Order.ADD_EXECUTE_ACPI_RESOURCE),
                h("firmware.acpi", Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_ACPI_BUS),
                h("resource.node", Phase.ADD_EXECUTE, Order.ADD_EXECUTE_NODE),
                h("resource.node", Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_NODE),
                h("resource.memory", Phase.ADD_EXECUTE, Order.ADD_EXECUTE_MEMORY),
                h("resource.memory", Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_MEMORY),
                h("resource.cpu", Phase.ADD_EXECUTE, Order.ADD_EXECUTE_CPU),
                h("resource.cpu", Phase.DELETE_EXECUTE, Order.DELETE_EXECUTE_CPU));

        assertThat(OrderCheck.warnings(handlers)).isEmpty();
    }

    @Test
    void memoryBeforeCpuOnAddButNotCpuBeforeMemoryOnDeleteIsWarned() {
        List<HandlerInfo> handlers = List.of(
                h("resource.memory", Phase.ADD_EXECUTE, 100),
                h("resource.memory", Phase.DELETE_EXECUTE, 10),
                h("resource.cpu", Phase.ADD_EXECUTE, 110),
                h("resource.cpu", Phase.DELETE_EXECUTE, 20));

        assertThat(OrderCheck.warnings(handlers)).singleElement().asString()
                .contains("resource.memory runs before resource.cpu on add")
                .contains("give resource.memory a higher DELETE_EXECUTE rank than resource.cpu");
    }

    @Test
    void modulesThatOnlyAddOrOnlyDeleteAreNotCompared() {
        List<HandlerInfo> handlers = List.of(
                h("a", Phase.ADD_EXECUTE, 1), h("b", Phase.ADD_EXECUTE, 2), h("b", Phase.DELETE_EXECUTE, 9));

        assertThat(OrderCheck.warnings(handlers)).isEmpty();
    }
}
