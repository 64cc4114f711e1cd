package org.sysplug.platform.sim.description;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.platform.sim.description.MachineDescription.Device;
import org.sysplug.platform.sim.description.MachineDescription.Kind;

/**
 * Machine files an operator might hand to {@code sim:load} or ConfigAdmin by mistake or on
 * purpose, as real files: each is one error line naming the file (and the line and field when
 * there is one), read in bounded time and memory, or a machine within the simulator's limits.
 * A regression that hangs fails on the timeout instead of hanging the build.
 */
class MachineFileTest {

    /** Far beyond what any of these takes; only a hang reaches it. */
    private static final Duration HANG = Duration.ofSeconds(60);

    private static final String CPU0 = "  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}\n";
    private static final String MEM0 = "  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 1GiB}\n";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static MachineDescription load(Path file) {
        return assertTimeoutPreemptively(HANG, () -> MachineSource.load(file.toString()));
    }

    /** The error loading {@code file} gives: one line, starting with the file's name. */
    private static String error(Path file) {
        DescriptionException e = assertTimeoutPreemptively(HANG,
                () -> catchThrowableOfType(DescriptionException.class, () -> MachineSource.load(file.toString())));
        assertThat(e).as("an error for %s", file).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n").startsWith(file.toString() + ":").hasSizeLessThan(400);
        return e.getMessage().substring(file.toString().length());
    }

    @Test
    void anEmptyFileIsLineOne() throws IOException {
        assertThat(error(write("empty.yaml", ""))).isEqualTo(":1: the file is empty; a machine needs at least name and firmware");
        assertThat(error(write("comments.yaml", "# nothing yet\n\n"))).startsWith(":1: the file is empty");
    }

    @Test
    void invalidYamlNamesItsLine() throws IOException {
        assertThat(error(write("tabs.yaml", "name: x\nfirmware:\n\t- path: a\n"))).startsWith(":3: YAML syntax: ");
        assertThat(error(write("open.yaml", "name: x\nfirmware: [\n  {path: a\n"))).matches(":[34]: YAML syntax: .*");
        assertThat(error(write("two.yaml", "name: x\n---\nname: y\n"))).isEqualTo(":2: YAML syntax: but found another document (expected a single document in the stream)");
    }

    @Test
    void wrongTypesNameTheField() throws IOException {
        assertThat(error(write("list.yaml", "- name: x\n"))).isEqualTo(":1: : expected a mapping (key: value lines), got a list");
        assertThat(error(write("name.yaml", "name: [a, b]\nfirmware: []\n")))
                .isEqualTo(":1: name: expected a text, got a list");
        assertThat(error(write("count.yaml", "name: x\nfirmware:\n" + MEM0
                + "  - {path: \\_SB.NOD1, type: container, node: 0, cpus: {count: {a: 1}, apic-base: 0}}\n")))
                .isEqualTo(":4: firmware[1].cpus.count: expected a number of processors from 1 to 8192, got a mapping");
        assertThat(error(write("bool.yaml", "name: x\nmovable-node: 1\nfirmware: []\n")))
                .isEqualTo(":2: movable-node: expected true or false, got \"1\"");
    }

    @Test
    void negativeAndHugeCountsNameTheField() throws IOException {
        String container = "name: x\nfirmware:\n" + MEM0 + "  - path: \\_SB.NOD1\n    type: container\n    node: 0\n";
        assertThat(error(write("negative.yaml", container + "    cpus: {count: -1, apic-base: 0}\n")))
                .isEqualTo(":7: firmware[1].cpus.count: expected a number of processors from 1 to 8192, got \"-1\"");
        assertThat(error(write("huge.yaml", container + "    cpus: {count: 99999999999999999999999, apic-base: 0}\n")))
                .isEqualTo(":7: firmware[1].cpus.count: expected a number of processors from 1 to 8192, "
                        + "got \"99999999999999999999999\"");
        assertThat(error(write("over.yaml", container + "    cpus: {count: 8193, apic-base: 0}\n")))
                .startsWith(":7: firmware[1].cpus.count: expected a number of processors from 1 to 8192");
        assertThat(error(write("nodes.yaml", "name: x\npossible-nodes: 2147483648\nfirmware: []\n")))
                .isEqualTo(":2: possible-nodes: expected a number of nodes from 1 to 1024, got \"2147483648\"");
        assertThat(error(write("apic.yaml", container + "    cpus: {count: 8, apic-base: 0xfffffffe}\n")))
                .isEqualTo(":7: firmware[1].cpus.apic-base: the last of 8 processors would have APIC id 4294967301, "
                        + "beyond 0xffffffff; lower apic-base, apic-stride or count");
    }

    @Test
    void fiveThousandCpusInOneContainerAreNamedAsTheFileSays() throws IOException {
        // before, processor 4096 got the name C1000, a path the user never wrote, refused as invalid
        MachineDescription d = load(write("cpus.yaml", "name: x\nfirmware:\n" + MEM0
                + "  - {path: \\_SB.NOD1, type: container, node: 0, cpus: {count: 5000, apic-base: 0}}\n"));

        assertThat(d.processors()).isEqualTo(5000);
        assertThat(d.devices()).extracting(Device::path)
                .contains("\\_SB.NOD1.C000", "\\_SB.NOD1.CFFF", "\\_SB.NOD1.D000", "\\_SB.NOD1.D387")
                .doesNotContain("\\_SB.NOD1.C1000");
    }

    @Test
    void processorsPastTheLimitNameTheCountThatBreaksIt() throws IOException {
        assertThat(error(write("many.yaml", "name: x\nfirmware:\n" + MEM0
                + "  - {path: \\_SB.NOD1, type: container, node: 0, cpus: {count: 8192, apic-base: 0}}\n"
                + "  - {path: \\_SB.NOD2, type: container, node: 0, present: false, cpus: {count: 1, apic-base: 9000}}\n")))
                .isEqualTo(":5: firmware[2].cpus.count: 1 more processors make 8,193, more than the 8,192 a machine may have "
                        + "(x86-64's largest NR_CPUS)");
    }

    @Test
    void memoryPastTheBlockLimitNamesTheSize() throws IOException {
        // these took 65 s to run out of heap, and failed with "Illegal Capacity: -2147483648"
        String small = "name: x\nblock-size: 4KiB\nfirmware:\n" + CPU0
                + "  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: %s}\n";
        assertThat(error(write("512g.yaml", String.format(small, "512GiB"))))
                .isEqualTo(":5: firmware[1].size: 512GiB is 134,217,728 blocks of 4KiB, more than the 262,144 memory blocks "
                        + "a machine may have (1GiB of 4KiB blocks); use a larger block-size or less memory");
        assertThat(error(write("8t.yaml", String.format(small, "8TiB"))))
                .startsWith(":5: firmware[1].size: 8TiB is 2,147,483,648 blocks of 4KiB, more than the 262,144");
        assertThat(error(write("slots.yaml", "name: x\nfirmware:\n" + CPU0 + MEM0
                + "  - {path: \\_SB.MEM1, type: memory, node: 0, present: false, start: 1GiB, size: 32TiB}\n")))
                .isEqualTo(":5: firmware[2].size: 32TiB is 262,144 blocks of 128MiB, 262,152 with the memory before it, more than "
                        + "the 262,144 memory blocks a machine may have (32TiB of 128MiB blocks); use a larger block-size or less memory");
        StringBuilder huge = new StringBuilder("name: x\nblock-size: 1PiB\nfirmware:\n" + CPU0
                + "  - {path: \\_SB.MEM0, type: memory, node: 0, ranges: [");
        for (int i = 0; i < 129; i++) {
            huge.append(i == 0 ? "" : ", ").append("{start: 0, size: 0x2000000000000000}");
        }
        assertThat(error(write("overlapping.yaml", huge + "]}\n")))
                .isEqualTo(":5: firmware[1].ranges[128].size: 2048PiB is 2,048 blocks of 1PiB, 264,192 with the memory before it, "
                        + "more than the 262,144 memory blocks a machine may have; use a larger block-size or less memory");
        MachineDescription atTheLimit = load(write("limit.yaml", "name: x\nfirmware:\n" + CPU0
                + "  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 32TiB}\n"));
        assertThat(atTheLimit.devices().get(1).ranges().get(0).size() / atTheLimit.blockSize()).isEqualTo(262_144);
    }

    @Test
    void aBlockSizeOfZeroOrNotAPowerOfTwoIsRefused() throws IOException {
        assertThat(error(write("zero.yaml", "name: x\nblock-size: 0\nfirmware: []\n")))
                .isEqualTo(":2: block-size: the block size must be a power of two of at least 4KiB (the kernel's is 128MiB to 2GiB), got 0");
        assertThat(error(write("odd.yaml", "name: x\nblock-size: 3000\nfirmware: []\n")))
                .isEqualTo(":2: block-size: the block size must be a power of two of at least 4KiB (the kernel's is 128MiB to 2GiB), "
                        + "got 3000B");
        assertThat(error(write("negative.yaml", "name: x\nblock-size: -128MiB\nfirmware: []\n")))
                .isEqualTo(":2: block-size: expected an address such as 0x240000000 or 9GiB, got \"-128MiB\"");
    }

    @Test
    void duplicateIdsAndKeysNameBothPlaces() throws IOException {
        assertThat(error(write("paths.yaml", "name: x\nfirmware:\n" + CPU0 + MEM0
                + "  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 1}\n")))
                .isEqualTo(":5: firmware[2].path: \\_SB.CPU0 is already defined at firmware[0].path (line 3)");
        assertThat(error(write("apic.yaml", "name: x\nfirmware:\n" + CPU0 + MEM0
                + "  - {path: \\_SB.CPU1, type: processor, node: 0, apic-id: 0}\n")))
                .isEqualTo(":5: firmware[2].apic-id: APIC id 0 (\\_SB.CPU1) is already used at firmware[0].apic-id (line 3); "
                        + "every processor needs its own");
        assertThat(error(write("keys.yaml", "name: x\nfirmware: []\nname: y\n")))
                .isEqualTo(":3: name: given twice (first at line 1)");
        assertThat(error(write("folded.yaml", "name: x\nfirmware:\n  - {path: \\_ſb.cpu0, type: processor, node: 0, apic-id: 0}\n")))
                .startsWith(":3: firmware[0].path: \"\\_ſb.cpu0\" is not a namespace path");
    }

    @Test
    void anAliasBombIsRefusedAtTheAliasThatCrossesTheLimit() throws IOException {
        // billion laughs: 9^7 leaves if the aliases were expanded
        StringBuilder yaml = new StringBuilder("name: laughs\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 7; i++) {
            String a = "*l" + (i - 1);
            yaml.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", a, a, a, a, a, a, a, a, a)).append("]\n");
        }
        yaml.append("firmware: *l7\n");

        assertThat(error(write("laughs.yaml", yaml.toString())))
                .isEqualTo(":8: more than 50 aliases (*name) of lists and mappings, which repeat whole subtrees "
                        + "(a YAML alias bomb?); write the devices out instead");
    }

    @Test
    void fewAliasesThatRepeatManyDevicesStopAtTheDeviceLimit() throws IOException {
        // 2,000 containers repeated under 20 parents by 19 aliases: 40,000 device objects from a 70 KiB file
        StringBuilder yaml = new StringBuilder("name: x\nfirmware:\n" + CPU0 + MEM0
                + "  - path: \\_SB.P000\n    type: container\n    node: 0\n    devices: &many\n");
        for (int i = 0; i < 2000; i++) {
            yaml.append(String.format("      - {path: K%03X, type: container}%n", i));
        }
        for (int i = 1; i < 20; i++) {
            yaml.append(String.format("  - {path: \\_SB.P%03d, type: container, node: 0, devices: *many}%n", i));
        }

        assertThat(error(write("expanded.yaml", yaml.toString())))
                .matches(":\\d+: firmware\\[\\d+\\]\\.devices\\[\\d+\\]: \\\\_SB\\.P\\d+\\.K[0-9A-F]+ is one device "
                        + "object more than the 32,768 a machine may have");
    }

    @Test
    void deepNestingNamesItsLine() throws IOException {
        assertThat(error(write("deep.yaml", "name: x\nfirmware: " + "[".repeat(100) + "]".repeat(100) + "\n")))
                .isEqualTo(":2: lists and mappings nested more than 40 deep; a machine file needs about 20 for containers 8 deep");
    }

    @Test
    void aFiftyMegabyteFileIsRefusedUnread() throws IOException {
        Path file = dir.resolve("50mb.yaml");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("name: ".getBytes(StandardCharsets.US_ASCII));
            byte[] a = new byte[1 << 20];
            Arrays.fill(a, (byte) 'a');
            for (int i = 0; i < 50; i++) {
                out.write(a);
            }
        }

        assertThat(error(file)).isEqualTo(": 52,428,806 bytes is more than a machine file may hold (1,048,576 bytes; "
                + "the shipped scale-1024 takes 3 KiB): is it the right file?");
    }

    @Test
    void aLongScalarUnderTheLimitIsQuotedShort() throws IOException {
        String message = error(write("long.yaml", "name: x\nblock-size: " + "1".repeat(200_000) + "\nfirmware: []\n"));

        assertThat(message).startsWith(":2: block-size: expected an address such as 0x240000000 or 9GiB, got \"111")
                .endsWith("... (200,000 characters)\"");
    }

    @Test
    void nonUtf8BytesNameTheLineAndTheField() throws IOException {
        byte[] latin1 = ("name: x\nfirmware:\n  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0, uid: caf\u00e9}\n" + MEM0)
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(error(write("latin1.yaml", latin1)))
                .isEqualTo(":3: firmware[0].uid: byte 0xE9 at column 69 is not UTF-8; save the file as UTF-8 "
                        + "(iconv -f latin1 -t utf-8 converts a Latin-1 file)");
        byte[] comment = "name: x\n# na\u00efve\nfirmware: []\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(error(write("comment.yaml", comment))).startsWith(":2: byte 0xEF at column 5 is not UTF-8");
        byte[] binary = {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xFF, (byte) 0xFE, 0, 1};
        assertThat(error(write("binary.yaml", binary))).startsWith(":1: name: byte 0xFF at column 7 is not UTF-8");
    }

    @Test
    void controlCharactersNameTheLineAndTheField() throws IOException {
        assertThat(error(write("nul.yaml", "name: x\nfirmware:\n  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0, uid: a\0b}\n")))
                .isEqualTo(":3: firmware[0].uid: character U+0000 at column 67 is not allowed in YAML (control characters "
                        + "other than tab and line breaks are not); remove it");
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("machine.yaml");
        assumeTrue(mkfifo(fifo), "mkfifo is not available");

        // it hung sim:load, and through ConfigAdmin the configuration thread, for good
        assertThat(error(fifo)).isEqualTo(": is not a regular file (a FIFO, socket or device); a machine file is read whole: "
                + "save the description to a file and load that");

        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), fifo);
        assertThat(error(link)).startsWith(": is not a regular file (a FIFO, socket or device)");
    }

    @Test
    void devicesAndDirectoriesAreRefused() throws IOException {
        assertThat(error(dir)).isEqualTo(": is a directory; name a YAML machine description in it");
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero");
        assertThat(error(zero)).startsWith(": is not a regular file (a FIFO, socket or device)");
    }

    @Test
    void aNameNoFileCanHaveIsOneLine() {
        DescriptionException e = catchThrowableOfType(DescriptionException.class, () -> MachineSource.load("machine\0.yaml"));

        assertThat(e.getMessage()).isEqualTo("machine\\u0000.yaml: not a file name (Nul character not allowed); "
                + "name a YAML machine description or one of default, server-4node, scale-1024");
    }

    @Test
    void aLinkToAMachineFileIsFollowed() throws IOException {
        Path file = write("real.yaml", "name: linked\nfirmware:\n" + CPU0 + MEM0);
        Path link = Files.createSymbolicLink(dir.resolve("machine.yaml"), file);

        MachineDescription d = load(link);

        assertThat(d.name()).isEqualTo("linked");
        assertThat(d.devices()).extracting(Device::kind).containsExactly(Kind.PROCESSOR, Kind.MEMORY);
    }

    @Test
    void aNameIsOneShortLine() throws IOException {
        assertThat(error(write("longname.yaml", "name: " + "n".repeat(101) + "\nfirmware: []\n")))
                .startsWith(":1: name: expected a text of at most 100 characters, got \"nnn");
        assertThat(error(write("twolines.yaml", "name: \"a\\nb\"\nfirmware: []\n")))
                .isEqualTo(":1: name: expected a text of one line, got \"a\\nb\"");
    }

    @Test
    void aContainerNamesAtMost4096MemoryDevices() throws IOException {
        StringBuilder yaml = new StringBuilder("name: x\nfirmware:\n" + CPU0
                + "  - path: \\_SB.NOD1\n    type: container\n    node: 0\n    memory:\n");
        for (int i = 0; i < 4097; i++) {
            yaml.append(String.format("      - {start: %dGiB, size: 1GiB}%n", i));
        }

        assertThat(error(write("ranges.yaml", yaml.toString())))
                .isEqualTo(":8: firmware[1].memory: 4,097 ranges are more than the 4,096 memory devices a container names "
                        + "(MEM0 to MFFF); merge adjacent ranges or list them in several containers");
    }

    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
