package io.kurir.mail;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 5321 mailbox: {@code local-part@domain}, or a bare local part for an unqualified address
 * (Postfix accepts {@code rcpt to:fauzan} and qualifies it with {@code myorigin} later).
 *
 * <p>The local part is kept exactly as the client wrote it (it is case-sensitive per RFC 5321
 * section 2.4), except that a quoted local part is kept with its quotes. The domain is compared
 * case-insensitively. The null reverse-path {@code <>} is not a MailAddress; senders are
 * {@code Optional<MailAddress>} where the empty value means the null sender.
 *
 * @param localPart the local part, never empty
 * @param domain the domain without a trailing dot, or empty for an unqualified address
 */
public record MailAddress(String localPart, Optional<String> domain) {

    public MailAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        if (localPart.isEmpty()) {
            throw new IllegalArgumentException("empty local part");
        }
    }

    public static MailAddress of(String localPart, String domain) {
        return new MailAddress(localPart, Optional.of(domain));
    }

    public static MailAddress unqualified(String localPart) {
        return new MailAddress(localPart, Optional.empty());
    }

    /**
     * Parses {@code local@domain} or a bare local part, without angle brackets. Returns empty
     * when the text is not a valid address; see {@link AddressSyntax} for the grammar.
     */
    public static Optional<MailAddress> parse(String text) {
        return AddressSyntax.parseMailbox(text);
    }

    /** The domain lower-cased, for comparisons and lookups. */
    public Optional<String> domainLowerCase() {
        return domain.map(d -> d.toLowerCase(Locale.ROOT));
    }

    /**
     * The account a local part delivers to, as Postfix's local(8) finds it: quotes around a plain
     * local part removed ({@code "fauzan"} is {@code fauzan}, RFC 5321 4.1.2), lower case, and the
     * extension cut at the first of the {@code recipientDelimiters} characters ({@code user+ext} →
     * {@code user}; Postfix's recipient_delimiter is a set of characters).
     */
    public String user(String recipientDelimiters) {
        String local = localPart;
        if (local.length() > 2 && local.startsWith("\"") && local.endsWith("\"")) {
            String inner = local.substring(1, local.length() - 1);
            if (AddressSyntax.isLocalPart(inner) && !inner.startsWith("\"")) {
                local = inner;
            }
        }
        String user = local.toLowerCase(Locale.ROOT);
        for (int i = 1; i < user.length(); i++) {
            if (recipientDelimiters.indexOf(user.charAt(i)) >= 0) {
                return user.substring(0, i);
            }
        }
        return user;
    }

    /**
     * The extension of a local part ({@code fauzan+Praktikum} → {@code Praktikum}, case kept): what
     * follows the first of the {@code recipientDelimiters} characters, if anything does.
     */
    public Optional<String> extension(String recipientDelimiters) {
        String user = user(recipientDelimiters);
        String local = localPart.startsWith("\"") && localPart.endsWith("\"") && localPart.length() > 2
                ? localPart.substring(1, localPart.length() - 1) : localPart;
        if (local.length() <= user.length() + 1) {
            return Optional.empty();
        }
        return Optional.of(local.substring(user.length() + 1));
    }

    /** The same local part with a domain. */
    public MailAddress withDomain(String newDomain) {
        return new MailAddress(localPart, Optional.of(newDomain));
    }

    /** {@code local@domain}, or just {@code local} when unqualified. */
    @Override
    public String toString() {
        return domain.map(d -> localPart + "@" + d).orElse(localPart);
    }
}
