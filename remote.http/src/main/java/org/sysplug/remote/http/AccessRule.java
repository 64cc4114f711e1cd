package org.sysplug.remote.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Who may call sysplug over HTTP: a caller on this host (a loopback address) without more ado, any
 * other caller only with {@code Authorization: Bearer TOKEN}. A loopback caller that sends a wrong
 * token is refused too: a wrong token is a mistake worth reporting, wherever it comes from.
 *
 * <p>The token is compared in constant time (both sides hashed first, so that neither the content
 * nor the length of the expected token leaks through the time a refusal takes).
 */
public final class AccessRule {

    /** The outcome for one call. */
    public record Decision(boolean allowed, boolean tokenUsed, String refusal) {

        static Decision allow(boolean tokenUsed) {
            return new Decision(true, tokenUsed, null);
        }

        static Decision refuse(String why) {
            return new Decision(false, false, why);
        }
    }

    private static final String BEARER = "Bearer ";

    private final byte[] tokenDigest;

    /** @param token the expected bearer token, or empty when none is configured (then only loopback callers pass) */
    public AccessRule(Optional<String> token) {
        this.tokenDigest = token.map(AccessRule::digest).orElse(null);
    }

    /**
     * @param remoteAddress the caller's IP address as the server saw it (a literal, never resolved)
     * @param authorization the {@code Authorization} header, or null
     */
    public Decision decide(String remoteAddress, String authorization) {
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Decision.refuse("the Authorization header must be 'Bearer TOKEN'");
            }
            if (tokenDigest == null) {
                return Decision.refuse("this sysplug has no token (start it with --http-token-file FILE)");
            }
            String offered = authorization.substring(BEARER.length()).strip();
            if (!MessageDigest.isEqual(tokenDigest, digest(offered))) {
                return Decision.refuse("wrong bearer token");
            }
            return Decision.allow(true);
        }
        if (loopback(remoteAddress)) {
            return Decision.allow(false);
        }
        return Decision.refuse(tokenDigest == null
                ? "only callers on this host may call this sysplug: it has no token (start it with --http-token-file FILE)"
                : "a caller from " + remoteAddress + " needs 'Authorization: Bearer TOKEN'");
    }

    /** Whether an address literal is a loopback address (127.0.0.0/8, ::1, an IPv4-mapped 127.x). */
    static boolean loopback(String address) {
        if (address == null || address.isEmpty() || !literal(address)) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Only digits, hex, dots and colons: never a name that getByName would look up. */
    private static boolean literal(String address) {
        return address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '[' || c == ']');
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
