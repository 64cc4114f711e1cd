package org.sysplug.launcher;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * {@code --http [ADDR:]PORT} and {@code --http-token-file FILE}: the framework properties that make
 * Felix HTTP Jetty (role {@code http} of the run descriptor) listen there, the checks that refuse a
 * start before anything runs (no token on a non-loopback address, an unusable token file, a port in
 * use), and the wait for the server to be up.
 */
final class HttpServing {

    /** The launcher's own record of {@code --http}: {@code HOST:PORT}. Without it no HTTP bundle is installed. */
    static final String PROPERTY = "sysplug.http";
    /** The bearer token file, read by the remote.http bundle (its TokenFile applies the same rule). */
    static final String TOKEN_FILE = "sysplug.http.tokenFile";
    static final String API_PATH = "/api/v1";

    private static final String FELIX_PORT = "org.osgi.service.http.port";
    private static final String FELIX_HOST = "org.apache.felix.http.host";
    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    private static final String ENDPOINT = "osgi.http.endpoint";
    private static final Pattern ENDPOINT_PORT = Pattern.compile("^https?://.*:(\\d+)(/.*)?$");

    /** Where to listen. */
    record Address(String host, int port) {

        /** {@code PORT} (on 127.0.0.1), {@code HOST:PORT} or {@code [IPV6]:PORT}; port 0 is any free port. */
        static Address parse(String text) throws Options.UsageException {
            String host = "127.0.0.1";
            String port = text;
            int colon = text.lastIndexOf(':');
            if (colon >= 0) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                if (host.isEmpty()) {
                    throw new Options.UsageException("--http " + text + ": no address before the ':' (give PORT or ADDR:PORT)");
                }
            }
            int number;
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 0 || number > 65535) {
                throw new Options.UsageException("--http " + text + ": '" + port + "' is not a port (0-65535; 0 = any free port)");
            }
            return new Address(host, number);
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private HttpServing() {
    }

    /** The framework properties of {@code --http}. */
    static Map<String, String> properties(Address address) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PROPERTY, address.toString());
        properties.put(FELIX_HOST, address.host());
        properties.put(FELIX_PORT, Integer.toString(address.port()));
        properties.put("org.apache.felix.http.enable", "true");
        properties.put("org.apache.felix.https.enable", "false");
        // no "Server: Jetty(11...)" header: a caller need not know what serves it
        properties.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        return properties;
    }

    /** What forbids serving as asked, in one line, or null. Checks the token file, the address, the port. */
    static String problem(Options options) {
        String where = options.properties().get(PROPERTY);
        if (where == null) {
            return options.properties().containsKey(TOKEN_FILE) ? "--http-token-file needs --http [ADDR:]PORT" : null;
        }
        Address address;
        try {
            address = Address.parse(where);
        } catch (Options.UsageException e) {
            return e.getMessage();
        }
        String tokenFile = options.properties().get(TOKEN_FILE);
        if (tokenFile != null) {
            String problem = tokenProblem(Path.of(tokenFile));
            if (problem != null) {
                return problem;
            }
        }
        InetAddress host;
        try {
            host = InetAddress.getByName(address.host());
        } catch (UnknownHostException e) {
            return "--http " + where + ": '" + address.host() + "' is no address of this host";
        }
        if (!host.isLoopbackAddress() && tokenFile == null) {
            return "--http " + where + ": refusing to serve beyond this host without a token; give --http-token-file FILE "
                    + "(callers then send 'Authorization: Bearer TOKEN'), or serve on 127.0.0.1 only (--http " + address.port() + ")";
        }
        return portProblem(address, host);
    }

    /** The same rule as the remote.http bundle's TokenFile: one private, non-empty word. */
    static String tokenProblem(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                return "--http-token-file " + file + ": readable by group or others; make it private (chmod 600 " + file + ")";
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                return "--http-token-file " + file + ": the file is empty; write the token into it (e.g. openssl rand -hex 32 > " + file + ")";
            }
            if (token.chars().anyMatch(Character::isWhitespace)) {
                return "--http-token-file " + file + ": the token must be one word on one line";
            }
            return null;
        } catch (NoSuchFileException e) {
            return "--http-token-file " + file + ": no such file";
        } catch (IOException | UnsupportedOperationException e) {
            return "--http-token-file " + file + ": cannot read it (" + ExitStatus.message(e) + ")";
        }
    }

    /** A port another program holds: said now, in one line, rather than by Jetty in a stack trace. */
    private static String portProblem(Address address, InetAddress host) {
        if (address.port() == 0) {
            return null;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, address.port()));
            return null;
        } catch (BindException e) {
            return "--http " + address + ": the port is in use (another sysplug?); choose another port, or --http 0 for any free one";
        } catch (IOException e) {
            return "--http " + address + ": cannot listen there (" + ExitStatus.message(e) + ")";
        }
    }

    /**
     * Waits for the whiteboard's runtime service and returns the port it listens on, or -1 when the
     * server did not come up in time (the log says why).
     */
    static int awaitPort(BundleContext context, long millis) throws InterruptedException {
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + RUNTIME + ")(" + ENDPOINT + "=*))"), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < deadline) {
                ServiceReference<Object>[] refs = tracker.getServiceReferences();
                if (refs != null) {
                    for (ServiceReference<Object> ref : refs) {
                        int port = port(ref.getProperty(ENDPOINT));
                        if (port > 0) {
                            return port;
                        }
                    }
                }
                Thread.sleep(20);
            }
            return -1;
        } finally {
            tracker.close();
        }
    }

    /** The port of the first endpoint URL ({@code http://HOST:PORT/}), or -1. */
    static int port(Object endpoints) {
        Iterable<?> all = endpoints instanceof String[] array ? java.util.List.of(array)
                : endpoints instanceof Collection<?> collection ? collection
                : endpoints == null ? java.util.List.of() : java.util.List.of(endpoints);
        for (Object endpoint : all) {
            Matcher m = ENDPOINT_PORT.matcher(String.valueOf(endpoint));
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }
}
