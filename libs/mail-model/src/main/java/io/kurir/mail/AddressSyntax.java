package io.kurir.mail;

import java.util.Optional;

/**
 * RFC 5321 section 4.1.2 mailbox syntax, as Postfix's smtpd accepts it.
 *
 * <pre>
 * Mailbox        = Local-part "@" ( Domain / address-literal )
 * Local-part     = Dot-string / Quoted-string
 * Dot-string     = Atom *("." Atom)
 * Domain         = sub-domain *("." sub-domain)
 * </pre>
 *
 * Differences on purpose: a bare local part (no {@code @domain}) is accepted, as Postfix does; UTF-8
 * in atoms is accepted (RFC 6531). Control characters, spaces outside quotes, empty labels and
 * source routes ({@code @a:u@b}) are refused.
 */
public final class AddressSyntax {

    /** RFC 5321 section 4.5.3.1.1 and 4.5.3.1.2. */
    public static final int MAX_LOCAL_PART = 64;
    public static final int MAX_DOMAIN = 255;

    private AddressSyntax() {
    }

    static Optional<MailAddress> parseMailbox(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LOCAL_PART + 1 + MAX_DOMAIN) {
            return Optional.empty();
        }
        int at = localPartEnd(text);
        if (at < 0) {
            return Optional.empty();
        }
        String local = text.substring(0, at);
        if (!isLocalPart(local)) {
            return Optional.empty();
        }
        if (at == text.length()) {
            return Optional.of(MailAddress.unqualified(local));
        }
        String domain = text.substring(at + 1);
        if (!isDomain(domain) && !isAddressLiteral(domain)) {
            return Optional.empty();
        }
        return Optional.of(MailAddress.of(local, domain));
    }

    /** Index of the {@code @} that ends the local part, text length when there is none, -1 on error. */
    private static int localPartEnd(String text) {
        if (text.charAt(0) == '"') {
            int i = 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    int end = i + 1;
                    if (end == text.length()) {
                        return end;
                    }
                    return text.charAt(end) == '@' ? end : -1;
                }
                i++;
            }
            return -1;
        }
        int at = text.lastIndexOf('@');
        return at < 0 ? text.length() : at;
    }

    static boolean isLocalPart(String local) {
        if (local.isEmpty() || octets(local) > MAX_LOCAL_PART) {
            return false;
        }
        if (local.charAt(0) == '"') {
            return isQuotedString(local);
        }
        return isDotString(local);
    }

    private static boolean isQuotedString(String s) {
        if (s.length() < 2 || s.charAt(s.length() - 1) != '"') {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= s.length() - 1 || s.charAt(i) < 32 || s.charAt(i) == 127) {
                    return false;
                }
            } else if (c == '"' || c < 32 || c == 127) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDotString(String s) {
        if (s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && !isAtext(c)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 atext, plus any non-ASCII character (RFC 6531 UTF8-non-ascii). */
    private static boolean isAtext(char c) {
        if (c >= 128) {
            return !Character.isISOControl(c) && !Character.isWhitespace(c);
        }
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    /**
     * RFC 5321 Domain. One trailing dot is accepted as Postfix's smtpd accepts it; such a domain is
     * never a local one ({@link MailDomains#isLocalDomain}), so it cannot be used to sneak past relay
     * control. Lengths are counted in octets (RFC 5321 4.5.3.1.2).
     */
    public static boolean isDomain(String domain) {
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.isEmpty() || octets(domain) > MAX_DOMAIN) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || (c >= 128 && !Character.isWhitespace(c) && !Character.isISOControl(c)
                                && c != '\u3002' && Character.getType(c) != Character.OTHER_PUNCTUATION);
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int octets(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** {@code [192.0.2.1]} or {@code [IPv6:...]}, checked loosely for characters only. */
    private static boolean isAddressLiteral(String domain) {
        if (domain.length() < 3 || domain.charAt(0) != '[' || domain.charAt(domain.length() - 1) != ']') {
            return false;
        }
        String inner = domain.substring(1, domain.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            return inner.substring(5).matches("[0-9A-Fa-f:.]+");
        }
        return inner.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
