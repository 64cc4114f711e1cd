package org.sysplug.tools.utillinux;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table printed as util-linux's libsmartcols prints it for lsmem and lscpu when the output is
 * not a terminal: the human table (a column as wide as its widest cell or header, one blank
 * between columns, right-aligned columns padded on the left, the last column unpadded), raw
 * ({@code -r}), key="value" pairs ({@code -P}) and JSON ({@code -J}: three-blank indents, keys
 * in lower case, each value written as its column's JSON type says).
 */
final class ScolsTable {

    /** How a column's cells are written in JSON. */
    enum JsonType {
        /** A quoted string; an empty cell is null. */
        STRING,
        /** The cell unquoted; an empty cell is null. */
        NUMBER,
        /** false for an empty cell or one starting with 0, N or n; true otherwise. */
        BOOLEAN,
        /** As BOOLEAN, but null for an empty cell or {@code -}. */
        BOOLEAN_OPTIONAL
    }

    /** A column: its header, its alignment and its JSON type (which lscpu may change once the cells are known). */
    static final class Column {
        final String name;
        final boolean right;
        JsonType json;

        Column(String name, boolean right, JsonType json) {
            this.name = name;
            this.right = right;
            this.json = json;
        }
    }

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    ScolsTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    Column column(int i) {
        return columns.get(i);
    }

    /** Adds a line; a null cell is empty. */
    void add(String[] cells) {
        rows.add(cells.clone());
    }

    /** The human table; nothing at all for a table without lines, as libsmartcols ignores it. */
    void human(boolean noheadings, StringBuilder out) {
        if (rows.isEmpty()) {
            return;
        }
        int n = columns.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = noheadings ? 0 : columns.get(i).name.length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], cell(r, i).length());
            }
        }
        if (!noheadings) {
            String[] h = new String[n];
            for (int i = 0; i < n; i++) {
                h[i] = columns.get(i).name;
            }
            humanLine(h, w, out);
        }
        for (String[] r : rows) {
            humanLine(r, w, out);
        }
    }

    private void humanLine(String[] cells, int[] w, StringBuilder out) {
        for (int i = 0; i < columns.size(); i++) {
            String s = cell(cells, i);
            if (i > 0) {
                out.append(' ');
            }
            if (columns.get(i).right) {
                out.append(" ".repeat(w[i] - s.length())).append(s);
            } else {
                out.append(s);
                if (i < columns.size() - 1) {
                    out.append(" ".repeat(w[i] - s.length()));
                }
            }
        }
        out.append('\n');
    }

    void raw(boolean noheadings, StringBuilder out) {
        if (rows.isEmpty()) {
            return;
        }
        if (!noheadings) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                l.append(i > 0 ? " " : "").append(rawEscape(columns.get(i).name));
            }
            out.append(l).append('\n');
        }
        for (String[] r : rows) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                l.append(i > 0 ? " " : "").append(rawEscape(cell(r, i)));
            }
            out.append(l).append('\n');
        }
    }

    private static String rawEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c <= ' ' || c == '\\' || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    void pairs(StringBuilder out) {
        for (String[] r : rows) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                l.append(i > 0 ? " " : "").append(columns.get(i).name).append("=\"");
                for (char c : cell(r, i).toCharArray()) {
                    if (c == '"' || c == '\\' || c == '`' || c == '$' || c < ' ' || c == 0x7f) {
                        l.append(String.format("\\x%02x", (int) c));
                    } else {
                        l.append(c);
                    }
                }
                l.append('"');
            }
            out.append(l).append('\n');
        }
    }

    /** The table as one JSON object holding the array {@code name} of one object per line (an empty array on two lines). */
    void json(String name, StringBuilder out) {
        out.append("{\n   ").append(jsonString(name)).append(": [\n");
        if (rows.isEmpty()) {
            out.append("\n   ]\n}\n");
            return;
        }
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            out.append(k == 0 ? "      {\n" : "");
            for (int i = 0; i < r.length; i++) {
                Column c = columns.get(i);
                out.append("         ").append(jsonString(c.name.toLowerCase(Locale.ROOT))).append(": ")
                        .append(jsonValue(c.json, cell(r, i))).append(i + 1 < r.length ? ",\n" : "\n");
            }
            out.append(k + 1 < rows.size() ? "      },{\n" : "      }\n");
        }
        out.append("   ]\n}\n");
    }

    private static String jsonValue(JsonType type, String s) {
        switch (type) {
            case NUMBER:
                return s.isEmpty() ? "null" : s;
            case BOOLEAN_OPTIONAL:
                if (s.isEmpty() || s.equals("-")) {
                    return "null";
                }
                return bool(s);
            case BOOLEAN:
                return bool(s);
            default:
                return s.isEmpty() ? "null" : jsonString(s);
        }
    }

    private static String bool(String s) {
        boolean f = s.isEmpty() || s.charAt(0) == '0' || s.charAt(0) == 'N' || s.charAt(0) == 'n';
        return f ? "false" : "true";
    }

    /** A JSON string as util-linux's jsonwrt quotes it. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String cell(String[] r, int i) {
        return r[i] == null ? "" : r[i];
    }
}
