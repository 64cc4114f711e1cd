package org.sysplug.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.url.AbstractURLStreamHandlerService;

/**
 * The {@code sysplug:} URLs of the bundles embedded in the launcher jar, as an OSGi URL handler:
 * their locations are {@code sysplug:GROUP:ARTIFACT:VERSION}, and without a handler for that
 * protocol {@code update ID} (which reads a bundle again from its location) failed with "Unknown
 * protocol: sysplug". With it, updating an embedded bundle reads it again from the jar.
 */
final class EmbeddedBundles extends AbstractURLStreamHandlerService {

    static final String PROTOCOL = "sysplug";

    /** Location ({@code sysplug:coordinates}) to the jar's resource name. */
    private final Map<String, String> resources = new ConcurrentHashMap<>();

    /** The location an embedded bundle is installed at, remembered so that it can be read again. */
    String location(RunDescriptor.Entry entry) {
        String location = PROTOCOL + ":" + entry.coordinates();
        resources.put(location, entry.resourceName());
        return location;
    }

    InputStream open(String location) throws IOException {
        String resource = resources.get(location);
        InputStream in = resource == null ? null : EmbeddedBundles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(location + " is not a bundle embedded in the launcher");
        }
        return in;
    }

    @Override
    public URLConnection openConnection(URL url) {
        String location = url.toExternalForm();
        return new URLConnection(url) {
            @Override
            public void connect() {
                connected = true;
            }

            @Override
            public InputStream getInputStream() throws IOException {
                return open(location);
            }
        };
    }
}
