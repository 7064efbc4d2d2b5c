package io.kurir.delivery.smtp;

/**
 * One MX record (RFC 5321 section 5.1).
 *
 * @param preference lower is tried first
 * @param exchange the mail server's host name, lower case, no trailing dot; {@code ""} for the root
 *        name {@code .} of a null MX (RFC 7505)
 */
public record MxRecord(int preference, String exchange) {

    /** Whether this is the RFC 7505 null MX: preference 0 and exchange {@code .}. */
    public boolean isNull() {
        return preference == 0 && exchange.isEmpty();
    }
}
