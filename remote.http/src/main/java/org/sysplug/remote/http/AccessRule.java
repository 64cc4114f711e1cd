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
 * <p>A loopback caller without a token must also name this host as an address or {@code localhost} in
 * its {@code Host} header: a web page whose own name an attacker points at 127.0.0.1 (DNS rebinding)
 * would otherwise reach the API from the operator's browser as a local caller.
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

    /** {@link #decide(String, String, String)} of a caller that named the host by address. */
    public Decision decide(String remoteAddress, String authorization) {
        return decide(remoteAddress, authorization, null);
    }

    /**
     * @param remoteAddress the caller's IP address as the server saw it (a literal, never resolved)
     * @param authorization the {@code Authorization} header, or null
     * @param host the {@code Host} header, or null
     */
    public Decision decide(String remoteAddress, String authorization, String host) {
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
            if (host != null && !addressOrLocalhost(host)) {
                return Decision.refuse("a caller on this host must name it as an address or localhost (Host: "
                        + printable(host) + "), or send the bearer token");
            }
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

    /** {@code 127.0.0.1:8080}, {@code [::1]:8080}, {@code localhost}: a Host header that no DNS name can forge. */
    static boolean addressOrLocalhost(String host) {
        String name = host.strip();
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && literal(name.substring(1, end)) && (end == name.length() - 1 || name.charAt(end + 1) == ':');
        }
        int colon = name.lastIndexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return name.equalsIgnoreCase("localhost") || (!name.isEmpty() && name.chars().allMatch(c -> Character.isDigit(c) || c == '.'));
    }

    private static String printable(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return cut.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? cut : "(unprintable)";
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
