package io.kurir.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Postfix's built-in content inspection: header_checks and body_checks over a raw message.
 *
 * <p>The header table is applied to each logical header of the message, of every MIME body part
 * and of every attached message/rfc822 message (Postfix's defaults
 * {@code mime_header_checks = $header_checks} and {@code nested_header_checks = $header_checks}).
 * A header folded over several lines is matched as one string, its lines joined by {@code \n}
 * without the {@code \r}, so {@code .} matches across the fold unless the rule has the {@code m}
 * flag. The body table is applied to each non-empty body line, MIME boundary lines and text
 * between parts included, but only to the first {@code bodyChecksSizeLimit} bytes of each body
 * part. Lines are decoded as UTF-8, malformed bytes replaced by U+FFFD; nothing is MIME-decoded.
 *
 * <p>Inspection stops at the first REJECT or DISCARD. Immutable and thread-safe.
 */
public final class ContentChecks {

    /** Postfix's default body_checks_size_limit: 51200 bytes per body part. */
    public static final int DEFAULT_BODY_CHECKS_SIZE_LIMIT = 51_200;

    private final CheckTable headerChecks;
    private final CheckTable bodyChecks;
    private final int bodyChecksSizeLimit;

    /**
     * @param headerChecks applied to headers; {@link CheckTable#empty} for none
     * @param bodyChecks applied to body lines; {@link CheckTable#empty} for none
     * @param bodyChecksSizeLimit how many bytes of each body part body_checks look at; a line is
     *     checked when it starts within that many bytes of its part's body
     */
    public ContentChecks(CheckTable headerChecks, CheckTable bodyChecks, int bodyChecksSizeLimit) {
        if (bodyChecksSizeLimit < 0) {
            throw new IllegalArgumentException("body checks size limit must not be negative: " + bodyChecksSizeLimit);
        }
        this.headerChecks = headerChecks;
        this.bodyChecks = bodyChecks;
        this.bodyChecksSizeLimit = bodyChecksSizeLimit;
    }

    /** Checks with Postfix's default body size limit. */
    public ContentChecks(CheckTable headerChecks, CheckTable bodyChecks) {
        this(headerChecks, bodyChecks, DEFAULT_BODY_CHECKS_SIZE_LIMIT);
    }

    /** Whether neither table has a rule, so that scanning can be skipped. */
    public boolean isEmpty() {
        return headerChecks.isEmpty() && bodyChecks.isEmpty();
    }

    /**
     * Inspects a message.
     *
     * @param message the raw message: header, empty line, body; CRLF line ends (bare LF tolerated)
     * @return every action that fired, in message order, up to and including a REJECT or DISCARD
     */
    public ContentVerdict scan(byte[] message) {
        if (isEmpty()) {
            return new ContentVerdict(List.of());
        }
        List<Finding> findings = new ArrayList<>();
        long bodyLimit = bodyChecks.isEmpty() ? 0 : bodyChecksSizeLimit;
        MessageWalker.walk(message, bodyLimit, new MessageWalker.Sink() {
            @Override
            public boolean header(InputKind kind, String header, int line) {
                return record(headerChecks.match(header), kind, header, line, findings);
            }

            @Override
            public boolean bodyLine(String text, int line) {
                return record(bodyChecks.match(text), InputKind.BODY, text, line, findings);
            }
        });
        return new ContentVerdict(findings);
    }

    /** Adds what matched, if anything; false when inspection ends here. */
    private static boolean record(Optional<Match> match, InputKind kind, String input, int line,
            List<Finding> findings) {
        if (match.isEmpty() || match.get().action() instanceof Action.Dunno) {
            return true;
        }
        findings.add(new Finding(kind, input, line, match.get()));
        return !match.get().action().endsInspection();
    }
}
