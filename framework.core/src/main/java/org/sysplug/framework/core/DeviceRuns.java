package org.sysplug.framework.core;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Device names as a failure message gives them: {@code memory1-6,8-14 cpu3 \_SB.NOD1} rather than
 * one word per device, in the order given (the shell's own compression lives in framework.shell,
 * which this bundle does not depend on; both write the util-linux list form, which the shell's
 * parser reads back). A name repeated within a word starts a new word, so none is lost.
 */
final class DeviceRuns {

    private static final Pattern CLASS_INDEX = Pattern.compile("([a-z][a-z_]{0,31})([0-9]{1,9})");

    private DeviceRuns() {
    }

    static String compress(List<String> names) {
        StringBuilder out = new StringBuilder();
        String wordClass = null;
        int first = 0;
        int last = 0;
        for (String name : names) {
            Matcher m = CLASS_INDEX.matcher(name);
            String deviceClass = m.matches() ? m.group(1) : null;
            int id = deviceClass == null ? 0 : Integer.parseInt(m.group(2));
            if (deviceClass != null && deviceClass.equals(wordClass) && id == last + 1) {
                last = id;
                continue;
            }
            if (wordClass != null) {
                run(out, first, last);
            }
            if (deviceClass != null && deviceClass.equals(wordClass) && id > last) {
                out.append(',');
            } else {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(deviceClass == null ? name : deviceClass);
            }
            wordClass = deviceClass;
            first = id;
            last = id;
        }
        if (wordClass != null) {
            run(out, first, last);
        }
        return out.toString();
    }

    private static void run(StringBuilder out, int first, int last) {
        out.append(first);
        if (last != first) {
            out.append('-').append(last);
        }
    }
}
