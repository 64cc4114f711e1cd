package org.sysplug.tools.utillinux;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import org.sysplug.tools.utillinux.ScolsTable.JsonType;
import org.sysplug.tools.utillinux.lib.ToolExit;

/**
 * The CPU columns of lscpu's {@code -e} and {@code -p} that sysplug produces, with lscpu's name,
 * help, alignment and JSON type, and each cell as lscpu's {@code get_cell_data} computes it. Two
 * quirks of lscpu's own table are kept, since scripts see them: DRAWER is marked as an
 * abbreviation (its parse header stays upper case) and is a string in JSON.
 *
 * <p>lscpu's other columns (BOGOMIPS, CLUSTER, SCALMHZ%, MICROCODE, MMU, MODELNAME) are
 * {@link #NOT_PRODUCED}: refused by name, never printed wrong.
 */
enum LscpuColumn {
    CPU("logical CPU number", true, true, JsonType.NUMBER),
    CORE("logical core number", true, false, JsonType.NUMBER),
    SOCKET("logical socket number", true, false, JsonType.NUMBER),
    NODE("logical NUMA node number", true, false, JsonType.NUMBER),
    BOOK("logical book number", true, false, JsonType.NUMBER),
    DRAWER("logical drawer number", true, true, JsonType.STRING),
    CACHE("shows how caches are shared between CPUs", false, false, JsonType.STRING),
    POLARIZATION("CPU dispatching mode on virtual hardware", false, false, JsonType.STRING),
    ADDRESS("physical address of a CPU", false, false, JsonType.STRING),
    CONFIGURED("shows if the hypervisor has allocated the CPU", false, false, JsonType.BOOLEAN_OPTIONAL),
    ONLINE("shows if Linux currently makes use of the CPU", true, false, JsonType.BOOLEAN_OPTIONAL),
    MHZ("shows the current MHz of the CPU", true, false, JsonType.NUMBER),
    MAXMHZ("shows the maximum MHz of the CPU", true, false, JsonType.NUMBER),
    MINMHZ("shows the minimum MHz of the CPU", true, false, JsonType.NUMBER);

    /** lscpu's columns that sysplug does not produce. */
    static final List<String> NOT_PRODUCED = List.of("BOGOMIPS", "CLUSTER", "SCALMHZ%", "MICROCODE",
            "MMU", "MODELNAME");

    /** lscpu's column array holds every column it knows, once: a longer list fails. */
    static final int MAX = values().length + NOT_PRODUCED.size();

    final String help;
    final boolean right;
    final boolean abbr;
    final JsonType json;

    LscpuColumn(String help, boolean right, boolean abbr, JsonType json) {
        this.help = help;
        this.right = right;
        this.abbr = abbr;
        this.json = json;
    }

    /** How a run prints cells: {@code -p} (parse codes, Y/N), {@code -e} (words) or JSON (Y/N), logical or physical ids. */
    record Style(boolean parsable, boolean json, boolean physical, boolean compatible) {
    }

    /** The column of a name in any case, or null; a column lscpu has but sysplug does not produce is refused. */
    static LscpuColumn named(String prog, String name) throws ToolExit {
        for (LscpuColumn c : values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        if (NOT_PRODUCED.stream().anyMatch(name::equalsIgnoreCase)) {
            throw ToolExit.errx(prog, "column not supported here: " + name);
        }
        return null;
    }

    /** The header: the cache names for CACHE when there are caches (joined by ':', or ',' in the compatible parse format). */
    String header(LscpuInput d, Style style) {
        if (this == CACHE && !d.caches.isEmpty()) {
            return String.join(style.compatible() ? "," : ":", d.caches.names());
        }
        return name();
    }

    /** The cell of {@code cpu}: empty when lscpu leaves it empty (a CPU without a type has only empty cells). */
    String cell(LscpuInput d, LscpuInput.Cpu cpu, Style style) {
        if (cpu.type < 0) {
            return "";
        }
        switch (this) {
            case CPU:
                return Integer.toString(cpu.id);
            case CORE:
                return id(style, cpu.core, cpu.coreId);
            case SOCKET:
                return id(style, cpu.socket, cpu.socketId);
            case BOOK:
                return id(style, cpu.book, cpu.bookId);
            case DRAWER:
                return id(style, cpu.drawer, cpu.drawerId);
            case NODE:
                return cpu.node < 0 ? "" : Integer.toString(cpu.node);
            case CACHE:
                return cacheIds(d.caches, cpu.id, style.compatible() ? "," : ":");
            case POLARIZATION:
                return style.parsable() ? cpu.polarization.parsable : cpu.polarization.readable;
            case ADDRESS:
                return cpu.address < 0 ? "" : Integer.toString(cpu.address);
            case CONFIGURED:
                return cpu.configured < 0 ? "" : bool(cpu.configured != 0, style);
            case ONLINE:
                return d.online == null ? "" : bool(d.online.get(cpu.id), style);
            case MHZ:
                return mhz(cpu.mhzCur);
            case MAXMHZ:
                return mhz(cpu.mhzMax);
            case MINMHZ:
                return mhz(cpu.mhzMin);
            default:
                return "";
        }
    }

    /** A physical id ({@code -} when the kernel says -1 or has no file) or the logical index (empty when none). */
    private static String id(Style style, int logical, int physical) {
        if (style.physical()) {
            return physical < 0 ? "-" : Integer.toString(physical);
        }
        return logical < 0 ? "" : Integer.toString(logical);
    }

    private static String bool(boolean value, Style style) {
        if (style.parsable() || style.json()) {
            return value ? "Y" : "N";
        }
        return value ? "yes" : "no";
    }

    /** {@code %.4f} of lscpu's float, as C prints it: the exact binary value, rounded half to even; 0 is unknown. */
    static String mhz(float value) {
        if (value == 0) {
            return "";
        }
        return new BigDecimal((double) value).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The ids of the CPU's caches, one per cache name that the CPU has, in name order. */
    private static String cacheIds(LscpuCaches caches, int cpu, String separator) {
        StringBuilder ids = new StringBuilder();
        for (String name : caches.names()) {
            OptionalInt id = caches.id(name, cpu);
            if (id.isPresent()) {
                ids.append(ids.length() > 0 ? separator : "").append(id.getAsInt());
            }
        }
        return ids.toString();
    }

    /** The parse header: abbreviations as they are, other names in mixed case ("Core"); the cache names as they are. */
    String parseHeader(LscpuInput d, Style style) {
        String h = header(d, style);
        if (this == CACHE || abbr || h.isEmpty()) {
            return h;
        }
        return h.charAt(0) + h.substring(1).toLowerCase(Locale.ROOT);
    }
}
