package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sysplug.framework.Zone;
import org.sysplug.platform.BlockState;
import org.sysplug.platform.CpuInfo;
import org.sysplug.platform.MemoryBlock;
import org.sysplug.platform.NodeInfo;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiResource;
import org.sysplug.platform.acpi.Sta;

class TopologyRenderTest {

    private static final long MIB = 1 << 20;

    private static MemoryBlock block(int id, int node, BlockState state, Zone zone) {
        return new MemoryBlock(id, id * 128 * MIB, 128 * MIB, node, state, zone,
                state == BlockState.ONLINE ? List.of(zone) : List.of(Zone.NORMAL, Zone.MOVABLE), true);
    }

    private final Views.TopologyView view = new Views.TopologyView("sim: test",
            new Topology(List.of(new NodeInfo(0, true), new NodeInfo(1, false)),
                    List.of(new CpuInfo(0, 0, 0, true, true, false), new CpuInfo(1, 1, 0, true, true, true),
                            new CpuInfo(2, 2, 0, true, false, true), new CpuInfo(3, -1, -1, false, false, true)),
                    128 * MIB,
                    List.of(block(0, 0, BlockState.ONLINE, Zone.NORMAL), block(1, 0, BlockState.ONLINE, Zone.NORMAL),
                            block(2, 0, BlockState.ONLINE, Zone.MOVABLE), block(3, 0, BlockState.OFFLINE, Zone.UNSPECIFIED)),
                    7),
            List.of(new AcpiDevice("\\_SB.NOD1", "ACPI0004", "1", 0, OptionalInt.of(1), List.of(),
                    List.of("\\_SB.NOD1.CPU0"), true, "container"),
                    new AcpiDevice("\\_SB.NOD1.CPU0", "ACPI0007", "8", Sta.PRESENT_AND_WORKING, OptionalInt.of(1),
                            List.of(new AcpiResource.Processor(16)), List.of(), true, "processor")));

    @Test
    void textMergesRunsAsLsmemDoes() {
        String text = TopologyRender.text(view);

        assertThat(text).startsWith("machine: sim: test\n");
        assertThat(text).contains("0x0000000000000000-0x000000000fffffff  256M  online   Normal");
        assertThat(text).contains("0x0000000010000000-0x0000000017ffffff  128M  online   Movable");
        assertThat(text).contains("offline  -");
        assertThat(text).contains("\\_SB.NOD1.CPU0  ACPI0007  0x0f");
        assertThat(text).contains("apic 16");
        // cpu0 is not hot-pluggable, so it does not merge with cpu1
        assertThat(text).containsPattern("(?m)^0 +0 +0 +online +no$");
        assertThat(text).containsPattern("(?m)^1 +0 +1 +online +yes$");
        assertThat(text).containsPattern("(?m)^3 +- +- +absent +yes$");
    }

    @Test
    void jsonHasTheFieldsScriptsRelyOn() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(Json.of(TopologyRender.json(view)).text());

        assertThat(doc.get("nodes").get(1).get("online").asBoolean()).isFalse();
        assertThat(doc.get("cpus").get(0).get("hotpluggable").asBoolean()).isFalse();
        assertThat(doc.get("cpus").get(3).get("present").asBoolean()).isFalse();
        JsonNode movable = doc.get("memory").get(2);
        assertThat(movable.get("block").asInt()).isEqualTo(2);
        assertThat(movable.get("start").asLong()).isEqualTo(256 * MIB);
        assertThat(movable.get("size").asLong()).isEqualTo(128 * MIB);
        assertThat(movable.get("state").asText()).isEqualTo("online");
        assertThat(movable.get("zone").asText()).isEqualTo("Movable");
        assertThat(doc.get("memory").get(3).get("zone").isNull()).isTrue();
        assertThat(doc.get("firmware").get(0).get("path").asText()).isEqualTo("\\_SB.NOD1");
        assertThat(doc.get("firmware").get(0).get("present").asBoolean()).isFalse();
        assertThat(doc.get("firmware").get(1).get("hid").asText()).isEqualTo("ACPI0007");
    }

    @Test
    void sizesReadAsLsmemPrintsThem() {
        assertThat(TopologyRender.size(8L << 30)).isEqualTo("8G");
        assertThat(TopologyRender.size(1536L << 20)).isEqualTo("1.5G");
    }
}
