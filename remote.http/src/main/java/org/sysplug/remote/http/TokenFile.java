package org.sysplug.remote.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The bearer token file of {@code --http-token-file FILE}: one line, the token. Refused when it is
 * empty, or readable by group or others (as ssh refuses a private key others can read): a token
 * others can read is no secret. The launcher checks it before it starts anything; the bundle reads it
 * again, with the same rule, when it starts.
 */
public final class TokenFile {

    /** The framework property that names the file. */
    public static final String PROPERTY = "sysplug.http.tokenFile";

    /** A token file that cannot be used; the message names the file and what to do. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unusable(String message) {
            super(message);
        }
    }

    private TokenFile() {
    }

    public static String read(Path file) throws Unusable {
        String token;
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new Unusable("--http-token-file " + file + ": readable by group or others; make it private (chmod 600 " + file + ")");
            }
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (UnsupportedOperationException e) {
            throw new Unusable("--http-token-file " + file + ": cannot check who may read it (not a POSIX file system)");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Unusable("--http-token-file " + file + ": no such file");
        } catch (IOException e) {
            throw new Unusable("--http-token-file " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        if (token.isEmpty()) {
            throw new Unusable("--http-token-file " + file + ": the file is empty; write the token into it (e.g. openssl rand -hex 32 > " + file + ")");
        }
        if (token.lines().count() > 1 || token.chars().anyMatch(Character::isWhitespace)) {
            throw new Unusable("--http-token-file " + file + ": the token must be one word on one line");
        }
        return token;
    }
}
