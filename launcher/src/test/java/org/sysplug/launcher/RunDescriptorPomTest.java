package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The launcher embeds what its pom's runtime dependencies are and installs what the descriptor
 * lists: the two must name the same bundles, or the launcher fails at start (missing jar) or
 * carries a bundle it never installs. Checked here so that the build fails instead.
 */
class RunDescriptorPomTest {

    // Surefire runs in the module's directory.
    private static final Path DESCRIPTOR = Path.of("../cnf/runtime.bundles");
    private static final Path POM = Path.of("pom.xml");

    @Test
    void theWorkspaceDescriptorParsesAndEveryBundleIsARuntimeDependency() throws Exception {
        RunDescriptor descriptor;
        try (var reader = Files.newBufferedReader(DESCRIPTOR, StandardCharsets.UTF_8)) {
            descriptor = RunDescriptor.parse(reader, DESCRIPTOR.toString());
        }
        Set<String> listed = descriptor.entries().stream()
                .map(RunDescriptor.Entry::coordinates)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(listed, runtimeDependencies());
    }

    private static Set<String> runtimeDependencies() throws Exception {
        Set<String> coordinates = new TreeSet<>();
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(POM.toFile()).getDocumentElement();
        Element dependencies = (Element) project.getElementsByTagName("dependencies").item(0);
        NodeList list = dependencies.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element dependency = (Element) list.item(i);
            if ("runtime".equals(text(dependency, "scope"))) {
                coordinates.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
        }
        return coordinates;
    }

    private static String text(Element parent, String tag) throws IOException {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
