package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Handler;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Phase;

class HandlerPropertiesTest {

    private final Map<String, Object> props = new HashMap<>();

    private HandlerProperties.Declared read() {
        return HandlerProperties.read(props::get);
    }

    @Test
    void readsWhatTheAnnotationDeclares() {
        props.put(Handler.PHASE, "ADD_EXECUTE");
        props.put(Handler.ORDER, 110);
        props.put(Handler.KINDS, new String[] { "ONLINE" });

        assertThat(read()).isEqualTo(new HandlerProperties.Declared(Phase.ADD_EXECUTE, 110, EnumSet.of(Kind.ONLINE)));
    }

    @Test
    void kindsDefaultToBoth() {
        props.put(Handler.PHASE, "delete_commit");
        props.put(Handler.ORDER, 100L);

        assertThat(read().kinds()).containsExactlyInAnyOrder(Kind.HOTPLUG, Kind.ONLINE);
    }

    @Test
    void aMissingRankIsRefusedNotRankedZero() {
        props.put(Handler.PHASE, "ADD_EXECUTE");

        assertThatThrownBy(this::read).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("it has no sysplug.handler.order").hasMessageContaining("@Handler(");
    }

    @Test
    void aRankOutOfRangeOrOfTheWrongTypeIsRefused() {
        props.put(Handler.PHASE, "ADD_EXECUTE");
        props.put(Handler.ORDER, 0x1000000);
        assertThatThrownBy(this::read).hasMessageContaining("outside 0..16777215");
        props.put(Handler.ORDER, -1);
        assertThatThrownBy(this::read).hasMessageContaining("outside");
        props.put(Handler.ORDER, "110");
        assertThatThrownBy(this::read).hasMessageContaining("must be an Integer");
    }

    @Test
    void anUnknownPhaseOrKindIsRefused() {
        props.put(Handler.PHASE, "ADD_EXCUTE");
        props.put(Handler.ORDER, 1);
        assertThatThrownBy(this::read).hasMessageContaining("ADD_EXCUTE");
        props.put(Handler.PHASE, "ADD_EXECUTE");
        props.put(Handler.KINDS, new String[] { "HOTPLG" });
        assertThatThrownBy(this::read).hasMessageContaining("HOTPLG");
        props.put(Handler.KINDS, new String[0]);
        assertThatThrownBy(this::read).hasMessageContaining("no kind");
    }
}
