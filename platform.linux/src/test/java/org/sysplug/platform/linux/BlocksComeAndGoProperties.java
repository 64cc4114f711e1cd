package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.sysplug.platform.Topology;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * A memory block that the kernel adds or removes ({@code add}/{@code remove} uevents) is read
 * alone, not the whole tree again: whatever blocks come and go, in whatever batches, and whatever
 * state they come in (online, offline, unreadable, on a node or none), the machine then shows
 * exactly what a fresh read of the tree shows.
 */
class BlocksComeAndGoProperties {

    /** One kernel event: block {@code id} added (in the given state) or removed. */
    record Event(boolean add, int id, String state, boolean onNode) {
    }

    @Provide
    Arbitrary<Event> events() {
        return Arbitraries.integers().between(0, 11).flatMap(id -> Arbitraries.integers().between(0, 9)
                .flatMap(kind -> Arbitraries.of(true, false).map(onNode -> switch (kind) {
                    case 0, 1 -> new Event(false, id, null, onNode);
                    case 2 -> new Event(true, id, null, true); // its node link appears (after its add event)
                    case 3 -> new Event(true, id, "online\n", onNode);
                    case 4 -> new Event(true, id, "garbage\n", onNode); // state unknown: left out
                    default -> new Event(true, id, "offline\n", onNode);
                })));
    }

    @Property(tries = 60)
    void aMachineToldOfEachBlockReadsAsAFreshReadOfTheTree(
            @ForAll @Size(max = 30) List<@From("events") Event> events, @ForAll @IntRange(min = 1, max = 6) int batch)
            throws Exception {
        Path tmp = Files.createTempDirectory("sysplug-comego");
        try {
            Path root = SyntheticTree.build(tmp.resolve("root"), 2, true, 4, false);
            LinuxMachine m = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));
            m.topology();
            List<String[]> told = new ArrayList<>(); // what the kernel said: action, device
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                String action = e.add() ? add(root, e) : remove(root, e.id());
                if (!action.equals("none")) {
                    told.add(new String[] { action, "memory" + e.id() });
                }
                if (!told.isEmpty() && (told.size() == batch || i == events.size() - 1)) {
                    // a batch of events, then the machine is asked; a state written over an existing
                    // block is a change (online/offline), the rest came or went
                    for (String[] t : told) {
                        if (t[0].equals("change")) {
                            m.changed(t[1]);
                        } else {
                            m.cameOrWent(t[1]);
                        }
                    }
                    told.clear();
                    LinuxMachine fresh = new LinuxMachine(Sysroot.of(root));
                    assertSame(m.topology(), fresh.topology());
                    assertThat(m.unknownDevices()).isEqualTo(fresh.unknownDevices());
                }
            }
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Adds the block, or changes its state if it is there; says which, as the kernel's event
     * would. A link to node0 made for a block that has none is no event at all.
     */
    private static String add(Path root, Event e) throws IOException {
        Path memory = root.resolve("sys/devices/system/memory");
        Path b = memory.resolve("memory" + e.id());
        if (e.state() == null) {
            Path link = root.resolve("sys/devices/system/node/node0/memory" + e.id());
            if (Files.exists(b) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of("../../memory/memory" + e.id()));
            }
            return "none";
        }
        if (Files.exists(b)) {
            Files.writeString(b.resolve("state"), e.state()); // the same block, now in this state
            return "change";
        }
        Files.createDirectory(b);
        Files.writeString(b.resolve("phys_index"), String.format("%08x%n", e.id()));
        Files.writeString(b.resolve("state"), e.state());
        Files.writeString(b.resolve("valid_zones"), e.state().startsWith("online") ? "Normal\n" : "Movable Normal\n");
        Files.writeString(b.resolve("removable"), "1\n");
        if (e.onNode()) {
            Files.createSymbolicLink(root.resolve("sys/devices/system/node/node0/memory" + e.id()),
                    Path.of("../../memory/memory" + e.id()));
        }
        return "add";
    }

    private static String remove(Path root, int id) throws IOException {
        Path b = root.resolve("sys/devices/system/memory/memory" + id);
        Files.deleteIfExists(root.resolve("sys/devices/system/node/node0/memory" + id));
        if (Files.exists(b)) {
            try (var walk = Files.walk(b)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return "remove";
    }

    /** The same machine, whatever the generation counter says. */
    private static void assertSame(Topology incremental, Topology fresh) {
        assertThat(incremental.memory()).isEqualTo(fresh.memory());
        assertThat(incremental.cpus()).isEqualTo(fresh.cpus());
        assertThat(incremental.nodes()).isEqualTo(fresh.nodes());
        assertThat(incremental.blockSize()).isEqualTo(fresh.blockSize());
    }
}
