package org.sysplug.shell;

/** Text that goes to an operator: what a command echoes of what was typed stays one readable line. */
public final class ShellText {

    private ShellText() {
    }

    /** Longest usage message shown; what an operator typed is echoed in it, and may be anything. */
    public static final int MAX_MESSAGE = 400;

    /**
     * A message that echoes what an operator typed, as one line: control characters shown escaped
     * (a newline as backslash-n, other control characters as their code), and cut at
     * {@value #MAX_MESSAGE} characters.
     */
    public static String oneLine(String message) {
        StringBuilder sb = new StringBuilder(Math.min(message.length(), MAX_MESSAGE + 16));
        for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (sb.length() >= MAX_MESSAGE && message.length() > MAX_MESSAGE) {
            sb.append("...");
        }
        return sb.toString();
    }
}
