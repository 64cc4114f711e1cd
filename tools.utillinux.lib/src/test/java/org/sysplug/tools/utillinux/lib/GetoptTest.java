package org.sysplug.tools.utillinux.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** getopt_long as util-linux's tools call it, on a made-up tool with chmem's kind of options. */
class GetoptTest {

    private static final Getopt GETOPT = new Getopt("tool", "de:vz:", List.of(
            new Getopt.LongOption("disable", false, 'd'), new Getopt.LongOption("enable", true, 'e'),
            new Getopt.LongOption("verbose", false, 'v'), new Getopt.LongOption("zone", true, 'z'),
            new Getopt.LongOption("zones", false, 'Z'), Getopt.LongOption.optional("summary", 'S')),
            new char[] { 'd', 'e' });

    private final List<String> seen = new ArrayList<>();

    private List<String> parse(String... args) throws ToolExit {
        return GETOPT.parse(List.of(args), (c, arg) -> seen.add(c + (arg == null ? "" : "=" + arg)));
    }

    @Test
    void optionsReachTheToolInOrderAndOperandsMayStandAnywhere() throws ToolExit {
        List<String> operands = parse("first", "-vz", "Movable", "--enable=1G", "second", "--", "-d");

        assertThat(seen).containsExactly("v", "z=Movable", "e=1G");
        assertThat(operands).containsExactly("first", "second", "-d");
    }

    @Test
    void aUniquePrefixOfALongOptionIsThatOption() throws ToolExit {
        parse("--verb", "--en", "2", "--summary=only", "--summary");
        assertThat(seen).containsExactly("v", "e=2", "S=only", "S");
    }

    @Test
    void errorsAreGlibcsWordsAndTheHint() {
        assertThatThrownBy(() -> parse("--zon", "x")).isInstanceOfSatisfying(ToolExit.class, e -> assertThat(e.stderr())
                .isEqualTo("tool: option '--zon' is ambiguous; possibilities: '--zone' '--zones'\n"
                        + "Try 'tool --help' for more information.\n"));
        assertThatThrownBy(() -> parse("-x")).isInstanceOfSatisfying(ToolExit.class, e -> assertThat(e.stderr())
                .startsWith("tool: invalid option -- 'x'\n"));
        assertThatThrownBy(() -> parse("--enable")).isInstanceOfSatisfying(ToolExit.class, e -> assertThat(e.stderr())
                .startsWith("tool: option '--enable' requires an argument\n"));
        assertThatThrownBy(() -> parse("--verbose=yes")).isInstanceOfSatisfying(ToolExit.class, e -> assertThat(e.stderr())
                .startsWith("tool: option '--verbose' doesn't allow an argument\n"));
        assertThatThrownBy(() -> parse("-e")).isInstanceOfSatisfying(ToolExit.class, e -> assertThat(e.status()).isEqualTo(1));
    }

    @Test
    void exclusiveOptionsStopTheRunWhereTheSecondOneStands() {
        assertThatThrownBy(() -> parse("-v", "--disable", "-e", "1G", "-v"))
                .isInstanceOfSatisfying(ToolExit.class, e -> assertThat(e.stderr()).startsWith("tool: options "));
        assertThat(seen).containsExactly("v", "d");
    }

    @Test
    void anOptionalArgumentOfAShortOptionIsTheRestOfItsWordOnly() throws ToolExit {
        Getopt lscpuLike = new Getopt("tool", "ae::p::", List.of());
        List<String> got = new ArrayList<>();
        List<String> operands = lscpuLike.parse(List.of("-e", "CPU", "-eCPU,NODE", "-ae=CORE", "-p"),
                (c, arg) -> got.add(c + (arg == null ? "" : "=" + arg)));

        assertThat(got).containsExactly("e", "e=CPU,NODE", "a", "e==CORE", "p");
        assertThat(operands).containsExactly("CPU");
    }
}
