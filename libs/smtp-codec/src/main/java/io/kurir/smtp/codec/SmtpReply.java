package io.kurir.smtp.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One SMTP server reply, possibly spanning several lines.
 *
 * <p>RFC 5321 section 4.2: every line carries the same three-digit code; all lines but the last
 * put a hyphen after the code, the last one a space. When an RFC 3463 enhanced status code is
 * present (RFC 2034 section 3, ENHANCEDSTATUSCODES) it follows the basic code on every line, for
 * example {@code 250 2.1.0 Ok}.
 *
 * <p>The canonical replies, with the exact Postfix wording, are in {@link SmtpReplies}.
 *
 * @param code the RFC 5321 reply code, 200 to 599
 * @param enhanced the RFC 3463 enhanced status code such as {@code 2.1.0}, whose class digit equals
 *     the first digit of {@code code}; empty for replies that carry none (greeting, HELO/EHLO, 354)
 * @param lines the text lines, at least one; none contains CR or LF
 */
public record SmtpReply(int code, Optional<String> enhanced, List<String> lines) {

    /** RFC 3463 section 2: {@code class "." subject "." detail}, class 2, 4 or 5, up to 3 digits each. */
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    /**
     * Validates the reply.
     *
     * @throws IllegalArgumentException when the code is outside 200-599, the enhanced code is
     *     malformed or its class differs from the code's first digit, there are no lines, or a
     *     line contains CR or LF (which would let reply text inject protocol lines)
     */
    public SmtpReply {
        Objects.requireNonNull(enhanced, "enhanced");
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        if (enhanced.isPresent()) {
            String e = enhanced.get();
            if (!ENHANCED.matcher(e).matches() || e.charAt(0) - '0' != code / 100) {
                throw new IllegalArgumentException("enhanced code " + e + " does not fit reply code " + code);
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("reply line contains CR or LF: " + line);
            }
        }
    }

    /** A reply with an enhanced status code on every line. */
    public static SmtpReply of(int code, String enhanced, String... lines) {
        return new SmtpReply(code, Optional.of(enhanced), List.of(lines));
    }

    /** A reply without an enhanced status code (greeting, HELO/EHLO, 354, HELO syntax errors). */
    public static SmtpReply basic(int code, String... lines) {
        return new SmtpReply(code, Optional.empty(), List.of(lines));
    }

    /**
     * The reply as sent on the wire, UTF-8, each line ended by CRLF:
     * {@code 250-line1\r\n250 line2\r\n} (RFC 5321 section 4.2.1, multiline replies).
     */
    public byte[] encode() {
        return wireText().getBytes(StandardCharsets.UTF_8);
    }

    /** 2yz Positive Completion or 3yz Positive Intermediate (RFC 5321 section 4.2.1). */
    public boolean isPositive() {
        return code < 400;
    }

    /** 4yz Transient Negative Completion: the client may retry later (RFC 5321 section 4.2.1). */
    public boolean isTransient() {
        return code / 100 == 4;
    }

    /** 5yz Permanent Negative Completion (RFC 5321 section 4.2.1). */
    public boolean isPermanent() {
        return code / 100 == 5;
    }

    private String wireText() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            enhanced.ifPresent(e -> out.append(e).append(' '));
            out.append(lines.get(i)).append("\r\n");
        }
        return out.toString();
    }

    /** The wire form with CRLF shown as {@code \r\n}, for logs and assertion messages. */
    @Override
    public String toString() {
        return wireText().replace("\r\n", "\\r\\n");
    }
}
