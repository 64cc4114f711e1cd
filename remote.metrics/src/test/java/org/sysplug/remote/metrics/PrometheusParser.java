package org.sysplug.remote.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prometheus's own parser (the Python client's, Debian package python3-prometheus-client, as
 * .ci/run installs it) run on an exposition: its samples, or the parser's refusal.
 */
public final class PrometheusParser {

    /** One sample as the parser read it. */
    public record Sample(String family, String type, String help, String unit, String name, Map<String, String> labels,
            Object value) {
        public double number() {
            return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
        }
    }

    /** The parser refused the exposition. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");
    private static final Optional<String> PYTHON = PYTHONS.stream().filter(PrometheusParser::hasClient).findFirst();

    private PrometheusParser() {
    }

    /** Why the parser cannot run here, or empty when it can. */
    public static Optional<String> unavailable() {
        return PYTHON.isPresent() ? Optional.empty()
                : Optional.of("no python3 with prometheus_client (apt-get install python3-prometheus-client)");
    }

    /** The samples of a Prometheus text format 0.0.4 exposition. */
    public static List<Sample> text(String exposition) throws Malformed {
        return run("text", exposition);
    }

    /** The samples of an OpenMetrics exposition. */
    public static List<Sample> openMetrics(String exposition) throws Malformed {
        return run("openmetrics", exposition);
    }

    private static List<Sample> run(String format, String exposition) throws Malformed {
        try {
            Path script = Files.createTempFile("check_exposition", ".py");
            try (InputStream in = PrometheusParser.class.getResourceAsStream("check_exposition.py")) {
                Files.write(script, in.readAllBytes());
            }
            try {
                Process p = new ProcessBuilder(PYTHON.orElseThrow(), script.toString(), format).start();
                p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("the parser did not end in 30 s");
                }
                if (p.exitValue() != 0) {
                    throw new Malformed(err);
                }
                return new ObjectMapper().readValue(out, new TypeReference<List<Sample>>() {
                });
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasClient(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import prometheus_client.parser, prometheus_client.openmetrics.parser")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The value of the one sample named {@code name} with exactly these labels. */
    public static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + labels + ", found " + found.size() + " among "
                    + samples.stream().filter(s -> s.name().equals(name)).map(s -> s.labels() + " " + s.value()).toList());
        }
        return found.get(0).number();
    }
}
