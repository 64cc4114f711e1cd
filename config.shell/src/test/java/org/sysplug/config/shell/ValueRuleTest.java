package org.sysplug.config.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

/** Values checked against the modules' real Metatype descriptions, before anything is stored. */
class ValueRuleTest {

    private static final String ACPI = "org.sysplug.firmware.acpi";
    private static final String QUEUE = "org.sysplug.framework.queue";
    private static final String MEMORY = "org.sysplug.resource.memory";
    private static final String LINUX = "org.sysplug.platform.linux";

    private static ValueRule rule(String pid, String ocd, String id) throws Exception {
        return new ValueRule(pid, Descriptors.attribute(ocd, id));
    }

    private static ValueRule ejectPolicy() throws Exception {
        return rule(ACPI, "org.sysplug.firmware.acpi.core.AcpiConfig", "eject.policy");
    }

    private static ValueRule capacity() throws Exception {
        return rule(QUEUE, "org.sysplug.framework.core.QueueConfig", "capacity");
    }

    @Test
    void anOptionIsStoredAsTheStringTheComponentReads() throws Exception {
        assertThat(ejectPolicy().parse("demand-offline")).isEqualTo("demand-offline");
        assertThat(rule(MEMORY, "org.sysplug.resource.memory.MemoryConfig", "online.policy").parse("online_kernel"))
                .isEqualTo("online_kernel");
    }

    @Test
    void aValueOutsideTheOptionsIsRefusedNamingPidKeyRuleAndTheOptions() throws Exception {
        assertThatThrownBy(() -> ejectPolicy().parse("eject-now")).isInstanceOf(ValueRule.Refused.class)
                .hasMessage(ACPI + " eject.policy=eject-now is not one of its options: give one of "
                        + "offline-then-eject, demand-offline ('config:get " + ACPI + "' describes it)");
        // options are exact: the component compares them as written
        assertThatThrownBy(() -> ejectPolicy().parse("Demand-Offline")).isInstanceOf(ValueRule.Refused.class);
    }

    @Test
    void numbersAreStoredTypedAsDeclared() throws Exception {
        assertThat(capacity().parse("8")).isEqualTo(8);
        assertThat(rule(QUEUE, "org.sysplug.framework.core.QueueConfig", "handler.timeout.ms").parse(" 1500 "))
                .isEqualTo(1500L);
        assertThat(rule(LINUX, "org.sysplug.platform.linux.LinuxConfig", "monitor.interval").parse("10")).isEqualTo(10L);
    }

    @Test
    void textWhereANumberGoesIsRefusedWithTheSettingsOwnRange() throws Exception {
        assertThatThrownBy(() -> capacity().parse("lots")).isInstanceOf(ValueRule.Refused.class)
                .hasMessageStartingWith(QUEUE + " capacity=lots is not int: give a whole number (")
                .hasMessageContaining("1 or more").hasMessageNotContaining("2147483647")
                .hasMessageEndingWith("('config:get " + QUEUE + "' describes it)");
        assertThatThrownBy(() -> capacity().parse("99999999999")).isInstanceOf(ValueRule.Refused.class)
                .hasMessageContaining("is not int");
    }

    @Test
    void aNumberBelowTheMinimumIsRefusedByTheDefinitionsOwnValidationAndTheDescriptionSaysTheRange() throws Exception {
        assertThatThrownBy(() -> capacity().parse("0")).isInstanceOf(ValueRule.Refused.class)
                .hasMessageStartingWith(QUEUE + " capacity=0 is out of its range (less than minimum): give a value in "
                        + "its range, as described: How many requests may wait, 1 or more");
        assertThatThrownBy(() -> rule(LINUX, "org.sysplug.platform.linux.LinuxConfig", "monitor.interval").parse("5"))
                .isInstanceOf(ValueRule.Refused.class).hasMessageContaining("10 or more");
    }

    @Test
    void aBooleanIsTrueOrFalse() throws Exception {
        ValueRule movableOnly = rule(MEMORY, "org.sysplug.resource.memory.MemoryConfig", "movable.only");
        assertThat(movableOnly.parse("true")).isEqualTo(Boolean.TRUE);
        assertThat(movableOnly.parse("FALSE")).isEqualTo(Boolean.FALSE);
        assertThatThrownBy(() -> movableOnly.parse("yes")).isInstanceOf(ValueRule.Refused.class)
                .hasMessage(MEMORY + " movable.only=yes is not a boolean: give true or false ('config:get " + MEMORY
                        + "' describes it)");
    }

    @Test
    void aFreeTextSettingTakesAnyTextAndEchoesControlCharactersEscaped() throws Exception {
        ValueRule machine = rule("org.sysplug.platform.sim", "org.sysplug.platform.sim.SimConfig", "machine");
        assertThat(machine.parse("/tmp/my machine.yaml")).isEqualTo("/tmp/my machine.yaml");
        assertThatThrownBy(() -> ejectPolicy().parse("a\nb")).hasMessageStartingWith(ACPI + " eject.policy=a\\nb is");
    }

    @Test
    void aMultiValuedSettingTakesCommaSeparatedValuesUpToItsCardinality() throws Exception {
        AttributeDefinition single = Descriptors.attribute("org.sysplug.framework.core.QueueConfig", "capacity");
        AttributeDefinition two = new Cardinality(single, 2);
        assertThat((Object[]) new ValueRule(QUEUE, two).parse("1, 2")).containsExactly(1, 2);
        assertThatThrownBy(() -> new ValueRule(QUEUE, two).parse("1,2,3")).isInstanceOf(ValueRule.Refused.class)
                .hasMessageContaining("has 3 values: give at most 2, separated by commas");
        assertThat(new ValueRule(QUEUE, new Cardinality(single, -5)).parse("4,5")).isEqualTo(java.util.List.of(4, 5));
        assertThatThrownBy(() -> new ValueRule(QUEUE, two).parse("1,x")).hasMessageContaining("x is not int");
    }

    /** A real definition made multi-valued: none of the modules' settings is, the rule must still hold. */
    private record Cardinality(AttributeDefinition d, int cardinality) implements AttributeDefinition {
        @Override public String getName() { return d.getName(); }
        @Override public String getID() { return d.getID(); }
        @Override public String getDescription() { return d.getDescription(); }
        @Override public int getCardinality() { return cardinality; }
        @Override public int getType() { return d.getType(); }
        @Override public String[] getOptionValues() { return d.getOptionValues(); }
        @Override public String[] getOptionLabels() { return d.getOptionLabels(); }
        @Override public String validate(String value) { return d.validate(value); }
        @Override public String[] getDefaultValue() { return d.getDefaultValue(); }
    }
}
