package org.sysplug.platform.sim.description;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where machine descriptions come from: a built-in name (a resource of this bundle) or a file.
 */
public final class MachineSource {

    public static final String DEFAULT = "default";
    public static final List<String> BUILT_IN = List.of("default", "server-4node", "scale-1024");

    private MachineSource() {
    }

    /**
     * Reads and parses a description. A file must be a regular file of at most 1 MiB of UTF-8
     * text; it is checked before it is opened, so a FIFO or a device is refused, not waited on.
     *
     * @throws DescriptionException with one line that names the file, and the line and field when
     *         the content is wrong
     */
    public static MachineDescription load(String spec) throws DescriptionException {
        String name = spec.trim();
        if (BUILT_IN.contains(name)) {
            String resource = "machines/" + name + ".yaml";
            InputStream in = MachineSource.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new DescriptionException("built-in machine " + name + " is missing from the bundle (" + resource + ")");
            }
            try (in) {
                return parse(name + ".yaml", MachineText.readBounded(name + ".yaml", in));
            } catch (IOException e) {
                throw new DescriptionException("cannot read built-in machine " + name + ": " + e.getMessage());
            }
        }
        return parse(MachineText.fileName(name), MachineText.readFile(name, BUILT_IN));
    }

    /** Parses the bytes of a machine file; {@code source} starts every error message. */
    static MachineDescription parse(String source, byte[] bytes) throws DescriptionException {
        return new DescriptionReader(source).read(bytes);
    }
}
