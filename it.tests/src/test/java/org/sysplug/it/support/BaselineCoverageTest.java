package org.sysplug.it.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every bundle that exports a package (a {@code package-info.java} with {@code @Export}) is baselined: its pom runs
 * bnd-baseline-maven-plugin and cnf/release holds a release of it to compare with. A new API bundle without both
 * would otherwise change its packages unchecked, or fail only where the plugin cannot find a release.
 */
public class BaselineCoverageTest {

    private static final Pattern EXPORT = Pattern.compile("(?m)^\\s*@Export\\b");
    private static final String PLUGIN = "bnd-baseline-maven-plugin";

    @Rule
    public final TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void everyModuleThatExportsPackagesIsBaselinedAgainstCnfRelease() {
        Path workspace = Paths.get(System.getProperty("basedir", "."), "..").toAbsolutePath().normalize();

        Set<String> exporting = exportingModules(workspace);

        assertTrue("the scan finds the API bundles: " + exporting,
                exporting.containsAll(Set.of("framework.api", "platform.api")));
        assertEquals(List.of(), problems(workspace));
    }

    @Test
    public void aModuleThatExportsWithoutThePluginOrARelease() throws Exception {
        Path workspace = temporary.getRoot().toPath();
        Files.writeString(workspace.resolve("pom.xml"),
                "<project><modules><module>x.api</module><module>x.impl</module></modules></project>");
        module(workspace, "x.api", "@Version(\"1.0.0\")\n@Export\npackage x;", "");
        module(workspace, "x.impl", "/** @Export is mentioned, not used */\npackage x.impl;", "");

        assertEquals(List.of(
                "x.api exports packages but its pom does not run " + PLUGIN,
                "x.api exports packages but cnf/release has no release of org.sysplug:x.api"),
                problems(workspace));

        module(workspace, "x.api", "@Version(\"1.0.0\")\n@Export\npackage x;",
                "<build><plugins><plugin><artifactId>" + PLUGIN + "</artifactId></plugin></plugins></build>");
        Path release = Files.createDirectories(workspace.resolve("cnf/release/org/sysplug/x.api"));
        Files.writeString(release.resolve("maven-metadata.xml"), "<metadata/>");

        assertEquals(List.of(), problems(workspace));
    }

    /** What keeps a module that exports packages from being baselined, one line each. */
    static List<String> problems(Path workspace) {
        List<String> problems = new ArrayList<>();
        for (String module : exportingModules(workspace)) {
            if (!runsThePlugin(workspace.resolve(module).resolve("pom.xml"))) {
                problems.add(module + " exports packages but its pom does not run " + PLUGIN);
            }
            if (!Files.isRegularFile(workspace.resolve("cnf/release/org/sysplug").resolve(module)
                    .resolve("maven-metadata.xml"))) {
                problems.add(module + " exports packages but cnf/release has no release of org.sysplug:" + module);
            }
        }
        return problems;
    }

    /** The reactor's modules (every {@code <module>} of the root pom) with an {@code @Export} package-info. */
    static Set<String> exportingModules(Path workspace) {
        Set<String> exporting = new TreeSet<>();
        NodeList modules = document(workspace.resolve("pom.xml")).getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().strip();
            Path sources = workspace.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                if (files.filter(f -> f.getFileName().toString().equals("package-info.java"))
                        .anyMatch(BaselineCoverageTest::exports)) {
                    exporting.add(module);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return exporting;
    }

    private static boolean exports(Path packageInfo) {
        try {
            return EXPORT.matcher(Files.readString(packageInfo)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plugin among the pom's build plugins (not merely managed). */
    private static boolean runsThePlugin(Path pom) {
        NodeList plugins = document(pom).getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            Node parent = plugin.getParentNode();
            boolean managed = parent != null && parent.getParentNode() != null
                    && "pluginManagement".equals(parent.getParentNode().getNodeName());
            NodeList artifactIds = plugin.getElementsByTagName("artifactId");
            if (!managed && artifactIds.getLength() > 0
                    && PLUGIN.equals(artifactIds.item(0).getTextContent().strip())) {
                return true;
            }
        }
        return false;
    }

    private static Element document(Path pom) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static void module(Path workspace, String name, String packageInfo, String build) throws IOException {
        Path dir = Files.createDirectories(workspace.resolve(name).resolve("src/main/java/x"));
        Files.writeString(dir.resolve("package-info.java"), packageInfo);
        Files.writeString(workspace.resolve(name).resolve("pom.xml"), "<project>" + build + "</project>");
    }
}
