package io.kurir.mail.alias;

import io.kurir.mail.AddressSyntax;
import io.kurir.mail.MailAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Lexical pieces shared by the aliases(5) and virtual(5) parsers and the expander: quoted strings,
 * list splitting, the check of one target, and the case-folded lookup form of a local part. Also
 * used by the canonical(5) parser and rewriter in {@code io.kurir.mail.canonical}.
 */
public final class AliasText {

    private AliasText() {
    }

    /** Index of the {@code "} that closes the quoted string opening at {@code open}, or -1. */
    public static int closingQuote(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** The content of a quoted string with its backslash escapes resolved. */
    static String unescape(String inner) {
        StringBuilder out = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                i++;
                c = inner.charAt(i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** True when the whole of {@code s} is one quoted string. */
    static boolean isQuoted(String s) {
        return s.length() >= 2 && s.charAt(0) == '"' && closingQuote(s, 0) == s.length() - 1;
    }

    /**
     * A local part the way Postfix looks it up: quotes removed (RFC 5321 4.1.2, {@code "a b"} is
     * {@code a b}) and lower case.
     */
    public static String lookupForm(String localPart) {
        String plain = isQuoted(localPart) ? unescape(localPart.substring(1, localPart.length() - 1)) : localPart;
        return plain.toLowerCase(Locale.ROOT);
    }

    /** The local part without quotes, case kept. */
    public static String unquoted(String localPart) {
        return isQuoted(localPart) ? unescape(localPart.substring(1, localPart.length() - 1)) : localPart;
    }

    /**
     * Splits {@code s} at the separators outside quoted strings and trims the pieces. With
     * {@code alsoWhitespace} false (aliases(5)) empty pieces are kept so that they can be reported;
     * with it true (virtual(5), where results are separated by commas and/or whitespace) runs of
     * separators count as one and no piece is empty.
     */
    public static List<String> split(String s, boolean alsoWhitespace) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                piece.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ',' || (alsoWhitespace && Character.isWhitespace(c)))) {
                pieces.add(piece.toString().strip());
                piece.setLength(0);
                continue;
            }
            piece.append(c);
        }
        pieces.add(piece.toString().strip());
        if (alsoWhitespace) {
            pieces.removeIf(String::isEmpty);
        }
        return pieces;
    }

    /**
     * Checks one target of an alias and returns it in the form that is stored: the address or
     * local name as {@link MailAddress#toString()} writes it, or {@code @domain} with the domain in
     * lower case when {@code atDomainAllowed} (virtual(5) results). Postfix's other kinds of target
     * are refused with a reason: Kurir runs no programs, appends to no files and reads no include
     * files on behalf of mail.
     *
     * @param raw the target as written, trimmed, not empty
     * @param what how messages name the target's place, e.g. {@code in alias "staf"}
     * @param problems receives the text of a problem, without the {@code FILE:LINE:} prefix
     */
    public static Optional<String> target(String raw, boolean atDomainAllowed, String what, Consumer<String> problems) {
        String plain = isQuoted(raw) ? unescape(raw.substring(1, raw.length() - 1)).strip() : raw;
        String shown = (isQuoted(raw) ? raw : "\"" + raw + "\"") + " " + what;
        if (plain.startsWith("|")) {
            problems.accept(shown + ": |command targets are not supported (Kurir does not run programs for mail)");
            return Optional.empty();
        }
        if (plain.regionMatches(true, 0, ":include:", 0, ":include:".length())) {
            problems.accept(shown + ": :include: is not supported (write the members into this file instead)");
            return Optional.empty();
        }
        if (plain.startsWith("/")) {
            problems.accept(shown + ": delivery to files is not supported (deliver to a local account instead)");
            return Optional.empty();
        }
        String address = raw.length() > 2 && raw.startsWith("<") && raw.endsWith(">")
                ? raw.substring(1, raw.length() - 1) : raw;
        if (atDomainAllowed && address.startsWith("@")) {
            String domain = address.substring(1);
            if (!AddressSyntax.isDomain(domain)) {
                problems.accept(shown + ": \"" + domain + "\" is not a valid domain");
                return Optional.empty();
            }
            return Optional.of("@" + domain.toLowerCase(Locale.ROOT));
        }
        Optional<MailAddress> parsed = MailAddress.parse(address);
        if (parsed.isEmpty()) {
            boolean spaces = address.chars().anyMatch(Character::isWhitespace) && !address.contains("\"");
            problems.accept(shown + ": not a valid address or local name"
                    + (spaces ? " (separate targets with commas)" : ""));
            return Optional.empty();
        }
        return Optional.of(plainQuotes(parsed.get()).toString());
    }

    /**
     * The address with quotes removed from a local part that does not need them ({@code "budi"} is
     * {@code budi}, RFC 5321 4.1.2), so that the stored form is the one an administrator expects.
     */
    static MailAddress plainQuotes(MailAddress address) {
        String local = address.localPart();
        if (!isQuoted(local)) {
            return address;
        }
        String inner = unescape(local.substring(1, local.length() - 1));
        Optional<MailAddress> plain = inner.contains("\"") ? Optional.empty() : MailAddress.parse(inner);
        if (plain.isEmpty() || plain.get().domain().isPresent()) {
            return address;
        }
        return new MailAddress(inner, address.domain());
    }

    /** End of a table line's pattern (virtual(5), canonical(5)): the first whitespace outside a quoted local part. */
    public static int patternEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                int close = closingQuote(s, i);
                if (close < 0) {
                    return s.length();
                }
                i = close;
            } else if (Character.isWhitespace(c)) {
                return i;
            }
        }
        return s.length();
    }
}
