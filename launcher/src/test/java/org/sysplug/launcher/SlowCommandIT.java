package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.launcher.slowstart.BusyComponent;
import org.sysplug.launcher.slowstart.HelloCommand;
import org.sysplug.launcher.slowstart.SlowStartSwitch;

/**
 * A one-shot command whose component SCR registers late, well after the platform started and
 * with no service event for a while before it, is still found: the launcher decides that a
 * command will not come from SCR's own account of its components, not from a quiet registry.
 * The command's bundle (classes in {@code slowstart}) is deployed through the deploy folder.
 */
class SlowCommandIT {

    private static final String COMPONENTS = String.join("\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<components xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\">",
            "  <scr:component name=\"slowstart.switch\" immediate=\"true\" activate=\"activate\">",
            "    <implementation class=\"" + SlowStartSwitch.class.getName() + "\"/>",
            "  </scr:component>",
            "  <scr:component name=\"slowstart.busy\" immediate=\"true\" enabled=\"false\" activate=\"activate\">",
            "    <implementation class=\"" + BusyComponent.class.getName() + "\"/>",
            "  </scr:component>",
            "  <scr:component name=\"slowstart.hello\" enabled=\"false\">",
            "    <implementation class=\"" + HelloCommand.class.getName() + "\"/>",
            "    <property name=\"osgi.command.scope\" value=\"slowstart\"/>",
            "    <property name=\"osgi.command.function\" value=\"hello\"/>",
            "    <service><provide interface=\"java.lang.Object\"/></service>",
            "  </scr:component>",
            "</components>",
            "");

    @Test
    void aCommandRegisteredLateIsFoundScopedOrNot(@TempDir Path deploy) throws Exception {
        bundle(deploy.resolve("slowstart.jar"));

        JarRuns.Run unscoped = JarRuns.run("--ephemeral", "--deploy", deploy.toString(), "hello");
        JarRuns.Run scoped = JarRuns.run("--ephemeral", "--deploy", deploy.toString(), "slowstart:hello");

        assertThat(unscoped.exit()).as(unscoped.out() + unscoped.err()).isZero();
        assertThat(unscoped.out()).contains(HelloCommand.GREETING);
        assertThat(scoped.exit()).as(scoped.out() + scoped.err()).isZero();
        assertThat(scoped.out()).contains(HelloCommand.GREETING);
    }

    @Test
    void anUnknownCommandBesideItIsStillNotFound(@TempDir Path deploy) throws Exception {
        bundle(deploy.resolve("slowstart.jar"));

        JarRuns.Run r = JarRuns.run("--ephemeral", "--deploy", deploy.toString(), "nosuchcommand");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("nosuchcommand: no such command");
    }

    /** The test bundle: the three classes of {@code slowstart} and their component descriptions. */
    private static void bundle(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.sysplug.launcher.slowstart");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "org.osgi.service.component;version=\"[1.3,2)\"");
        main.putValue("Service-Component", "OSGI-INF/slowstart.xml");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : new Class<?>[] {SlowStartSwitch.class, BusyComponent.class, HelloCommand.class}) {
                String name = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry("OSGI-INF/slowstart.xml"));
            out.write(COMPONENTS.getBytes(StandardCharsets.UTF_8));
        }
    }
}
