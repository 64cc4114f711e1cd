package org.sysplug.framework.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Target;
import org.sysplug.framework.shell.DeviceCommands.Command;

/**
 * Whatever an operator types after {@code sysplug:online}/{@code offline}/{@code add}/{@code eject}
 * (class, list, zone, deadline: garbage, huge numbers, control and non-ASCII characters, paths
 * without their backslash), the command line becomes a request of valid targets or one usage
 * message in words, never another exception nor Java's text, and never a list of millions.
 */
class DeviceCommandLineProperties {

    @Provide
    Arbitrary<String> words() {
        Arbitrary<String> listy = Arbitraries.strings().withChars("0123456789-,:").ofMaxLength(24);
        Arbitrary<String> numbers = Arbitraries.longs().map(n -> Long.toString(n));
        Arbitrary<String> classes = Arbitraries.of("cpu", "memory", "node", "CPU", "cpus", "mem", "", "firmware",
                "\\_SB.NOD1", "_SB.NOD1", "\\_sb.nod1", "\\_\u017fb.nod1", "../x", "cpu/../..");
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(30);
        return Arbitraries.oneOf(listy, numbers, classes, any, Arbitraries.of("0-4294967295", "1-999999999999",
                "0-2147483647:1", "3-1", "1:0", "0-3:", ",", "-", "1e9", "0x10", "\u0000", "cpu 1"));
    }

    @Provide
    Arbitrary<List<String>> lines() {
        return words().list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.oneOf(Arbitraries.of("", "movable", "kernel", "Movable", "normal", "dma"),
                Arbitraries.strings().ofMaxLength(10));
    }

    @Provide
    Arbitrary<Double> deadlines() {
        return Arbitraries.oneOf(Arbitraries.of(0.0, -1.0, 1e10, 1e300, Double.NaN, Double.POSITIVE_INFINITY,
                Double.MIN_VALUE, 0.0001), Arbitraries.doubles());
    }

    @Property(tries = 3000)
    void aCommandLineIsARequestOrOneUsageMessage(@ForAll Command command, @ForAll("lines") List<String> args,
            @ForAll("zones") String zone, @ForAll boolean dryRun, @ForAll("deadlines") double deadline) {
        HotplugRequest request;
        try {
            request = DeviceCommands.requestFor(command, args, zone, dryRun, deadline);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("java.").doesNotContain("Exception")
                    .doesNotContain("\n");
            return;
        }
        assertThat(request.operation()).isEqualTo(command.operation);
        assertThat(request.targets()).isNotEmpty().hasSizeLessThanOrEqualTo(1 << 20);
        for (Target t : request.targets()) {
            // a name that passed is one Target.of accepts again as it is: nothing that could leave a tree
            assertThat(Target.of(t.name())).isEqualTo(t);
            assertThat(t.name()).doesNotContain("/").doesNotContain("..");
        }
    }
}
