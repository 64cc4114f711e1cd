package org.sysplug.tools.utillinux;

import java.util.ArrayList;
import java.util.List;

import org.sysplug.tools.utillinux.lib.ToolExit;

/**
 * A column list as util-linux's {@code string_add_to_idarray} reads it for {@code -o}, {@code -e}
 * and {@code -p}: {@code LIST} replaces the current columns, {@code +LIST} appends to them; names
 * are separated by commas. An empty list or an empty name fails without a word (exit 1), as do
 * more columns than the tool's array holds; an unknown name is reported with the rest of the list
 * from it on, as util-linux's warning prints it.
 */
final class ColumnList {

    /** The column of a name, or null when the tool knows no such column. */
    @FunctionalInterface
    interface Lookup<T> {
        T column(String name) throws ToolExit;
    }

    private ColumnList() {
    }

    static <T> List<T> add(String prog, String list, List<T> current, int max, Lookup<T> lookup) throws ToolExit {
        if (list == null || list.isEmpty()) {
            throw ToolExit.silent(1);
        }
        List<T> result;
        String body;
        if (list.charAt(0) == '+') {
            result = new ArrayList<>(current);
            body = list.substring(1);
        } else {
            result = new ArrayList<>();
            body = list;
        }
        if (body.isEmpty()) {
            throw ToolExit.silent(1);
        }
        int begin = -1;
        for (int p = 0; p < body.length(); p++) {
            if (result.size() >= max) {
                throw ToolExit.silent(1); // too many columns: util-linux fails silently
            }
            if (begin < 0) {
                begin = p;
            }
            int end = -1;
            if (body.charAt(p) == ',') {
                end = p;
            }
            if (p + 1 == body.length()) {
                end = p + 1;
            }
            if (end < 0) {
                continue;
            }
            if (end <= begin) {
                throw ToolExit.silent(1);
            }
            T col = lookup.column(body.substring(begin, end));
            if (col == null) {
                throw ToolExit.errx(prog, "unknown column: " + body.substring(begin));
            }
            result.add(col);
            begin = -1;
        }
        return result;
    }
}
