package org.sysplug.shell.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.shell.CommandDoc;

/** Which typed words are operands: options and the values they take are left out. */
class CommandCompleterTest {

    private static final CommandDoc ONLINE = new CommandDoc("sysplug:online", "bring online", List.of(),
            List.of(new CommandDoc.Option(List.of("-n", "--dry-run"), "", true, boolean.class),
                    new CommandDoc.Option(List.of("-z", "--zone"), "", false, String.class)),
            List.of(), List.of(), List.of("device-class", "device-ids"), "");

    @Test
    void optionsAndTheirValuesAreNoOperands() {
        assertThat(CommandCompleter.operands(ONLINE, List.of("--zone", "movable", "memory"))).containsExactly("memory");
        assertThat(CommandCompleter.operands(ONLINE, List.of("-n", "cpu", "1-3"))).containsExactly("cpu", "1-3");
        assertThat(CommandCompleter.operands(ONLINE, List.of("--unknown", "cpu"))).containsExactly("cpu");
    }

    @Test
    void wordsACandidateWouldDamageAreLeftAlone() {
        // a quoted firmware path: the parsed word and the raw text differ in length
        assertThat(CommandCompleter.completable("'\\_SB.N")).isFalse();
        assertThat(CommandCompleter.completable("\\_SB.N")).isFalse();
        assertThat(CommandCompleter.completable("\"")).isFalse();
        // a device list being typed: one id would replace the whole list
        assertThat(CommandCompleter.completable("1-")).isFalse();
        assertThat(CommandCompleter.completable("0,4")).isFalse();
        assertThat(CommandCompleter.completable("1-3:2")).isFalse();
        // what completion is for
        assertThat(CommandCompleter.completable("sysplug:onl")).isTrue();
        assertThat(CommandCompleter.completable("--z")).isTrue();
        assertThat(CommandCompleter.completable("mem")).isTrue();
        assertThat(CommandCompleter.completable("4")).isTrue();
        assertThat(CommandCompleter.completable("")).isTrue();
    }
}
