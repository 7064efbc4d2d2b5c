package io.kurir.gateway.policy;

import io.kurir.checks.Action;
import io.kurir.checks.ContentChecks;
import io.kurir.checks.Finding;
import io.kurir.smtp.codec.SmtpReply;
import io.kurir.store.checks.ContentCheckSource;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The REJECT action of Postfix's header_checks and body_checks, applied before the reply to the
 * end of DATA, so a refused message is never accepted and never bounced (no backscatter). The
 * other actions (HOLD, DISCARD, PREPEND, ...) belong to rewrite-service's cleanup, which applies
 * the same tables ({@link ContentCheckSource}: those imported with {@code ./kurir checks import},
 * then the {@code header-checks}/{@code body-checks} {@code regexp:} files).
 * Scanning is CPU work on big messages: call it off the event loop.
 */
public final class ContentFilter {

    private static final Logger LOG = Logger.getLogger("cleanup");

    private final ContentCheckSource source;

    public ContentFilter(ContentCheckSource source) {
        this.source = source;
    }

    /** The reply refusing this message, when a REJECT rule matched first. */
    public Optional<SmtpReply> check(byte[] message, String client) {
        ContentChecks current = source.current();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Optional<Finding> reject = current.scan(message).reject();
        return reject.map(f -> {
            Action.Reject r = (Action.Reject) f.action();
            LOG.infof("NOQUEUE: reject: %s from %s: %s %s (%s)", abbreviate(f.describe()), client, r.statusCode(), r.reason(),
                    f.match().location());
            return SmtpReply.of(r.temporary() ? 451 : 550, r.statusCode(), r.reason());
        });
    }

    /** Client text in a log line: control characters shown as {@code ?} (no forged lines), at most 200 characters. */
    private static String abbreviate(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.length() > 200 ? sb + "..." : sb.toString();
    }
}
