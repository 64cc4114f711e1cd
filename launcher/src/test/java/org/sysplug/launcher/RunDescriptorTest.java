package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunDescriptorTest {

    private static RunDescriptor parse(String text) throws IOException {
        return RunDescriptor.parse(new StringReader(text), "test");
    }

    @Test
    void parsesLinesInOrderSkippingCommentsAndBlankLines() throws IOException {
        RunDescriptor descriptor = parse("""
                # header
                1 org.osgi:org.osgi.util.function

                2   org.apache.felix:org.apache.felix.scr   # trailing comment
                5 org.apache.felix:org.apache.felix.gogo.jline interactive
                """);

        assertEquals(List.of(
                new RunDescriptor.Entry(1, "org.osgi", "org.osgi.util.function", false),
                new RunDescriptor.Entry(2, "org.apache.felix", "org.apache.felix.scr", false),
                new RunDescriptor.Entry(5, "org.apache.felix", "org.apache.felix.gogo.jline", true)),
                descriptor.entries());
    }

    @Test
    void leavesOutInteractiveBundlesUnlessAskedFor() throws IOException {
        RunDescriptor descriptor = parse("""
                1 a:b
                3 c:d
                4 e:f interactive
                """);

        assertEquals(List.of("a:b", "c:d"),
                descriptor.entries(false).stream().map(RunDescriptor.Entry::coordinates).toList());
        assertEquals(3, descriptor.entries(true).size());
        assertEquals(3, RunDescriptor.highestStartLevel(descriptor.entries(false)));
        assertEquals(4, RunDescriptor.highestStartLevel(descriptor.entries(true)));
    }

    @Test
    void installsTheHttpBundlesOnlyWhenServingHttp() throws IOException {
        RunDescriptor descriptor = parse("""
                1 a:b
                2 j:jetty http
                4 e:f interactive
                4 m:module module
                """);

        assertEquals(List.of("a:b", "m:module"),
                descriptor.entries(false, false).stream().map(RunDescriptor.Entry::coordinates).toList());
        assertEquals(List.of("a:b", "j:jetty", "m:module"),
                descriptor.entries(false, true).stream().map(RunDescriptor.Entry::coordinates).toList());
        assertEquals(4, descriptor.entries(true, true).size());
        assertEquals(descriptor.entries(true, false), descriptor.entries(true));
    }

    @Test
    void namesTheEmbeddedJarAsTheBuildCopiesIt() {
        // copy-dependencies with prependGroupId and stripVersion
        assertEquals("bundles/org.apache.felix.org.apache.felix.scr.jar",
                new RunDescriptor.Entry(2, "org.apache.felix", "org.apache.felix.scr", false).resourceName());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "x a:b",                 // level not a number
            "0 a:b",                 // level below 1
            "1 ab",                  // no colon
            "1 a:b:c",               // a version sneaked in
            "1 :b",
            "1",                     // no coordinates
            "1 a:b interactive x",   // too many words
            "1 a:b optional",        // unknown role
    })
    void rejectsMalformedLinesNamingTheLine(String line) {
        IOException e = assertThrows(IOException.class, () -> parse("# ok\n" + line + "\n"));
        assertTrue(e.getMessage().startsWith("test:2: "), e.getMessage());
    }

    @Test
    void rejectsADescriptorWithoutBundles() {
        assertThrows(IOException.class, () -> parse("# nothing\n\n"));
    }

    @Test
    void entriesAreImmutable() throws IOException {
        RunDescriptor descriptor = parse("1 a:b\n");
        assertThrows(UnsupportedOperationException.class, () -> descriptor.entries().clear());
        assertFalse(descriptor.entries().isEmpty());
    }
}
