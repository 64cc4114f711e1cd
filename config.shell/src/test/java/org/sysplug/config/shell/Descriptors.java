package org.sysplug.config.shell;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.metatype.AD;
import org.apache.felix.metatype.MetaData;
import org.apache.felix.metatype.MetaDataReader;
import org.apache.felix.metatype.OCD;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * The modules' real settings, as the running platform's MetaTypeService gives them: the
 * descriptors bnd generated from their {@code @ObjectClassDefinition}s, read by Felix Metatype's
 * own reader, and validated by its own {@link AD#validate}.
 */
final class Descriptors {

    private Descriptors() {
    }

    /** Attribute {@code id} of the class definition generated from the annotation {@code ocd}. */
    static AttributeDefinition attribute(String ocd, String id) throws IOException {
        URL xml = Descriptors.class.getClassLoader().getResource("OSGI-INF/metatype/" + ocd + ".xml");
        if (xml == null) {
            throw new AssertionError("no Metatype descriptor for " + ocd + " on the test class path");
        }
        MetaData data = new MetaDataReader().parse(xml);
        OCD definition = (OCD) data.getObjectClassDefinitions().get(ocd);
        AD ad = (AD) ((Map<?, ?>) definition.getAttributeDefinitions()).get(id);
        if (ad == null) {
            throw new AssertionError(ocd + " has no attribute " + id);
        }
        return new Attribute(ad);
    }

    /**
     * The class definition generated from the annotation {@code ocd}, as the description of
     * {@code pid} that ConfigStore makes of it: every attribute, and which are required.
     */
    static PidSettings describe(String pid, PidSettings.Kind kind, String ocd) throws IOException {
        OCD definition = definition(ocd);
        List<AttributeDefinition> attributes = new ArrayList<>();
        Set<String> required = new HashSet<>();
        for (Object o : ((Map<?, ?>) definition.getAttributeDefinitions()).values()) {
            AD ad = (AD) o;
            attributes.add(new Attribute(ad));
            if (ad.isRequired()) {
                required.add(ad.getID());
            }
        }
        return new PidSettings(pid, kind, null, definition.getName(), definition.getDescription(), "test", attributes,
                required, null, List.of());
    }

    private static OCD definition(String ocd) throws IOException {
        URL xml = Descriptors.class.getClassLoader().getResource("OSGI-INF/metatype/" + ocd + ".xml");
        if (xml == null) {
            throw new AssertionError("no Metatype descriptor for " + ocd + " on the test class path");
        }
        return (OCD) new MetaDataReader().parse(xml).getObjectClassDefinitions().get(ocd);
    }

    /** Felix's attribute as the service hands it out (its validation keys unlocalized: '%less than minimum'). */
    private record Attribute(AD ad) implements AttributeDefinition {
        @Override
        public String getName() {
            return ad.getName();
        }

        @Override
        public String getID() {
            return ad.getID();
        }

        @Override
        public String getDescription() {
            return ad.getDescription();
        }

        @Override
        public int getCardinality() {
            return ad.getCardinality();
        }

        @Override
        public int getType() {
            return ad.getType();
        }

        @Override
        public String[] getOptionValues() {
            return ad.getOptionValues();
        }

        @Override
        public String[] getOptionLabels() {
            return ad.getOptionLabels();
        }

        @Override
        public String validate(String value) {
            String message = ad.validate(value);
            // the service localizes '%key'; without a resource for it, the key is the message
            return message != null && message.startsWith("%") ? message.substring(1) : message;
        }

        @Override
        public String[] getDefaultValue() {
            return ad.getDefaultValue();
        }
    }
}
