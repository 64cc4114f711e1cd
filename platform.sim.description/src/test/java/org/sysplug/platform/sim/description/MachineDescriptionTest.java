package org.sysplug.platform.sim.description;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.sysplug.platform.sim.description.ByteSize.GIB;
import static org.sysplug.platform.sim.description.ByteSize.MIB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sysplug.framework.Zone;
import org.sysplug.platform.sim.description.MachineDescription.Device;
import org.sysplug.platform.sim.description.MachineDescription.Kind;
import org.sysplug.platform.sim.description.MachineDescription.Range;

/** Machine descriptions: the shipped ones (ShippedMachinesTest in platform.sim boots them), the format's shorthands, and errors that name file, line and field. */
class MachineDescriptionTest {

    private static final String HEADER = """
            name: test
            block-size: 128MiB
            firmware:
            """;

    private static String error(String yaml) {
        DescriptionException e = catchThrowableOfType(DescriptionException.class, () -> Descriptions.parse(yaml));
        assertThat(e).as("expected an error for:\n%s", yaml).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e.getMessage();
    }

    private static Device device(MachineDescription d, String path) {
        return d.devices().stream().filter(x -> x.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void theDefaultMachineIsAsTheIssueAsksForIt() {
        MachineDescription d = Descriptions.shipped("default");
        assertThat(d.name()).isEqualTo("default");
        assertThat(d.source()).isEqualTo("default.yaml");
        assertThat(d.blockSize()).isEqualTo(128 * MIB);
        assertThat(d.possibleCpus()).isEqualTo(16);
        assertThat(d.possibleNodes()).isEqualTo(2);
        assertThat(d.bootCpuHotpluggable()).isFalse();
        assertThat(d.unmovable()).containsExactly(new Range(0, GIB));

        Device node1 = device(d, "\\_SB.NOD1");
        assertThat(node1.kind()).isEqualTo(Kind.CONTAINER);
        assertThat(node1.present()).isFalse();
        assertThat(node1.ejectable()).isTrue();
        assertThat(d.devices()).filteredOn(x -> "\\_SB.NOD1".equals(x.parent()) && x.kind() == Kind.PROCESSOR)
                .extracting(Device::apicId).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L);
        assertThat(device(d, "\\_SB.NOD1.MEM0").ranges()).containsExactly(new Range(0x240000000L, 8 * GIB));

        Device slot = device(d, "\\_SB.MEM2");
        assertThat(slot.kind()).isEqualTo(Kind.MEMORY);
        assertThat(slot.node()).isZero();
        assertThat(slot.ranges()).containsExactly(new Range(0x440000000L, 2 * GIB));

        long node0Memory = d.devices().stream().filter(x -> x.present() && x.kind() == Kind.MEMORY)
                .flatMap(x -> x.ranges().stream()).mapToLong(Range::size).sum();
        assertThat(node0Memory).isEqualTo(8 * GIB);
    }

    @Test
    void theServerAndScaleMachinesLoad() {
        MachineDescription server = Descriptions.shipped("server-4node");
        assertThat(server.possibleNodes()).isEqualTo(4);
        assertThat(server.movableNode()).isTrue();
        assertThat(device(server, "\\_SB.NOD1.MEMS").present()).isFalse();
        assertThat(device(server, "\\_SB.NOD1.MEM0").bootZone()).isEqualTo(Zone.MOVABLE);
        assertThat(device(server, "\\_SB.NOD0.MEM0").bootZone()).isEqualTo(Zone.NORMAL);

        MachineDescription scale = Descriptions.shipped("scale-1024");
        assertThat(scale.possibleCpus()).isEqualTo(1024);
        assertThat(scale.processors()).isEqualTo(1024);
        assertThat(scale.devices().stream().filter(x -> x.kind() == Kind.MEMORY).flatMap(x -> x.ranges().stream())
                .mapToLong(Range::size).sum()).isEqualTo(4L << 40);
    }

    @ParameterizedTest
    @CsvSource({"128MiB", "128M", "128m", "0x8000000", "134217728", "131072K", "131_072KiB"})
    void sizesAreWrittenAsOperatorsDo(String size) throws DescriptionException {
        MachineDescription d = Descriptions.parse("""
                name: sizes
                block-size: %s
                firmware:
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 1G}
                """.formatted(size));
        assertThat(d.blockSize()).isEqualTo(128 * MIB);
    }

    @Test
    void aContainerWritesItsCpusAndMemoryShortOrInFull() throws DescriptionException {
        MachineDescription d = Descriptions.parse(HEADER + """
                  - path: \\_SB.NOD0
                    type: container
                    node: 3
                    ejectable: false
                    cpus: {count: 3, apic-base: 8, apic-stride: 2}
                    memory: [{start: 0, size: 1GiB}, {start: 2GiB, size: 1GiB, zone: movable}]
                    devices:
                      - {path: SPAR, type: processor, apic-id: 100, present: false, ejectable: true}
                      - {path: \\_SB.NOD0.DIMM, type: memory, ranges: [{start: 4GiB, size: 128M}, {start: 6GiB, size: 256M}]}
                """);
        assertThat(d.devices()).extracting(Device::path).containsExactly("\\_SB.NOD0", "\\_SB.NOD0.CP00",
                "\\_SB.NOD0.CP01", "\\_SB.NOD0.CP02", "\\_SB.NOD0.MEM0", "\\_SB.NOD0.MEM1", "\\_SB.NOD0.SPAR",
                "\\_SB.NOD0.DIMM");
        assertThat(d.devices()).allSatisfy(x -> assertThat(x.node()).isEqualTo(3));
        assertThat(device(d, "\\_SB.NOD0.CP02").apicId()).isEqualTo(12);
        assertThat(device(d, "\\_SB.NOD0.MEM1").bootZone()).isEqualTo(Zone.MOVABLE);
        assertThat(device(d, "\\_SB.NOD0.MEM0").bootZone()).isEqualTo(Zone.NORMAL);
        assertThat(device(d, "\\_SB.NOD0.SPAR").present()).isFalse();
        assertThat(device(d, "\\_SB.NOD0.DIMM").ranges()).hasSize(2);
        assertThat(d.possibleCpus()).as("every processor, present or not").isEqualTo(4);
        assertThat(d.possibleNodes()).isEqualTo(4);
        assertThat(d.profiles()).containsEntry("memory", true);
    }

    @Test
    void aWrongValueNamesFileLineAndField() {
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - path: \\_SB.NOD1
                    type: container
                    node: 0
                    cpus: {count: eight, apic-base: 16}
                """)).isEqualTo("test.yaml:8: firmware[1].cpus.count: expected a number of processors from 1 to 8192, got \"eight\"");
    }

    @Test
    void anUnknownFieldIsAnError() {
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic: 0}
                """)).startsWith("test.yaml:4: firmware[0].apic: unknown field; expected one of path, type");
        assertThat(error("name: x\nblok-size: 1M\nfirmware: []\n")).startsWith("test.yaml:2: blok-size: unknown field");
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0, size: 1G}
                """)).startsWith("test.yaml:4: firmware[0].size: not a field of a processor device");
    }

    @Test
    void aMissingFieldIsAnError() {
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0}
                """)).isEqualTo("test.yaml:4: firmware[0].apic-id: missing; give its local APIC id, e.g. apic-id: 16");
        assertThat(error("block-size: 1M\n")).startsWith("test.yaml:1: name: missing");
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, apic-id: 0}
                """)).startsWith("test.yaml:4: firmware[0].node: missing");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThat(error("name: x\nfirmware:\n  - path: a\n   type: b\n")).startsWith("test.yaml:4: YAML syntax: ");
        assertThat(error("name: [x\n")).startsWith("test.yaml:");
        assertThat(error("")).isEqualTo("test.yaml:1: the file is empty; a machine needs at least name and firmware");
        assertThat(error("- a\n- b\n")).startsWith("test.yaml:1: : expected a mapping");
    }

    @Test
    void aFieldGivenTwiceIsAnError() {
        assertThat(error("name: x\nname: y\nfirmware: []\n")).isEqualTo("test.yaml:2: name: given twice (first at line 1)");
    }

    @Test
    void memoryMustBeWholeBlocks() {
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 100MiB}
                """)).isEqualTo("test.yaml:5: firmware[1].size: 100MiB is not a multiple of the block size 128MiB; "
                        + "memory comes in whole blocks");
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0x1000, size: 128MiB}
                """)).startsWith("test.yaml:5: firmware[1].start: 0x1000 is not a multiple");
        assertThat(error("name: x\nblock-size: 100M\nfirmware: []\n")).startsWith("test.yaml:2: block-size: the block size must be a power of two");
        assertThat(error("name: x\nblock-size: 128MB\nfirmware: []\n")).contains("GB and MB are ambiguous");
    }

    @Test
    void overlappingMemoryIsAnError() {
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 1GiB}
                  - {path: \\_SB.MEM1, type: memory, node: 0, start: 512MiB, size: 1GiB, present: false}
                """)).isEqualTo("test.yaml:6: firmware[2]: [0x20000000, 0x60000000) of \\_SB.MEM1 overlaps "
                        + "[0x0, 0x40000000) of \\_SB.MEM0 (firmware[1] (line 5))");
    }

    @Test
    void pathsAndApicIdsAreUnique() {
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 1}
                """)).isEqualTo("test.yaml:5: firmware[1].path: \\_SB.CPU0 is already defined at firmware[0].path (line 4)");
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.NOD1, type: container, node: 1, cpus: {count: 2, apic-base: 0}}
                """)).startsWith("test.yaml:5: firmware[1].cpus: APIC id 0 (\\_SB.NOD1.CP00) is already used at firmware[0].apic-id");
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU-0, type: processor, node: 0, apic-id: 0}
                """)).contains("is not a namespace path");
    }

    @Test
    void aDeviceInAnEmptySlotCannotBePresent() {
        assertThat(error(HEADER + """
                  - path: \\_SB.NOD1
                    type: container
                    node: 1
                    present: false
                    devices:
                      - {path: CPU0, type: processor, apic-id: 1, present: true}
                """)).startsWith("test.yaml:9: firmware[0].devices[0].present: cannot be present inside the empty slot \\_SB.NOD1");
    }

    @Test
    void theMachineMustBeAbleToBoot() {
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0, present: false}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 1GiB}
                """)).isEqualTo("test.yaml:4: firmware: no present processor: the machine cannot boot; "
                        + "mark at least one processor present");
        assertThat(error("name: x\npossible-cpus: 1\nfirmware:\n"
                + "  - {path: \\_SB.NOD0, type: container, node: 0, cpus: {count: 2, apic-base: 0}, memory: [{start: 0, size: 1G}]}\n"))
                .isEqualTo("test.yaml:2: possible-cpus: 1 is fewer than the 2 processors present at boot");
        assertThat(error("name: x\npossible-nodes: 1\nfirmware:\n  - {path: \\_SB.CPU0, type: processor, node: 1, apic-id: 0}\n"))
                .startsWith("test.yaml:4: firmware[0].node: expected a node from 0 to 0 (possible-nodes), got \"1\"");
    }

    @Test
    void unmovableMemoryMustBePresentAndNotMovable() {
        String machine = HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 1GiB, zone: movable}
                  - {path: \\_SB.MEM1, type: memory, node: 0, start: 1GiB, size: 1GiB}
                unmovable:
                """;
        assertThat(error(machine + "  - {start: 0, size: 4KiB}\n")).startsWith("test.yaml:8: unmovable[0]: [0x0, 0x1000) lies in "
                + "Movable memory of \\_SB.MEM0");
        assertThat(error(machine + "  - {start: 1GiB, size: 2GiB}\n")).startsWith("test.yaml:8: unmovable[0]: "
                + "[0x40000000, 0xc0000000) is not all present boot memory");
    }

    @Test
    void aZoneIsOnlyForBootMemory() {
        assertThat(error(HEADER + """
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 1GiB}
                  - {path: \\_SB.MEM1, type: memory, node: 0, start: 1GiB, size: 1GiB, present: false, zone: normal}
                """)).startsWith("test.yaml:6: firmware[2].zone: zone is for memory present at boot");
    }

    @Test
    void wrongShapesAreNamed() {
        assertThat(error("name: x\nfirmware: {path: a}\n")).startsWith("test.yaml:2: firmware: expected a list");
        assertThat(error(HEADER + "  - {path: \\_SB.CPU0, type: gpu, node: 0}\n"))
                .isEqualTo("test.yaml:4: firmware[0].type: expected processor, memory or container, got \"gpu\"");
        assertThat(error("name: x\nmovable-node: maybe\nfirmware: []\n"))
                .isEqualTo("test.yaml:2: movable-node: expected true or false, got \"maybe\"");
        assertThat(error("name: x\nprofiles: {pci: false}\nfirmware: []\n"))
                .startsWith("test.yaml:2: profiles.pci: unknown field; expected one of processor, memory, container");
    }
}
