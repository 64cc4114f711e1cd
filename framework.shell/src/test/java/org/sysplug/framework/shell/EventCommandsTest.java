package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.sysplug.framework.DeviceChange;
import org.sysplug.framework.RequestQueue;

class EventCommandsTest {

    @Test
    void withoutAFilterItFollowsRequestAndDeviceEvents() {
        assertThat(EventCommands.topics(List.of())).containsExactly("org/sysplug/request/*", "org/sysplug/device/*");
    }

    @Test
    void aFilterIsAWordATypeOrATopic() {
        assertThat(EventCommands.topics(List.of("device"))).containsExactly("org/sysplug/device/*");
        assertThat(EventCommands.topics(List.of("requests"))).containsExactly("org/sysplug/request/*");
        assertThat(EventCommands.topics(List.of("online"))).containsExactly("org/sysplug/device/ONLINE");
        assertThat(EventCommands.topics(List.of("FAILED"))).containsExactly("org/sysplug/request/FAILED");
        assertThat(EventCommands.topics(List.of("org/osgi/framework/*"))).containsExactly("org/osgi/framework/*");
    }

    @Test
    void anUnknownFilterIsAUsageErrorThatSaysWhatIsKnown() {
        assertThatThrownBy(() -> EventCommands.topics(List.of("onlin"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'onlin'").hasMessageContaining("request, device");
        assertThatThrownBy(() -> EventCommands.topics(List.of("device", "request")))
                .hasMessageContaining("one filter");
        assertThatThrownBy(() -> EventCommands.topics(List.of("org//x"))).hasMessageContaining("not an event topic");
    }

    @Test
    void aDeviceEventIsOneLineWithItsClassNodeZoneAndRequest() {
        Event e = new Event(DeviceChange.Type.ONLINE.topic(), Map.of(DeviceChange.EVENT_DEVICE, "memory40",
                DeviceChange.EVENT_CLASS, "memory", DeviceChange.EVENT_NODE, 1, DeviceChange.EVENT_ZONE, "Movable",
                RequestQueue.EVENT_ID, 12L));

        assertThat(EventCommands.line(e)).matches("[0-9:.]{12} DEVICE  ONLINE    memory40 \\(memory, node 1, zone Movable\\) request 12");
    }

    @Test
    void aRequestEventNamesItsTargetsCompressedAndItsJsonInFull() {
        String[] targets = IntStream.rangeClosed(1000, 20999).mapToObj(i -> "memory" + i).toArray(String[]::new);
        Event e = new Event(RequestQueue.TOPIC_SUCCEEDED, Map.of(RequestQueue.EVENT_ID, 12L,
                RequestQueue.EVENT_OPERATION, "OFFLINE", RequestQueue.EVENT_TARGETS, targets,
                RequestQueue.EVENT_STATUS, "SUCCEEDED"));

        assertThat(EventCommands.line(e)).endsWith(" REQUEST SUCCEEDED request 12 OFFLINE memory1000-20999");
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) EventCommands.json(e).get("properties");
        assertThat((List<?>) props.get(RequestQueue.EVENT_TARGETS)).hasSize(20_000);
    }
}
