package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive the build writes beside the jar ({@code sysplug.jsa}): the documented
 * faster command uses it, its classes come from it (bundle classes too, which Felix's own class
 * loaders define), and a command prints exactly what it prints without it, with nothing more on
 * stderr.
 */
class ClassDataArchiveIT {

    private static JarRuns.Run run(Path cwd, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-jar", System.getProperty("sysplug.jar"), "--ephemeral", "lb"));
        Process p = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(JarRuns.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return new JarRuns.Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void theArchivedRunLoadsBundleClassesFromItAndPrintsTheSame(@TempDir Path cwd) throws Exception {
        Path classes = cwd.resolve("classes.log");

        JarRuns.Run archived = run(cwd, "-XX:SharedArchiveFile=" + System.getProperty("sysplug.jsa"),
                "-Xlog:class+load:file=" + classes);
        JarRuns.Run plain = run(cwd);

        assertThat(archived.exit()).as(archived.err()).isZero();
        assertThat(archived.err()).isEmpty();
        assertThat(archived.out()).isEqualTo(plain.out()).contains("Apache Felix Declarative Services");
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).anyMatch(line -> line.contains("org.apache.felix.framework.Felix source: shared objects file"));
        // A bundle's class, defined by Felix's class loader for the bundle, yet taken from the archive.
        assertThat(loaded).anyMatch(line -> line.contains("org.apache.felix.scr.impl.Activator source: shared objects file"));
    }
}
