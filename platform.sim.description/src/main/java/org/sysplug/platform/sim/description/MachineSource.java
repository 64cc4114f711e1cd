package org.sysplug.platform.sim.description;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
     * Reads and parses a description.
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
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return MachineDescription.parse(name + ".yaml", reader);
            } catch (IOException e) {
                throw new DescriptionException("cannot read built-in machine " + name + ": " + e.getMessage());
            }
        }
        Path path = Path.of(name);
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return MachineDescription.parse(path.toString(), reader);
        } catch (NoSuchFileException e) {
            throw new DescriptionException(name + ": no such file; name a YAML machine description or one of "
                    + String.join(", ", BUILT_IN));
        } catch (IOException e) {
            throw new DescriptionException(name + ": cannot read it: " + e.getMessage());
        }
    }
}
