package org.sysplug.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line of {@code java -jar sysplug.jar}.
 *
 * <p>Launcher options come first; the first word that is not an option (or everything after
 * {@code --}) starts the Gogo command, so a command's own options ({@code lb -s}) are never
 * taken for the launcher's. The backend flags become framework properties:
 * {@code --sysroot DIR} → {@code sysplug.backend=linux}, {@code sysplug.sysroot=DIR} (read-only);
 * {@code --writable} → {@code sysplug.access=writable}; {@code --live} → the running kernel,
 * {@code sysplug.sysroot=/}, {@code sysplug.access=live}; {@code --data DIR} → {@code sysplug.data=DIR} (the
 * journal and the settings, see {@link DataDirectory}), {@code --ephemeral} → {@code sysplug.data=} (none);
 * {@code --deploy DIR} → {@code felix.fileinstall.dir=DIR} (the folder FileInstall watches, see {@link DeployFolder});
 * {@code --serve-sysfs DIR} → {@code sysplug.sysfs.dir=DIR} (the machine served as a sysfs tree at DIR/sys by
 * the frontend.sysfs bundle); {@code --http [ADDR:]PORT} and {@code --http-token-file FILE} → the HTTP server's
 * properties (see {@link HttpServing}).
 */
public record Options(Mode mode, List<String> command, Path file, Map<String, String> properties) {

    /** What the launcher was asked to do. */
    public enum Mode { INTERACTIVE, COMMAND, FILE, HELP }

    /** A command line the launcher cannot act on; the message is meant for the user. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = String.join("\n",
            "usage: java [-Dkey=value...] -jar sysplug.jar [OPTIONS] [COMMAND [ARGS...]]",
            "",
            "  (no command)     start the platform with an interactive Gogo prompt",
            "  COMMAND ARGS...  run one Gogo command in a fresh platform, print its result and",
            "                   exit with its status",
            "",
            "options:",
            "  -f, --file FILE  run the commands in FILE, one per line ('#' comments and blank",
            "                   lines skipped), stopping at the first that fails",
            "  --sysroot DIR    run on the Linux backend over the sysfs tree below DIR (a dump or",
            "                   a copy), read-only: nothing is written",
            "  --writable       with --sysroot: requests write to the tree's files (a copy only;",
            "                   the real /sys is refused)",
            "  --live           run on THIS machine's kernel: requests write to /sys and take CPUs",
            "                   and memory offline for real",
            "  (none of these)  run on the simulated machine",
            "  --data DIR       keep the request journal (history that survives restarts, requests",
            "                   cut short by kill -9 reported INTERRUPTED) and the settings in DIR;",
            "                   by default ./sysplug-data in the working directory. One sysplug at a",
            "                   time per directory: a second one is refused",
            "  --ephemeral      keep nothing: no journal, settings lost at exit (scripts, tests)",
            "  --deploy DIR     watch DIR instead of ./deploy: a handler bundle (.jar) copied there",
            "                   is installed and started, replaced is updated, deleted is",
            "                   uninstalled; a PID.cfg or PID.config file sets that configuration.",
            "                   The prompt creates a missing folder; a command watches it only if",
            "                   it exists",
            "  --serve-sysfs DIR  serve the machine as a sysfs tree at DIR/sys (FUSE) while",
            "                   sysplug runs: util-linux (lsmem --sysroot DIR) and scripts read",
            "                   it, and a write (echo 0 > DIR/sys/devices/system/cpu/cpu3/online)",
            "                   becomes one request; unmounted at exit",
            "  --http [ADDR:]PORT  serve the remote HTTP/JSON API at http://ADDR:PORT/api/v1 while",
            "                   sysplug runs (PORT alone: on 127.0.0.1; 0: any free port, printed).",
            "                   Callers on this host need nothing; any other caller must send",
            "                   'Authorization: Bearer TOKEN', so an address beyond loopback",
            "                   (0.0.0.0:PORT) needs --http-token-file. Without --http no port is opened",
            "  --http-token-file FILE  the bearer token, one word in a file only its owner may read",
            "  -Dkey=value      set a framework property (as does java -Dkey=value before -jar)",
            "  -h, --help       print this help",
            "",
            "exit status: 0 success, 1 failure, 2 usage error or unknown command, or the status",
            "the command set (e.g. 64 partial success)");

    /** The framework property the sysfs front-end (frontend.sysfs) mounts its tree by. */
    public static final String SERVE_SYSFS = "sysplug.sysfs.dir";

    private static final String EITHER_DATA = "give either --data DIR (keep the journal and settings there) "
            + "or --ephemeral (keep nothing), not both";

    public Options {
        command = List.copyOf(command);
        properties = Map.copyOf(properties);
    }

    /** Whether the launcher serves the HTTP API ({@code --http}). */
    public boolean http() {
        return properties.containsKey(HttpServing.PROPERTY);
    }

    /** Whether the platform will write to the running kernel's sysfs. */
    public boolean live() {
        return "live".equals(properties.get("sysplug.access"));
    }

    /** Parses {@code main}'s arguments. */
    public static Options parse(String... args) throws UsageException {
        Path file = null;
        boolean help = false;
        String sysroot = null;
        boolean writable = false;
        boolean live = false;
        boolean data = false;
        boolean ephemeral = false;
        Map<String, String> properties = new LinkedHashMap<>();
        int i = 0;
        options:
        while (i < args.length) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "-f", "--file" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException(arg + " needs a FILE");
                    }
                    file = Path.of(args[++i]);
                }
                case "--sysroot" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--sysroot needs a DIR (the directory that holds sys/)");
                    }
                    sysroot = args[++i];
                }
                case "--data" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new UsageException("--data needs a DIR (where sysplug keeps its journal and settings)");
                    }
                    if (ephemeral) {
                        throw new UsageException(EITHER_DATA);
                    }
                    data = true;
                    properties.put(DataDirectory.PROPERTY, Path.of(args[++i]).toAbsolutePath().normalize().toString());
                }
                case "--ephemeral" -> {
                    if (data) {
                        throw new UsageException(EITHER_DATA);
                    }
                    ephemeral = true;
                    properties.put(DataDirectory.PROPERTY, "");
                }
                case "--deploy" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new UsageException("--deploy needs a DIR (the folder watched for handler bundles and .cfg files)");
                    }
                    properties.put(DeployFolder.DIR, Path.of(args[++i]).toAbsolutePath().normalize().toString());
                }
                case "--serve-sysfs" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new UsageException("--serve-sysfs needs a DIR (the tree is served at DIR/sys)");
                    }
                    properties.put(SERVE_SYSFS, Path.of(args[++i]).toAbsolutePath().normalize().toString());
                }
                case "--http" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new UsageException("--http needs [ADDR:]PORT (e.g. --http 8080, --http 0 for any free port)");
                    }
                    properties.putAll(HttpServing.properties(HttpServing.Address.parse(args[++i])));
                }
                case "--http-token-file" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new UsageException("--http-token-file needs a FILE (the bearer token)");
                    }
                    properties.put(HttpServing.TOKEN_FILE, Path.of(args[++i]).toAbsolutePath().normalize().toString());
                }
                case "--writable" -> writable = true;
                case "--live" -> live = true;
                case "--" -> {
                    i++;
                    break options;
                }
                default -> {
                    if (arg.startsWith("-D") && arg.length() > 2) {
                        addProperty(properties, arg.substring(2));
                    } else if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg);
                    } else {
                        break options;
                    }
                }
            }
            i++;
        }
        List<String> command = new ArrayList<>(List.of(args).subList(i, args.length));
        backend(properties, sysroot, writable, live);

        if (help) {
            return new Options(Mode.HELP, List.of(), null, properties);
        }
        if (file != null) {
            if (!command.isEmpty()) {
                throw new UsageException("give either -f FILE or a COMMAND, not both");
            }
            return new Options(Mode.FILE, List.of(), file, properties);
        }
        return new Options(command.isEmpty() ? Mode.INTERACTIVE : Mode.COMMAND, command, null, properties);
    }

    private static void backend(Map<String, String> properties, String sysroot, boolean writable, boolean live)
            throws UsageException {
        if (live && sysroot != null) {
            throw new UsageException("give either --live (this machine) or --sysroot DIR (a tree), not both");
        }
        if (writable && sysroot == null) {
            throw new UsageException("--writable needs --sysroot DIR: it makes a copied tree writable "
                    + "(the running machine is --live)");
        }
        if (live) {
            properties.put("sysplug.backend", "linux");
            properties.put("sysplug.sysroot", "/");
            properties.put("sysplug.access", "live");
        } else if (sysroot != null) {
            properties.put("sysplug.backend", "linux");
            properties.put("sysplug.sysroot", sysroot);
            properties.put("sysplug.access", writable ? "writable" : "read-only");
        }
    }

    private static void addProperty(Map<String, String> properties, String definition) throws UsageException {
        int eq = definition.indexOf('=');
        String key = eq < 0 ? definition : definition.substring(0, eq);
        if (key.isEmpty()) {
            throw new UsageException("-D needs a key: -Dkey=value");
        }
        // As with java -Dkey, a definition without a value is the empty string.
        properties.put(key, eq < 0 ? "" : definition.substring(eq + 1));
    }
}
