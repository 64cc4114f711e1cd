package org.sysplug.remote.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The servlet context every sysplug servlet is served in, {@value #NAME} at {@code /}: its
 * {@link #handleSecurity} applies the {@link AccessRule} once for all of them. A servlet joins it with
 * the service property {@code osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=sysplug)}.
 *
 * <p>A refused call gets 401, {@code WWW-Authenticate: Bearer realm="sysplug"} and a JSON body
 * {@code {"error": "..."}}. An allowed one carries, for the servlets, the caller in the standard
 * request attributes: {@link #AUTHENTICATION_TYPE} is {@code Bearer} when the token was given (and
 * {@link #REMOTE_USER} {@code token}), absent otherwise.
 *
 * <p>Bundle scope, as the whiteboard specification recommends for a context helper: each servlet
 * bundle's resources come from its own bundle.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = AccessContext.NAME, path = "/")
public final class AccessContext extends ServletContextHelper {

    /** The context name servlets select. */
    public static final String NAME = "sysplug";
    /** The selection filter a servlet of any bundle puts in {@code osgi.http.whiteboard.context.select}. */
    public static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    private static final String REMOTE = "http.remote";
    private static final String TOKEN = "http.token";

    private final AccessRule rule;

    @Activate
    public AccessContext(BundleContext context) throws TokenFile.Unusable {
        this(rule(context.getProperty(TokenFile.PROPERTY)));
    }

    AccessContext(AccessRule rule) {
        this.rule = rule;
    }

    static AccessRule rule(String tokenFile) throws TokenFile.Unusable {
        return new AccessRule(tokenFile == null || tokenFile.isBlank()
                ? Optional.empty() : Optional.of(TokenFile.read(Path.of(tokenFile))));
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AccessRule.Decision decision = rule.decide(request.getRemoteAddr(), request.getHeader("Authorization"),
                request.getHeader("Host"));
        if (!decision.allowed()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"sysplug\"");
            Responses.error(response, HttpServletResponse.SC_UNAUTHORIZED, decision.refusal());
            return false;
        }
        if (decision.tokenUsed()) {
            request.setAttribute(AUTHENTICATION_TYPE, "Bearer");
            request.setAttribute(REMOTE_USER, "token");
        }
        return true;
    }

    /** For the journal: who called, as request parameters ({@code http.remote}, {@code http.token}). */
    public static Map<String, String> origin(HttpServletRequest request) {
        return Map.of(REMOTE, request.getRemoteAddr() + ":" + request.getRemotePort(), TOKEN, tokenUsed(request));
    }

    /**
     * For the journal: who cancelled a request, in the words of a submission's origin and parameters,
     * {@code http (http.remote=ADDR:PORT http.token=true|false)}: the request's failure names it.
     */
    public static String canceller(HttpServletRequest request) {
        return "http (" + REMOTE + "=" + request.getRemoteAddr() + ":" + request.getRemotePort() + " " + TOKEN + "="
                + tokenUsed(request) + ")";
    }

    private static String tokenUsed(HttpServletRequest request) {
        return Boolean.toString("Bearer".equals(request.getAttribute(AUTHENTICATION_TYPE)));
    }
}
