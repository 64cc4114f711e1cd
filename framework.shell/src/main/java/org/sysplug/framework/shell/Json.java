package org.sysplug.framework.shell;

import org.sysplug.shell.JsonText;

/**
 * A JSON document a command returns for scripts; {@link #text()} is what it prints. Built from
 * maps (kept in insertion order), lists, strings, numbers, booleans and null.
 */
record Json(String text) {

    static Json of(Object value) {
        return new Json(JsonText.of(value));
    }
}
