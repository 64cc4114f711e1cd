package org.sysplug.platform.sim.description;

import static org.sysplug.platform.sim.description.MachineDescription.MAX_CPUS;
import static org.sysplug.platform.sim.description.MachineDescription.MAX_NODES;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.sysplug.framework.Zone;
import org.sysplug.platform.acpi.Hid;
import org.sysplug.platform.sim.description.MachineDescription.Device;
import org.sysplug.platform.sim.description.MachineDescription.Kind;
import org.sysplug.platform.sim.description.MachineDescription.Range;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a machine description from YAML through SnakeYAML's node API, so that every error
 * names the file, the line and the field. One reader reads one file.
 */
final class DescriptionReader {

    /** x86-64's smallest memory block (MIN_MEMORY_BLOCK_SIZE, one 128 MiB section). */
    static final long DEFAULT_BLOCK_SIZE = 128 * ByteSize.MIB;
    /** x2APIC ids are 32 bits. */
    private static final long MAX_APIC_ID = 0xFFFF_FFFFL;
    /** Deeper nesting is a mistake (or a recursive YAML alias). */
    private static final int MAX_DEPTH = 8;

    private static final Set<String> TOP = keys("name", "description", "block-size", "possible-cpus", "possible-nodes",
            "boot-cpu-hotpluggable", "movable-node", "profiles", "unmovable", "firmware");
    private static final Set<String> COMMON = keys("path", "type", "node", "present", "ejectable", "uid");
    private static final Map<Kind, Set<String>> OWN = new EnumMap<>(Map.of(
            Kind.PROCESSOR, keys("apic-id"),
            Kind.MEMORY, keys("start", "size", "ranges", "zone"),
            Kind.CONTAINER, keys("cpus", "memory", "devices")));
    private static final Set<String> ANY_DEVICE = union(COMMON, OWN.get(Kind.PROCESSOR), OWN.get(Kind.MEMORY),
            OWN.get(Kind.CONTAINER));
    private static final Set<String> CPUS = keys("count", "apic-base", "apic-stride");
    private static final Set<String> RANGE = keys("start", "size");
    private static final Set<String> MEMORY_SHORTHAND = keys("start", "size", "zone");
    private static final Set<String> PROFILES = keys("processor", "memory", "container");

    /** The container a device sits in, or none at the top. */
    private record Parent(String path, int node, boolean present, boolean hotpluggable, int depth) {
    }

    /** A memory range and where the file says it. */
    private record PlacedRange(Range range, YamlValue where, String device, boolean present, Zone zone) {
    }

    private final String source;
    private final List<Device> devices = new ArrayList<>();
    private final Map<String, YamlValue> paths = new HashMap<>();
    private final Map<Long, YamlValue> apicIds = new HashMap<>();
    private final List<PlacedRange> ranges = new ArrayList<>();
    private final Map<Kind, Integer> uids = new EnumMap<>(Kind.class);
    /** Processors so far, present or not. */
    private int processors;
    /** Memory blocks in the ranges so far, present or not. */
    private long blocks;
    private long blockSize;
    private int maxNode = MAX_NODES - 1;
    private boolean movableNode;

    DescriptionReader(String source) {
        this.source = source;
    }

    /** Reads a description from the bytes of a file, which must be UTF-8. */
    MachineDescription read(byte[] bytes) throws DescriptionException {
        if (bytes.length > Limits.FILE_BYTES) {
            throw new DescriptionException(source + ": " + Limits.count(bytes.length) + " bytes is more than a machine file "
                    + "may hold (" + Limits.count(Limits.FILE_BYTES) + " bytes)");
        }
        MachineText.Decoded decoded = MachineText.decode(bytes);
        if (!decoded.valid()) {
            throw located(allowedOnly(decoded.text()), decoded.badIndex(), String.format(Locale.ROOT, "byte 0x%02X", decoded.badByte()),
                    "is not UTF-8; save the file as UTF-8 (iconv -f latin1 -t utf-8 converts a Latin-1 file)");
        }
        return read(decoded.text());
    }

    /** Reads a description from its text. */
    MachineDescription read(String text) throws DescriptionException {
        if (text.length() > Limits.FILE_BYTES) {
            throw new DescriptionException(source + ": " + Limits.count(text.length()) + " characters are more than a machine "
                    + "file may hold (" + Limits.count(Limits.FILE_BYTES) + ")");
        }
        int bad = MachineText.firstNotAllowed(text);
        if (bad >= 0) {
            throw located(allowedOnly(text), bad, String.format(Locale.ROOT, "character U+%04X", text.codePointAt(bad)),
                    "is not allowed in YAML (control characters other than tab and line breaks are not); remove it");
        }
        YamlValue root = new YamlValue(source, compose(text), "");
        YamlValue.Mapping top = root.mapping(TOP);
        String name = top.require("name", "give the machine a name, e.g. name: my-server").text();
        String summary = top.get("description").isPresent() ? top.get("description").get().prose() : "";
        blockSize = DEFAULT_BLOCK_SIZE;
        if (top.has("block-size")) {
            YamlValue v = top.get("block-size").get();
            blockSize = v.address();
            if (Long.bitCount(blockSize) != 1 || blockSize < 4 * ByteSize.KIB) {
                throw v.error("the block size must be a power of two of at least 4KiB (the kernel's is 128MiB to 2GiB), got "
                        + ByteSize.format(blockSize));
            }
        }
        movableNode = flag(top, "movable-node");
        boolean bootCpuHotpluggable = flag(top, "boot-cpu-hotpluggable");
        Optional<YamlValue> possibleNodesField = top.get("possible-nodes");
        if (possibleNodesField.isPresent()) {
            maxNode = (int) possibleNodesField.get().integer(1, MAX_NODES, "a number of nodes from 1 to " + MAX_NODES) - 1;
        }
        Map<String, Boolean> profiles = profiles(top);

        YamlValue firmware = top.require("firmware", "list the machine's devices (processors, memory, containers)");
        List<YamlValue> entries = firmware.list();
        for (YamlValue entry : entries) {
            device(entry, null);
        }
        if (devices.stream().noneMatch(d -> d.kind() == Kind.PROCESSOR && d.present())) {
            throw firmware.error("no present processor: the machine cannot boot; mark at least one processor present");
        }
        if (devices.stream().noneMatch(d -> d.kind() == Kind.MEMORY && d.present())) {
            throw firmware.error("no present memory: the machine cannot boot; mark at least one memory range present");
        }
        checkOverlaps();

        int possibleNodes = possibleNodesField.isPresent() ? maxNode + 1
                : devices.stream().mapToInt(Device::node).max().orElse(0) + 1;
        int possibleCpus = possibleCpus(top);
        List<Range> unmovable = unmovable(top);
        return new MachineDescription(source, name, summary, blockSize, possibleCpus, possibleNodes, bootCpuHotpluggable,
                movableNode, profiles, devices, unmovable);
    }

    /** The YAML node tree, composed within {@link Limits}; aliases stay shared nodes, so nothing is copied. */
    private Node compose(String text) throws DescriptionException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(Limits.ALIASES);
        options.setNestingDepthLimit(Limits.NESTING);
        options.setCodePointLimit(Limits.FILE_BYTES);
        BoundedParser parser = new BoundedParser(new ParserImpl(new StreamReader(text), options));
        Node node;
        try {
            node = new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (BoundedParser.LimitExceeded e) {
            throw new DescriptionException(source + ":" + e.line + ": " + e.getMessage(), e);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = source + ":" + (mark == null ? lastLine(parser) : mark.getLine() + 1);
            String context = e.getContext() == null ? "" : " (" + e.getContext().trim() + ")";
            throw new DescriptionException(where + ": YAML syntax: " + oneLine(e.getProblem()) + oneLine(context), e);
        } catch (YAMLException e) {
            throw new DescriptionException(source + ":" + lastLine(parser) + ": YAML: " + oneLine(e.getMessage()), e);
        }
        if (node == null) {
            throw new DescriptionException(source + ":1: the file is empty; a machine needs at least name and firmware");
        }
        return node;
    }

    private static int lastLine(BoundedParser parser) {
        return parser.lastMark() == null ? 1 : parser.lastMark().getLine() + 1;
    }

    /**
     * An error at a place of the text found before the YAML could be read (a byte that is not
     * UTF-8, a control character): its line and column, and the field when the text, with
     * that character replaced, reads as YAML.
     */
    private DescriptionException located(String text, int index, String what, String problem) {
        String field = "";
        try {
            field = YamlValue.fieldAt(compose(text), text.codePointCount(0, index));
        } catch (DescriptionException | RuntimeException e) {
            // the rest of the file is broken too: the line and column still say where
        }
        return new DescriptionException(source + ":" + MachineText.line(text, index) + ": " + (field.isEmpty() ? "" : field + ": ")
                + what + " at column " + MachineText.column(text, index) + " " + problem);
    }

    /** The text with every character YAML does not allow replaced by U+FFFD. */
    private static String allowedOnly(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(StreamReader.isPrintable(c) ? c : 0xFFFD));
        return out.toString();
    }

    private static boolean flag(YamlValue.Mapping m, String key) throws DescriptionException {
        return m.get(key).isPresent() && m.get(key).get().bool();
    }

    private Map<String, Boolean> profiles(YamlValue.Mapping top) throws DescriptionException {
        Map<String, Boolean> profiles = new TreeMap<>();
        for (String cls : PROFILES) {
            profiles.put(cls, true);
        }
        if (top.has("profiles")) {
            YamlValue.Mapping m = top.get("profiles").get().mapping(PROFILES);
            for (String cls : PROFILES) {
                if (m.has(cls)) {
                    profiles.put(cls, m.get(cls).get().bool());
                }
            }
        }
        return profiles;
    }

    private int possibleCpus(YamlValue.Mapping top) throws DescriptionException {
        long present = devices.stream().filter(d -> d.kind() == Kind.PROCESSOR && d.present()).count();
        long all = devices.stream().filter(d -> d.kind() == Kind.PROCESSOR).count();
        if (top.get("possible-cpus").isEmpty()) {
            if (all > MAX_CPUS) {
                throw top.self().error(all + " processors are more than the kernel's " + MAX_CPUS + " possible CPUs");
            }
            return (int) all;
        }
        YamlValue v = top.get("possible-cpus").get();
        int possible = (int) v.integer(1, MAX_CPUS, "a number of CPUs from 1 to " + MAX_CPUS);
        if (possible < present) {
            throw v.error(possible + " is fewer than the " + present + " processors present at boot");
        }
        return possible;
    }

    private List<Range> unmovable(YamlValue.Mapping top) throws DescriptionException {
        List<Range> out = new ArrayList<>();
        if (top.get("unmovable").isEmpty()) {
            return out;
        }
        // the ranges do not overlap (checkOverlaps), so sorted by start they are sorted by end too
        List<PlacedRange> present = ranges.stream().filter(PlacedRange::present)
                .sorted(Comparator.comparingLong(p -> p.range().start())).toList();
        for (YamlValue entry : top.get("unmovable").get().list()) {
            Range r = range(entry.mapping(RANGE), false);
            if (!covered(r, present)) {
                throw entry.error(r + " is not all present boot memory: unmovable pages live in memory the machine boots with");
            }
            for (int i = firstEndingAfter(present, r.start()); i < present.size() && present.get(i).range().start() < r.end(); i++) {
                PlacedRange p = present.get(i);
                if (p.zone() == Zone.MOVABLE) {
                    throw entry.error(r + " lies in Movable memory of " + p.device() + " (" + p.where().where()
                            + "): the kernel never puts unmovable pages in ZONE_MOVABLE; give that memory zone: normal");
                }
            }
            out.add(r);
        }
        return out;
    }

    /** Whether present ranges, sorted and disjoint, cover all of {@code r}. */
    private static boolean covered(Range r, List<PlacedRange> sortedPresent) {
        long next = r.start();
        for (int i = firstEndingAfter(sortedPresent, next); i < sortedPresent.size(); i++) {
            Range p = sortedPresent.get(i).range();
            if (p.start() > next) {
                return false;
            }
            next = p.end();
            if (next >= r.end()) {
                return true;
            }
        }
        return false;
    }

    /** The first of sorted, disjoint ranges that ends after {@code address}: a binary search. */
    private static int firstEndingAfter(List<PlacedRange> sorted, long address) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted.get(mid).range().end() <= address) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void device(YamlValue v, Parent parent) throws DescriptionException {
        if (parent != null && parent.depth() >= MAX_DEPTH) {
            throw v.error("devices nested more than " + MAX_DEPTH + " deep (a recursive alias?)");
        }
        YamlValue.Mapping m = v.mapping(ANY_DEVICE);
        Kind kind = kind(m.require("type", "say what it is: type: processor, memory or container"));
        for (String key : ANY_DEVICE) {
            if (m.has(key) && !COMMON.contains(key) && !OWN.get(kind).contains(key)) {
                throw m.get(key).get().error("not a field of a " + kind.hotplugClass() + " device; it takes "
                        + String.join(", ", union(COMMON, OWN.get(kind))));
            }
        }
        String path = path(m.require("path", "name the device object, e.g. path: \\_SB.NOD1"), parent);
        int node;
        if (m.has("node")) {
            node = (int) m.get("node").get().integer(0, maxNode, "a node from 0 to " + maxNode
                    + (maxNode < MAX_NODES - 1 ? " (possible-nodes)" : ""));
        } else if (parent != null) {
            node = parent.node();
        } else {
            node = (int) m.require("node", "say which NUMA node (proximity domain, _PXM) it belongs to, e.g. node: 0")
                    .integer(0, maxNode, "a node");
        }
        boolean present = parent == null || parent.present();
        if (m.has("present")) {
            YamlValue p = m.get("present").get();
            present = p.bool();
            if (present && parent != null && !parent.present()) {
                throw p.error("cannot be present inside the empty slot " + parent.path() + "; leave it out or make the slot present");
            }
        }
        boolean ejectable = m.has("ejectable") ? m.get("ejectable").get().bool() : parent == null;
        boolean hotpluggable = ejectable || parent != null && parent.hotpluggable();
        String uid = m.has("uid") ? m.get("uid").get().text() : nextUid(kind);
        Parent self = new Parent(path, node, present, hotpluggable, parent == null ? 0 : parent.depth() + 1);
        String parentPath = parent == null ? null : parent.path();
        switch (kind) {
            case PROCESSOR -> processor(path, parentPath, uid, node, present, ejectable,
                    m.require("apic-id", "give its local APIC id, e.g. apic-id: 16"));
            case MEMORY -> memory(m, path, parentPath, uid, self, ejectable);
            case CONTAINER -> container(m, path, parentPath, uid, self, ejectable);
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private void processor(String path, String parent, String uid, int node, boolean present, boolean ejectable,
            YamlValue apicField) throws DescriptionException {
        long apic = apicField.integer(0, MAX_APIC_ID, "an APIC id from 0 to 0xffffffff");
        addProcessor(path, parent, uid, node, present, ejectable, apic, apicField);
    }

    private void addProcessor(String path, String parent, String uid, int node, boolean present, boolean ejectable,
            long apic, YamlValue where) throws DescriptionException {
        if (processors >= Limits.PROCESSORS) {
            throw where.error(path + " is one processor more than the " + Limits.count(Limits.PROCESSORS)
                    + " a machine may have (x86-64's largest NR_CPUS)");
        }
        YamlValue first = apicIds.putIfAbsent(apic, where);
        if (first != null) {
            throw where.error("APIC id " + apic + " (" + path + ") is already used at " + first.where()
                    + "; every processor needs its own");
        }
        processors++;
        add(new Device(path, parent, Kind.PROCESSOR, uid, node, present, ejectable, apic, List.of(), null), where);
    }

    private void memory(YamlValue.Mapping m, String path, String parent, String uid, Parent self, boolean ejectable)
            throws DescriptionException {
        List<Range> own = new ArrayList<>();
        List<YamlValue> wheres = new ArrayList<>();
        if (m.has("ranges")) {
            if (m.has("start") || m.has("size")) {
                throw m.get("ranges").get().error("give either start and size, or ranges, not both");
            }
            for (YamlValue entry : m.get("ranges").get().list()) {
                own.add(range(entry.mapping(RANGE), true));
                wheres.add(entry);
            }
            if (own.isEmpty()) {
                throw m.get("ranges").get().error("a memory device needs at least one range");
            }
        } else {
            m.require("start", "give the physical range: start and size (or ranges)");
            own.add(range(m, true));
            wheres.add(m.self());
        }
        Zone zone = bootZone(m.get("zone"), self);
        for (int i = 0; i < own.size(); i++) {
            ranges.add(new PlacedRange(own.get(i), wheres.get(i), path, self.present(), zone));
        }
        add(new Device(path, parent, Kind.MEMORY, uid, self.node(), self.present(), ejectable, -1, own, zone), m.self());
    }

    private void container(YamlValue.Mapping m, String path, String parent, String uid, Parent self, boolean ejectable)
            throws DescriptionException {
        add(new Device(path, parent, Kind.CONTAINER, uid, self.node(), self.present(), ejectable, -1, List.of(), null), m.self());
        if (m.has("cpus")) {
            YamlValue cpusField = m.get("cpus").get();
            YamlValue.Mapping cpus = cpusField.mapping(CPUS);
            YamlValue countField = cpus.require("count", "say how many processors, e.g. count: 8");
            int count = (int) countField.integer(1, MAX_CPUS, "a number of processors from 1 to " + MAX_CPUS);
            if (processors + count > Limits.PROCESSORS) {
                throw countField.error(count + " more processors make " + Limits.count(processors + count) + ", more than the "
                        + Limits.count(Limits.PROCESSORS) + " a machine may have (x86-64's largest NR_CPUS)");
            }
            YamlValue baseField = cpus.require("apic-base", "give the first APIC id, e.g. apic-base: 16");
            long base = baseField.integer(0, MAX_APIC_ID, "an APIC id from 0 to 0xffffffff");
            long stride = cpus.has("apic-stride") ? cpus.get("apic-stride").get().integer(1, 1 << 16,
                    "a positive integer up to 65536") : 1;
            if (base + (count - 1) * stride > MAX_APIC_ID) {
                throw baseField.error("the last of " + count + " processors would have APIC id " + (base + (count - 1) * stride)
                        + ", beyond 0xffffffff; lower apic-base, apic-stride or count");
            }
            for (int i = 0; i < count; i++) {
                String child = childPath(path, processorName(i, count), cpusField);
                addProcessor(child, path, nextUid(Kind.PROCESSOR), self.node(), self.present(), false, base + i * stride,
                        cpusField);
            }
        }
        if (m.has("memory")) {
            List<YamlValue> entries = m.get("memory").get().list();
            if (entries.size() > Limits.CONTAINER_MEMORY) {
                throw m.get("memory").get().error(Limits.count(entries.size()) + " ranges are more than the "
                        + Limits.count(Limits.CONTAINER_MEMORY) + " memory devices a container names (MEM0 to MFFF); "
                        + "merge adjacent ranges or list them in several containers");
            }
            for (int i = 0; i < entries.size(); i++) {
                YamlValue entry = entries.get(i);
                YamlValue.Mapping r = entry.mapping(MEMORY_SHORTHAND);
                Range range = range(r, true);
                String name = i < 16 ? String.format(Locale.ROOT, "MEM%X", i) : String.format(Locale.ROOT, "M%03X", i);
                String child = childPath(path, name, entry);
                Zone zone = bootZone(r.get("zone"), new Parent(child, self.node(), self.present(), self.hotpluggable(), 0));
                ranges.add(new PlacedRange(range, entry, child, self.present(), zone));
                add(new Device(child, path, Kind.MEMORY, nextUid(Kind.MEMORY), self.node(), self.present(), false, -1,
                        List.of(range), zone), entry);
            }
        }
        if (m.has("devices")) {
            for (YamlValue entry : m.get("devices").get().list()) {
                device(entry, self);
            }
        }
    }

    /** The zone present memory boots in: as given, else Movable for hot-pluggable memory under movable_node. */
    private Zone bootZone(Optional<YamlValue> field, Parent self) throws DescriptionException {
        if (field.isPresent()) {
            YamlValue v = field.get();
            if (!self.present()) {
                throw v.error("zone is for memory present at boot; hot-added memory is onlined by the memory handler");
            }
            String t = v.text().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "normal", "kernel" -> Zone.NORMAL;
                case "movable" -> Zone.MOVABLE;
                default -> throw v.error("expected normal or movable, got " + YamlValue.quoted(v.text()));
            };
        }
        if (!self.present()) {
            return null;
        }
        // with movable_node, memory the firmware marks hot-pluggable boots in ZONE_MOVABLE
        return movableNode && self.hotpluggable() ? Zone.MOVABLE : Zone.NORMAL;
    }

    /** A range of whole blocks when {@code aligned}; a start and a size. */
    private Range range(YamlValue.Mapping m, boolean aligned) throws DescriptionException {
        YamlValue startField = m.require("start", "give the first physical address, e.g. start: 0x240000000");
        YamlValue sizeField = m.require("size", "give the size, e.g. size: 8GiB");
        long start = startField.address();
        long size = sizeField.size();
        if (aligned && start % blockSize != 0) {
            throw startField.error(ByteSize.hex(start) + " is not a multiple of the block size " + ByteSize.format(blockSize)
                    + "; memory comes in whole blocks");
        }
        if (aligned && size % blockSize != 0) {
            throw sizeField.error(ByteSize.format(size) + " is not a multiple of the block size " + ByteSize.format(blockSize)
                    + "; memory comes in whole blocks");
        }
        if (start + size < 0 || (start + size) / blockSize - 1 > Integer.MAX_VALUE) {
            throw sizeField.error("the range ends beyond the physical address space");
        }
        if (aligned) {
            long more = size / blockSize;
            if (blocks + more > Limits.BLOCKS) {
                String most = blockSize <= Long.MAX_VALUE / Limits.BLOCKS
                        ? " (" + ByteSize.format(Limits.BLOCKS * blockSize) + " of " + ByteSize.format(blockSize) + " blocks)" : "";
                throw sizeField.error(ByteSize.format(size) + " is " + Limits.count(more) + " blocks of " + ByteSize.format(blockSize)
                        + (blocks == 0 ? "" : ", " + Limits.count(blocks + more) + " with the memory before it")
                        + ", more than the " + Limits.count(Limits.BLOCKS) + " memory blocks a machine may have" + most
                        + "; use a larger block-size or less memory");
            }
            blocks += more;
        }
        return new Range(start, size);
    }

    private void checkOverlaps() throws DescriptionException {
        List<PlacedRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(p -> p.range().start()));
        for (int i = 1; i < sorted.size(); i++) {
            PlacedRange before = sorted.get(i - 1);
            PlacedRange now = sorted.get(i);
            if (before.range().overlaps(now.range())) {
                PlacedRange later = before.where().line() > now.where().line() ? before : now;
                PlacedRange earlier = later == now ? before : now;
                throw later.where().error(later.range() + " of " + later.device() + " overlaps " + earlier.range() + " of "
                        + earlier.device() + " (" + earlier.where().where() + ")");
            }
        }
    }

    private Kind kind(YamlValue v) throws DescriptionException {
        String t = v.text();
        for (Kind k : Kind.values()) {
            if (k.hotplugClass().equalsIgnoreCase(t) || k.hid().equalsIgnoreCase(t)) {
                return k;
            }
        }
        if (t.equalsIgnoreCase(Hid.CONTAINER_LEGACY)) {
            return Kind.CONTAINER;
        }
        throw v.error("expected processor, memory or container, got " + YamlValue.quoted(t));
    }

    private String path(YamlValue v, Parent parent) throws DescriptionException {
        String text = v.text();
        if (!text.chars().allMatch(c -> c < 0x80)) {
            // checked before upper-casing: Unicode case folding turns \_ſb into \_SB
            throw v.error(YamlValue.quoted(text) + " is not a namespace path: segments of 1 to 4 letters A-Z, digits or _, "
                    + "separated by dots, e.g. \\_SB.NOD1");
        }
        String path;
        if (parent == null) {
            path = AcpiPaths.canonical(text);
        } else if (text.startsWith("\\") || text.contains(".")) {
            path = AcpiPaths.canonical(text);
            if (!path.startsWith(parent.path() + ".") || path.substring(parent.path().length() + 1).contains(".")) {
                throw v.error(path + " is not directly below its container " + parent.path()
                        + "; write just its name, e.g. path: CPU0");
            }
        } else {
            path = AcpiPaths.child(parent.path(), text);
        }
        return claim(path, v);
    }

    private String childPath(String parent, String name, YamlValue where) throws DescriptionException {
        return claim(AcpiPaths.child(parent, name), where);
    }

    private String claim(String path, YamlValue where) throws DescriptionException {
        if (!AcpiPaths.valid(path)) {
            String quoting = path.chars().anyMatch(c -> c <= ' ' || c > '~')
                    ? " (in double quotes YAML reads \\_ as an escape: write the path unquoted or in single quotes)" : "";
            throw where.error(YamlValue.quoted(path) + " is not a namespace path: segments of 1 to 4 letters, digits or _, "
                    + "separated by dots, e.g. \\_SB.NOD1" + quoting);
        }
        YamlValue first = paths.putIfAbsent(path, where);
        if (first != null) {
            throw where.error(path + " is already defined at " + first.where());
        }
        return path;
    }

    /** Adds a device object, within {@link Limits#DEVICES}. */
    private void add(Device device, YamlValue where) throws DescriptionException {
        if (devices.size() >= Limits.DEVICES) {
            throw where.error(device.path() + " is one device object more than the " + Limits.count(Limits.DEVICES)
                    + " a machine may have");
        }
        devices.add(device);
    }

    /**
     * A container's processor names: CP00 to CPFF for up to 256, else C000 to CFFF, then D000 to
     * DFFF for processors 4096 to 8191 (an ACPI name has four characters).
     */
    private static String processorName(int i, int count) {
        if (count <= 256) {
            return String.format(Locale.ROOT, "CP%02X", i);
        }
        return String.format(Locale.ROOT, "%c%03X", (char) ('C' + i / 4096), i % 4096);
    }

    private String nextUid(Kind kind) {
        int uid = uids.merge(kind, 1, Integer::sum) - 1;
        return Integer.toString(uid);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ");
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new LinkedHashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return all;
    }
}
