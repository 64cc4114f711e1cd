package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    /** A Gogo command that records the arguments it received. */
    public static final class Recorder {
        final List<String> received = new ArrayList<>();

        public void rec(String... args) {
            received.addAll(List.of(args));
        }
    }

    private static List<String> roundTrip(List<String> args) throws Exception {
        Recorder recorder = new Recorder();
        try (Gogo gogo = new Gogo().with("test", recorder, "rec")) {
            List<String> words = new ArrayList<>();
            words.add("rec");
            words.addAll(args);
            gogo.session.execute(CommandLine.of(words));
        }
        return recorder.received;
    }

    @Test
    void plainWordsStayUnquoted() {
        assertEquals("request -n 3 cpu:0 /sys/devices/system/cpu1 a.b_c+d",
                CommandLine.of(List.of("request", "-n", "3", "cpu:0", "/sys/devices/system/cpu1", "a.b_c+d")));
    }

    @Test
    void everythingElseIsSingleQuoted() {
        assertEquals("'\\_SB.NOD1'", CommandLine.quote("\\_SB.NOD1"));
        assertEquals("'a b'", CommandLine.quote("a b"));
        assertEquals("''", CommandLine.quote(""));
        assertEquals("'it'\\''s'", CommandLine.quote("it's"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\\_SB.NOD1", "\\_SB_.PCI0", "a b", "  padded  ", "it's", "say \"hi\"", "$HOME", "${x}",
            "a;b", "a|b", "a&b", "{x}", "(x)", "[1,2]", "<in", ">out", "*", "?", "~", "#hash",
            "%(1+1)", "x=y", "back\\slash\\", "tab\there", "line\nbreak", "ünïcödé", "'", "\\",
    })
    void gogoReceivesEachArgumentIntact(String arg) throws Exception {
        assertEquals(List.of(arg, "next"), roundTrip(List.of(arg, "next")));
    }

    @Test
    void anEmptyArgumentArrivesAsOne() throws Exception {
        assertEquals(List.of("", "x"), roundTrip(List.of("", "x")));
    }

    @Test
    void commandNameIsThePlainFirstWordLowerCased() {
        assertEquals("lb", CommandLine.commandName("lb -s"));
        assertEquals("felix:lb", CommandLine.commandName("  Felix:LB"));
        assertNull(CommandLine.commandName("x = 5"));
        assertNull(CommandLine.commandName("'quoted' a"));
        assertNull(CommandLine.commandName("(lb)"));
        assertNull(CommandLine.commandName(""));
    }

    @Test
    void aWholeCommandLineGivenAsOneWordIsReadAsALine() {
        assertEquals("sysplug:offline cpu 3", CommandLine.of(List.of("sysplug:offline cpu 3")));
        assertEquals("sysplug:online memory 40 '\\_SB'", CommandLine.of(List.of(" sysplug:online memory 40", "\\_SB")));
        // a later word with blanks is one argument, as always
        assertEquals("echo 'a b'", CommandLine.of(List.of("echo", "a b")));
    }
}
