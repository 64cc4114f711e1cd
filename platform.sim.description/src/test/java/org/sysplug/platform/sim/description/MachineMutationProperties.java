package org.sysplug.platform.sim.description;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.statistics.Statistics;
import org.sysplug.platform.sim.description.MachineDescription.Device;
import org.sysplug.platform.sim.description.MachineDescription.Kind;
import org.sysplug.platform.sim.description.MachineDescription.Range;

/**
 * The shipped machine files, mutated as a careless editor, a broken disk or a hostile user would
 * (bytes flipped, cut short, lines repeated, dropped or swapped, numbers made huge, YAML
 * punctuation dropped in): each reads as a machine within the simulator's limits, or fails with a
 * {@link DescriptionException} of one line naming the file and a line; never another exception,
 * never a hang. 1,000 tries in {@code mvn verify}; {@code -Dsysplug.fuzz.tries=10000} raises them.
 */
class MachineMutationProperties {

    /** Far beyond what a try takes; only a hang reaches it. */
    private static final Duration HANG = Duration.ofSeconds(30);

    private static final Map<String, byte[]> SHIPPED = readShipped();

    /** Numbers a mutation puts in place of one the file wrote. */
    private static final List<String> HUGE = List.of("0", "-1", "4096", "8193", "65536", "262145", "2147483647", "2147483648",
            "4294967296", "9223372036854775807", "9223372036854775808", "99999999999999999999999", "0xffffffffffffffffff",
            "8EiB", "16PiB", "4KiB", "1" + "0".repeat(400));

    /** YAML that a mutation drops into the file. */
    private static final List<String> SNIPPETS = List.of("&a ", "*a", "[", "]", "{", "}", ": ", "\n- ", "\t", "'", "\"", "!!binary ",
            "<<: *a\n", "? ", "|\n", "%YAML 1.1\n", "\u0000", "\uFEFF", "\\", "---\n", "...\n", "#", "&b [*a, *a, *a]",
            "\r", "\u2028", "~", "null", "!!map ", "\u017F");

    enum Edit {
        SET_BYTE, FLIP_BIT, TRUNCATE, DUPLICATE_LINE, DELETE_LINE, SWAP_LINES, HUGE_NUMBER, INSERT, INDENT, DEDENT
    }

    /** One change to a file; positions and choices are taken modulo what the file has. */
    record Mutation(Edit kind, int at, int other, int value) {
    }

    @Property(tries = 1000)
    @AddLifecycleHook(TriesFromSystemProperty.class)
    void aMutatedMachineFileReadsWithinTheLimitsOrFailsInOneLineNamingFileAndLine(
            @ForAll("shipped") String machine, @ForAll @Size(min = 1, max = 4) List<@From("mutations") Mutation> mutations) {
        byte[] bytes = SHIPPED.get(machine);
        for (Mutation m : mutations) {
            bytes = apply(bytes, m);
        }
        String source = machine + ".yaml";
        byte[] file = bytes;

        Object outcome = assertTimeoutPreemptively(HANG, () -> {
            try {
                return MachineSource.parse(source, file);
            } catch (DescriptionException e) {
                return e;
            }
        });

        if (outcome instanceof DescriptionException e) {
            Statistics.label("outcome").collect("refused");
            assertThat(e.getMessage()).doesNotContain("\n", "\r").matches(Pattern.quote(source) + ":\\d+: .+").hasSizeLessThan(1000);
        } else {
            Statistics.label("outcome").collect("read");
            assertWithinLimits((MachineDescription) outcome);
        }
    }

    private static void assertWithinLimits(MachineDescription d) {
        assertThat(d.processors()).isPositive().isLessThanOrEqualTo(Limits.PROCESSORS);
        assertThat(d.possibleCpus()).isBetween(1, MachineDescription.MAX_CPUS);
        assertThat(d.possibleNodes()).isBetween(1, MachineDescription.MAX_NODES);
        assertThat(d.devices()).hasSizeLessThanOrEqualTo(Limits.DEVICES);
        long blocks = d.devices().stream().filter(x -> x.kind() == Kind.MEMORY).flatMap(x -> x.ranges().stream())
                .mapToLong(r -> r.size() / d.blockSize()).sum();
        assertThat(blocks).isPositive().isLessThanOrEqualTo(Limits.BLOCKS);
        for (Device device : d.devices()) {
            for (Range r : device.ranges()) {
                assertThat(r.start() % d.blockSize()).isZero();
                assertThat(r.end()).isPositive();
            }
        }
        assertThat(d.name()).isNotBlank().doesNotContain("\n").hasSizeLessThanOrEqualTo(Limits.NAME_CHARS);
    }

    @Provide
    Arbitrary<String> shipped() {
        return Arbitraries.of(SHIPPED.keySet());
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.of(Edit.class), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().between(0, 255)).as(Mutation::new);
    }

    static byte[] apply(byte[] bytes, Mutation m) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = m.at() % bytes.length;
        return switch (m.kind()) {
            case SET_BYTE -> {
                byte[] out = bytes.clone();
                out[at] = (byte) m.value();
                yield out;
            }
            case FLIP_BIT -> {
                byte[] out = bytes.clone();
                out[at] ^= (byte) (1 << (m.value() % 8));
                yield out;
            }
            case TRUNCATE -> Arrays.copyOf(bytes, at);
            case INSERT -> insert(bytes, at, SNIPPETS.get(m.value() % SNIPPETS.size()).getBytes(StandardCharsets.UTF_8));
            case HUGE_NUMBER -> hugeNumber(bytes, m);
            default -> lines(bytes, m);
        };
    }

    private static byte[] insert(byte[] bytes, int at, byte[] what) {
        byte[] out = new byte[bytes.length + what.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(bytes, at, out, at + what.length, bytes.length - at);
        return out;
    }

    /** Replaces one run of digits (the file's counts, sizes, ids) with a number from {@link #HUGE}. */
    private static byte[] hugeNumber(byte[] bytes, Mutation m) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<int[]> runs = new ArrayList<>();
        Matcher digits = Pattern.compile("(0x)?[0-9a-fA-F]*[0-9]+").matcher(text);
        while (digits.find()) {
            runs.add(new int[] {digits.start(), digits.end()});
        }
        if (runs.isEmpty()) {
            return bytes;
        }
        int[] run = runs.get(m.at() % runs.size());
        String replaced = text.substring(0, run[0]) + HUGE.get(m.value() % HUGE.size()) + text.substring(run[1]);
        return replaced.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Line mutations: repeat, drop, swap, indent or dedent lines, as an editor slip would. */
    private static byte[] lines(byte[] bytes, Mutation m) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1)));
        int i = m.at() % lines.size();
        int j = m.other() % lines.size();
        switch (m.kind()) {
            case DUPLICATE_LINE -> lines.add(j, lines.get(i));
            case DELETE_LINE -> lines.remove(i);
            case SWAP_LINES -> {
                String a = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, a);
            }
            case INDENT -> lines.set(i, "  " + lines.get(i));
            case DEDENT -> lines.set(i, lines.get(i).replaceFirst("^ {1,2}", ""));
            default -> throw new IllegalArgumentException(m.kind().name());
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, byte[]> readShipped() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : MachineSource.BUILT_IN) {
            try (InputStream in = MachineMutationProperties.class.getResourceAsStream("/machines/" + name + ".yaml")) {
                assertThat(in).as("shipped machine %s", name).isNotNull();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                files.put(name, out.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Lets a profile run raise the tries: {@code -Dsysplug.fuzz.tries=10000}. */
    static final class TriesFromSystemProperty implements AroundPropertyHook {

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            Integer tries = Integer.getInteger("sysplug.fuzz.tries");
            if (tries != null) {
                context.attributes().setTries(tries);
            }
            return property.execute();
        }
    }
}
