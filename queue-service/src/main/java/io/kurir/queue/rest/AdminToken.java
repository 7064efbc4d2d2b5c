package io.kurir.queue.rest;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who may use the admin API: whoever presents {@code Authorization: Bearer <kurir.admin-token>}
 * (RFC 6750 §2.1). Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so
 * the time a comparison takes says nothing about how much of a guess was right, nor about the
 * token's length. Without a configured token nobody may.
 */
@Singleton
public class AdminToken {

    private static final Logger LOG = Logger.getLogger("admin");

    /** The outcome of one request's check. */
    public enum Verdict {
        ALLOWED,
        /** No token, a malformed header or a wrong token: 401. */
        UNAUTHORIZED,
        /** The API is disabled (no token configured): 403, whatever the request presents. */
        DISABLED
    }

    private final Optional<byte[]> expected;

    @Inject
    AdminToken(AdminApiConfig config) {
        this(config.adminToken());
    }

    AdminToken(Optional<String> configured) {
        this.expected = configured.map(String::strip).filter(t -> !t.isEmpty()).map(AdminToken::digest);
    }

    void announce(@Observes StartupEvent started) {
        if (expected.isEmpty()) {
            LOG.warn("admin API disabled: kurir.admin-token is empty, /admin/queue answers 403 to every request");
        } else {
            LOG.info("admin API /admin/queue enabled (bearer token kurir.admin-token)");
        }
    }

    /** Checks the value of a request's {@code Authorization} header, if it has one. */
    public Verdict check(Optional<String> authorization) {
        if (expected.isEmpty()) {
            return Verdict.DISABLED;
        }
        Optional<String> presented = authorization.map(String::strip)
                .filter(h -> h.length() > 7 && h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
                .map(h -> h.substring(7).strip());
        if (presented.isEmpty()) {
            return Verdict.UNAUTHORIZED;
        }
        return MessageDigest.isEqual(expected.get(), digest(presented.get())) ? Verdict.ALLOWED : Verdict.UNAUTHORIZED;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
