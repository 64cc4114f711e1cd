package org.sysplug.it.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/** The JSON check of ShellCommandsIT must be able to fail: it accepts RFC 8259 documents and nothing else. */
public class JsonParserTest {

    @Test
    public void parsesADocumentIntoMapsListsAndScalars() {
        Map<String, Object> doc = JsonParser.object(" {\"handlers\":[{\"phase\":\"ADD_EXECUTE\",\"rank\":110,"
                + "\"kinds\":[\"HOTPLUG\",\"ONLINE\"]}],\"warnings\":[],\"running\":null,\"dryRun\":false,"
                + "\"runMs\":0.125,\"tiny\":1.0E-4,\"neg\":-3,\"text\":\"a\\\"b\\\\c\\n\\u00e9\\/\"}\n");

        assertEquals(List.of("handlers", "warnings", "running", "dryRun", "runMs", "tiny", "neg", "text"),
                new ArrayList<>(doc.keySet()));
        assertTrue(doc instanceof LinkedHashMap);
        @SuppressWarnings("unchecked")
        Map<String, Object> handler = (Map<String, Object>) ((List<?>) doc.get("handlers")).get(0);
        assertEquals(Long.valueOf(110), handler.get("rank"));
        assertEquals(List.of("HOTPLUG", "ONLINE"), handler.get("kinds"));
        assertEquals(List.of(), doc.get("warnings"));
        assertTrue(doc.containsKey("running"));
        assertNull(doc.get("running"));
        assertEquals(Boolean.FALSE, doc.get("dryRun"));
        assertEquals(Double.valueOf(0.125), doc.get("runMs"));
        assertEquals(Double.valueOf(1.0E-4), doc.get("tiny"));
        assertEquals(Long.valueOf(-3), doc.get("neg"));
        assertEquals("a\"b\\c\n\u00e9/", doc.get("text"));
    }

    @Test
    public void parsesScalarsAndEmptyContainers() {
        assertEquals(Long.valueOf(0), JsonParser.parse("0"));
        assertEquals(Double.valueOf(-0.5e3), JsonParser.parse("-0.5e3"));
        assertEquals(List.of(), JsonParser.parse("[ ]"));
        assertEquals(Map.of(), JsonParser.parse("{ }"));
        assertEquals(Arrays.asList(true, null, "x"), JsonParser.parse("[true,null,\"x\"]"));
    }

    @Test
    public void rejectsWhatIsNotOneJsonDocument() {
        for (String bad : List.of(
                "",
                "   ",
                "{\"a\":1",
                "{\"a\":1}}",
                "{\"a\":1,}",
                "[1,]",
                "[1 2]",
                "{\"a\" 1}",
                "{a:1}",
                "{'a':1}",
                "{\"a\":1,\"a\":2}",
                "01",
                "1.",
                ".5",
                "-",
                "1e",
                "NaN",
                "Infinity",
                "tru",
                "nul",
                "\"open",
                "\"bad \\x escape\"",
                "\"\\u12\"",
                "\"raw\nnewline\"",
                "{\"a\":1} {\"b\":2}",
                "request 4 queued")) {
            assertThrows("accepted: " + bad, IllegalArgumentException.class, () -> JsonParser.parse(bad));
        }
    }

    @Test
    public void objectRejectsAnotherDocument() {
        assertThrows(IllegalArgumentException.class, () -> JsonParser.object("[1]"));
    }
}
