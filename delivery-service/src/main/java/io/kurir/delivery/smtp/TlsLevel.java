package io.kurir.delivery.smtp;

import java.util.Locale;

/** Postfix's smtp_tls_security_level, the subset Kurir implements. Certificates are never verified. */
public enum TlsLevel {
    /** Never STARTTLS. */
    NONE,
    /** STARTTLS when the server offers it (RFC 3207), plaintext otherwise: opportunistic TLS. */
    MAY,
    /** STARTTLS required; a server that does not offer it is skipped and the mail deferred (4.7.5). */
    ENCRYPT;

    /** {@code none}, {@code may} or {@code encrypt}, any case. */
    public static TlsLevel parse(String text) {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}
