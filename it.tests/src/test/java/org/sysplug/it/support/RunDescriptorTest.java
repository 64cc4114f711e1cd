package org.sysplug.it.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class RunDescriptorTest {

    @Test
    public void readsLevelsCoordinatesAndRolesAndSkipsComments() {
        List<RunDescriptor.Entry> entries = RunDescriptor.parse(List.of(
                "# a comment",
                "",
                "1 org.osgi:org.osgi.util.function",
                "  3   org.sysplug:framework.core  ",
                "5 org.apache.felix:org.apache.felix.gogo.jline interactive"), "test");

        assertEquals(List.of(
                new RunDescriptor.Entry(1, "org.osgi", "org.osgi.util.function", Set.of()),
                new RunDescriptor.Entry(3, "org.sysplug", "framework.core", Set.of()),
                new RunDescriptor.Entry(5, "org.apache.felix", "org.apache.felix.gogo.jline", Set.of("interactive"))),
                entries);
        assertFalse(entries.get(1).interactive());
        assertTrue(entries.get(2).interactive());
        assertEquals("framework.core.jar", entries.get(1).jarName());
    }

    @Test
    public void namesTheLineThatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDescriptor.parse(List.of("1 a:b", "x org.osgi:function"), "runtime.bundles"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("runtime.bundles:2: "));
        assertThrows(IllegalArgumentException.class, () -> RunDescriptor.parse(List.of("1 nogroup"), "f"));
        assertThrows(IllegalArgumentException.class, () -> RunDescriptor.parse(List.of("0 a:b"), "f"));
        assertThrows(IllegalArgumentException.class, () -> RunDescriptor.parse(List.of("# only"), "f"));
    }

    /** The workspace's own descriptor: the platform the tests deploy has the framework and SCR, not the prompt. */
    @Test
    public void theWorkspaceDescriptorDeploysTheFrameworkWithoutTheInteractiveShell() {
        Path file = Paths.get(System.getProperty("basedir", "."), "..", "cnf", "runtime.bundles");
        List<RunDescriptor.Entry> deployed = RunDescriptor.read(file).stream().filter(e -> !e.interactive()).toList();

        Set<String> coordinates = new java.util.TreeSet<>();
        deployed.forEach(e -> coordinates.add(e.coordinates()));
        assertTrue(coordinates.toString(), coordinates.containsAll(Set.of("org.sysplug:framework.core",
                "org.sysplug:framework.shell", "org.apache.felix:org.apache.felix.scr")));
        assertFalse(coordinates.contains("org.apache.felix:org.apache.felix.gogo.jline"));
    }

    /**
     * it.tests copies its runtime-scoped dependencies and installs what the descriptor lists: the two sets must be
     * one, or a bundle is missing at run time (or copied for nothing).
     */
    @Test
    public void thePomDeploysExactlyTheDescriptorsNonInteractiveBundles() throws Exception {
        Path base = Paths.get(System.getProperty("basedir", "."));
        Set<String> listed = new TreeSet<>();
        RunDescriptor.read(base.resolve("../cnf/runtime.bundles")).stream().filter(e -> !e.interactive())
                .forEach(e -> listed.add(e.coordinates()));

        Set<String> runtimeScoped = new TreeSet<>();
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(base.resolve("pom.xml").toFile()).getDocumentElement();
        Element dependencies = (Element) project.getElementsByTagName("dependencies").item(0);
        NodeList list = dependencies.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            if ("runtime".equals(text(d, "scope"))) {
                runtimeScoped.add(text(d, "groupId") + ":" + text(d, "artifactId"));
            }
        }

        assertEquals("runtime-scoped dependencies of it.tests/pom.xml vs. non-interactive lines of cnf/runtime.bundles",
                listed, runtimeScoped);
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
