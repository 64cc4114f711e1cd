package org.sysplug.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.Test;

/** The launcher names Gogo's API by strings and numbers; these must match the real thing. */
class GogoSessionTest {

    @Test
    void theNamesAndConstantsMatchGogo() {
        assertEquals(CommandProcessor.class.getName(), GogoSession.PROCESSOR);
        assertEquals(Converter.INSPECT, GogoSession.INSPECT);
    }

    @Test
    void drivesASessionAndPassesTheCommandsExceptionThrough() throws Exception {
        try (Gogo gogo = new Gogo()) {
            gogo.session.put("x", 5);
            assertEquals(5, gogo.session.get("x"));
            gogo.session.put("x", null);
            assertNull(gogo.session.get("x"));
            assertEquals("abc", gogo.session.format("abc").toString());
            assertThrows(CommandNotFoundException.class, () -> gogo.session.execute("nosuchcmd"));
        }
    }
}
