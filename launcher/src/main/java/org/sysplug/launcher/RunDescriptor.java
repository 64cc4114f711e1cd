package org.sysplug.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed {@code cnf/runtime.bundles}: which bundles a running sysplug has, in install order,
 * with their start levels. The file is the single source of truth; the launcher embeds it as a
 * resource so that the list is never repeated in Java.
 *
 * <p>Format, one bundle a line: {@code START-LEVEL GROUP-ID:ARTIFACT-ID [ROLE]}; blank lines and
 * {@code #} comments are skipped. Roles: {@code interactive} (started only for the prompt),
 * {@code http} (installed only with {@code --http}: the HTTP server and what is served through it, so
 * that a run without the option binds no port and loads none of it) and {@code module} (a handler
 * module; the launcher treats it as any bundle).
 */
public final class RunDescriptor {

    /** Where the build puts the descriptor inside the launcher jar. */
    public static final String RESOURCE = "runtime.bundles";

    static final String INTERACTIVE = "interactive";
    /** The HTTP server and its servlets: installed only when the launcher serves HTTP. */
    static final String HTTP = "http";
    /** A firmware or resource module: the launcher installs it like any bundle; framework tests leave it out. */
    static final String MODULE = "module";

    /** One bundle line; {@code role} is the empty string when the line names none. */
    public record Entry(int startLevel, String groupId, String artifactId, String role) {

        public Entry(int startLevel, String groupId, String artifactId, boolean interactive) {
            this(startLevel, groupId, artifactId, interactive ? INTERACTIVE : "");
        }

        public boolean interactive() {
            return INTERACTIVE.equals(role);
        }

        public boolean http() {
            return HTTP.equals(role);
        }

        /** {@code group:artifact}, as written in the descriptor. */
        public String coordinates() {
            return groupId + ":" + artifactId;
        }

        /**
         * The class-path resource of the embedded jar. The launcher pom copies the bundles with
         * {@code prependGroupId} and {@code stripVersion}, which yields exactly this name.
         */
        public String resourceName() {
            return "bundles/" + groupId + "." + artifactId + ".jar";
        }
    }

    private final List<Entry> entries;

    private RunDescriptor(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entries to install without HTTP: all of them for the prompt, the non-interactive ones otherwise. */
    public List<Entry> entries(boolean interactive) {
        return entries(interactive, false);
    }

    /** The entries to install: the interactive ones only for the prompt, the http ones only when serving HTTP. */
    public List<Entry> entries(boolean interactive, boolean http) {
        return entries.stream().filter(e -> (interactive || !e.interactive()) && (http || !e.http())).toList();
    }

    /** The start level of the bundle with this artifact id, or the highest level when none is listed. */
    public int startLevel(String artifactId) {
        return entries.stream().filter(e -> e.artifactId().equals(artifactId)).mapToInt(Entry::startLevel)
                .findFirst().orElse(highestStartLevel(entries));
    }

    /** The level the framework must reach for every given entry to be started. */
    public static int highestStartLevel(List<Entry> entries) {
        return entries.stream().mapToInt(Entry::startLevel).max().orElse(1);
    }

    /** Reads the descriptor embedded in the launcher jar. */
    public static RunDescriptor load() throws IOException {
        try (InputStream in = RunDescriptor.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the launcher jar has no " + RESOURCE + " (broken build?)");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
        }
    }

    /**
     * Parses descriptor text. {@code source} names the input in error messages.
     *
     * @throws IOException on unreadable input or a malformed line (with its line number)
     */
    public static RunDescriptor parse(Reader reader, String source) throws IOException {
        List<Entry> entries = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!text.isEmpty()) {
                entries.add(parseLine(text, source + ":" + number));
            }
        }
        if (entries.isEmpty()) {
            throw new IOException(source + ": lists no bundle");
        }
        return new RunDescriptor(entries);
    }

    private static Entry parseLine(String text, String where) throws IOException {
        String[] words = text.split("\\s+");
        if (words.length < 2 || words.length > 3) {
            throw new IOException(where + ": expected 'START-LEVEL GROUP:ARTIFACT [ROLE]', got '" + text + "'");
        }
        int level;
        try {
            level = Integer.parseInt(words[0]);
        } catch (NumberFormatException e) {
            throw new IOException(where + ": start level '" + words[0] + "' is not a number");
        }
        if (level < 1) {
            throw new IOException(where + ": start level must be at least 1, got " + level);
        }
        String[] gav = words[1].split(":", -1);
        if (gav.length != 2 || gav[0].isEmpty() || gav[1].isEmpty()) {
            throw new IOException(where + ": expected GROUP:ARTIFACT, got '" + words[1] + "'");
        }
        String role = "";
        if (words.length == 3) {
            if (!INTERACTIVE.equals(words[2]) && !MODULE.equals(words[2]) && !HTTP.equals(words[2])) {
                throw new IOException(where + ": unknown role '" + words[2] + "' (known: " + INTERACTIVE + ", " + HTTP
                        + ", " + MODULE + ")");
            }
            // a module is installed as any bundle: the launcher need not remember it
            role = MODULE.equals(words[2]) ? "" : words[2];
        }
        return new Entry(level, gav[0], gav[1], role);
    }
}
