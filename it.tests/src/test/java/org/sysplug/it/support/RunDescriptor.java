package org.sysplug.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The run descriptor {@code cnf/runtime.bundles}: one bundle a line, {@code START-LEVEL GROUP-ID:ARTIFACT-ID [ROLE]},
 * blank lines and {@code #} comments ignored. The launcher and these tests read the same file, so that the tests
 * run exactly the platform that ships.
 */
public final class RunDescriptor {

    /** The role of a bundle the launcher starts only for the interactive prompt; tests leave it out. */
    public static final String INTERACTIVE = "interactive";

    /** The role of the HTTP server and what it serves: the launcher installs them only with --http. */
    public static final String HTTP = "http";

    /** The role of a handler module (firmware.*, resource.*). */
    public static final String MODULE = "module";

    /** One line of the descriptor. */
    public record Entry(int startLevel, String groupId, String artifactId, Set<String> roles) {

        public Entry {
            roles = Set.copyOf(roles);
        }

        /** A firmware or resource module: framework tests run without them, scenario tests with them. */
        public boolean module() {
            return roles.contains(MODULE);
        }

        public boolean interactive() {
            return roles.contains(INTERACTIVE);
        }

        public boolean http() {
            return roles.contains(HTTP);
        }

        /** The jar name under which it.tests' pom copies it ({@code stripVersion}). */
        public String jarName() {
            return artifactId + ".jar";
        }

        public String coordinates() {
            return groupId + ":" + artifactId;
        }
    }

    private RunDescriptor() {
    }

    public static List<Entry> read(Path file) {
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run descriptor " + file, e);
        }
    }

    /**
     * @param source where the lines come from, for messages
     * @throws IllegalArgumentException naming the line that is not {@code LEVEL GROUP:ARTIFACT [ROLE...]}
     */
    public static List<Entry> parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String where = source + ":" + (i + 1) + ": ";
            if (words.length < 2) {
                throw new IllegalArgumentException(where + "expected 'START-LEVEL GROUP-ID:ARTIFACT-ID [ROLE]', got '" + line + "'");
            }
            int level;
            try {
                level = Integer.parseInt(words[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "the start level '" + words[0] + "' is not a number");
            }
            if (level < 1) {
                throw new IllegalArgumentException(where + "the start level must be 1 or more, got " + level);
            }
            String[] coordinates = words[1].split(":");
            if (coordinates.length != 2 || coordinates[0].isEmpty() || coordinates[1].isEmpty()) {
                throw new IllegalArgumentException(where + "expected GROUP-ID:ARTIFACT-ID, got '" + words[1] + "'");
            }
            entries.add(new Entry(level, coordinates[0], coordinates[1],
                    Set.copyOf(Arrays.asList(words).subList(2, words.length))));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(source + " lists no bundle");
        }
        return entries;
    }
}
