package org.sysplug.it.isolation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Modules never call each other" (they meet only in the request), as a check over manifest headers: a module bundle
 * (symbolic name {@code org.sysplug.firmware.*}, {@code org.sysplug.resource.*} or {@code org.sysplug.policy.*}) may
 * import the framework API ({@code org.sysplug.framework}), the platform ports ({@code org.sysplug.platform} and
 * {@code org.sysplug.platform.acpi}, not what a backend exports beside them, such as platform.linux's tree reader:
 * a module reaches the machine through the ports only, so that swapping the backend changes no module), the
 * doctor's API ({@code org.sysplug.doctor}: a module may contribute checks of what would go wrong) and
 * anything outside {@code org.sysplug}, but never a package that another module exports, never another
 * {@code org.sysplug} package, and it may not Require-Bundle another sysplug bundle.
 *
 * <p>A pure function of header strings, so that it is tested on synthetic manifests and cannot pass vacuously.
 */
public final class ModuleIsolation {

    /** The headers the rule reads; a missing header is an empty string. */
    public record BundleHeaders(String symbolicName, String importPackage, String exportPackage, String requireBundle) {

        public BundleHeaders {
            symbolicName = bareName(symbolicName);
            importPackage = importPackage == null ? "" : importPackage;
            exportPackage = exportPackage == null ? "" : exportPackage;
            requireBundle = requireBundle == null ? "" : requireBundle;
        }
    }

    private static final String FRAMEWORK_API = "org.sysplug.framework";
    private static final String PLATFORM_PORTS = "org.sysplug.platform";
    private static final String FIRMWARE_PORT = "org.sysplug.platform.acpi";
    private static final String DOCTOR_API = "org.sysplug.doctor";

    private ModuleIsolation() {
    }

    /** True for a firmware, resource or policy module, the bundles the rule binds. */
    public static boolean isModule(String symbolicName) {
        String name = bareName(symbolicName);
        return name.startsWith("org.sysplug.firmware.") || name.startsWith("org.sysplug.resource.")
                || name.startsWith("org.sysplug.policy.");
    }

    /**
     * Every breach of the rule among {@code bundles}, one line each, naming the importing module, the package and
     * the module that exports it; empty when the modules are isolated.
     */
    public static List<String> violations(Collection<BundleHeaders> bundles) {
        Map<String, String> exportedByModule = new LinkedHashMap<>();
        for (BundleHeaders b : bundles) {
            if (isModule(b.symbolicName())) {
                for (String p : packages(b.exportPackage())) {
                    exportedByModule.putIfAbsent(p, b.symbolicName());
                }
            }
        }
        List<String> violations = new ArrayList<>();
        for (BundleHeaders b : bundles) {
            if (!isModule(b.symbolicName())) {
                continue;
            }
            for (String p : packages(b.importPackage())) {
                String exporter = exportedByModule.get(p);
                if (exporter != null && !exporter.equals(b.symbolicName())) {
                    violations.add(b.symbolicName() + " imports " + p + ", which module " + exporter
                            + " exports: modules never call each other; exchange data through the request");
                } else if (p.startsWith("org.sysplug.") && !allowedSysplugPackage(p) && exporter == null) {
                    violations.add(b.symbolicName() + " imports " + p
                            + ": a module imports only org.sysplug.framework, org.sysplug.platform* and org.sysplug.doctor");
                }
            }
            for (String required : packages(b.requireBundle())) {
                if (required.startsWith("org.sysplug.")) {
                    violations.add(b.symbolicName() + " requires bundle " + required
                            + ": a module imports the API packages it uses, never a whole sysplug bundle");
                }
            }
        }
        return violations;
    }

    private static boolean allowedSysplugPackage(String p) {
        return p.equals(FRAMEWORK_API) || p.equals(PLATFORM_PORTS) || p.equals(FIRMWARE_PORT) || p.equals(DOCTOR_API);
    }

    /**
     * The names of an OSGi header's clauses ({@code Import-Package}, {@code Export-Package}, {@code Require-Bundle}):
     * clauses are separated by commas outside quotes, and a clause may name several packages before its
     * attributes and directives ({@code a;b;version="[1,2)"}).
     */
    public static List<String> packages(String header) {
        List<String> names = new ArrayList<>();
        if (header == null) {
            return names;
        }
        for (String clause : split(header, ',')) {
            for (String part : split(clause, ';')) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.contains("=")) {
                    break; // attributes and directives follow the names
                }
                names.add(p);
            }
        }
        return names;
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** The symbolic name without its directives ({@code org.x;singleton:=true}). */
    private static String bareName(String symbolicName) {
        if (symbolicName == null) {
            return "";
        }
        int semicolon = symbolicName.indexOf(';');
        return (semicolon < 0 ? symbolicName : symbolicName.substring(0, semicolon)).strip();
    }
}
