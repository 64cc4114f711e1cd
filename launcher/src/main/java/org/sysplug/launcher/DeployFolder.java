package org.sysplug.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deploy folder, which Apache Felix FileInstall watches while sysplug runs: a bundle dropped
 * there is installed and started, a replaced one updated, a deleted one uninstalled; a
 * {@code .cfg} or {@code .config} file there becomes a ConfigAdmin configuration (its name, less
 * the extension, is the PID).
 *
 * <p>It is {@code deploy/} in the working directory unless {@code --deploy DIR} or the framework
 * property {@value #DIR} names another. The interactive prompt creates it when it is missing (a
 * person is about to use it); a one-shot command or a script never creates a folder, it only
 * watches one that exists, so that a command run anywhere leaves no {@code deploy/} behind.
 */
final class DeployFolder {

    /** FileInstall's property for the folder it watches. */
    static final String DIR = "felix.fileinstall.dir";
    /** The folder's name in the working directory when none is given. */
    static final String DEFAULT_NAME = "deploy";
    /** The artifact of FileInstall in the run descriptor. */
    static final String FILEINSTALL = "org.apache.felix.fileinstall";

    /** Short enough that a person who copies a jar sees it used at once, long enough to cost nothing. */
    private static final String POLL_MILLIS = "1000";
    /** Bundles and settings only: an editor's backup ({@code x.cfg~}) or swap file is not deployed. */
    private static final String FILTER = ".*\\.(jar|cfg|config)";

    private DeployFolder() {
    }

    /** The folder: as configured ({@code --deploy}, {@code -D}), or {@code deploy/} in {@code workingDir}. */
    static Path folder(String configured, Path workingDir) {
        Path dir = configured == null || configured.isBlank() ? workingDir.resolve(DEFAULT_NAME) : Path.of(configured);
        return workingDir.resolve(dir).normalize();
    }

    /** What is wrong with the folder, in one line, or null: something that is there but no folder is. */
    static String problem(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            return "the deploy folder " + folder + " is a file, not a directory: remove it or give another "
                    + "with --deploy DIR";
        }
        return null;
    }

    /**
     * FileInstall's settings for this run (the command line's {@code -D} still overrides each):
     * the folder, a poll of a second, the first scan done while FileInstall starts (so a one-shot
     * command already finds the folder's handlers, without waiting a poll), deployed bundles started
     * at FileInstall's own start level (after every sysplug bundle, and stopped before them), its
     * temporary files in the run's directory, deleted with it, and the operator's files never
     * rewritten: FileInstall's default writes every configuration change back into its
     * {@code .cfg}, truncating the file first, and its own watcher can read the file empty in
     * between and apply that, wiping the setting (seen here one start in two).
     *
     * @param startLevel FileInstall's start level in the run descriptor
     */
    static Map<String, String> properties(Path folder, Path workDir, int startLevel) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(DIR, folder.toString());
        p.put("felix.fileinstall.poll", POLL_MILLIS);
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.start.level", Integer.toString(startLevel));
        p.put("felix.fileinstall.filter", FILTER);
        p.put("felix.fileinstall.tmpdir", workDir.resolve("fileinstall").toString());
        p.put("felix.fileinstall.enableConfigSave", "false");
        return p;
    }

    /** Creates a missing folder; true if it did. */
    static boolean create(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return false;
        }
        Files.createDirectories(folder);
        return true;
    }
}
