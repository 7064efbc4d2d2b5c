package io.kurir.delivery.smtp;

/** A DNS lookup that found nothing: the name does not exist, or the answer could not be had now. */
public final class DnsLookupException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the lookup failed. */
    public enum Kind {
        /** NXDOMAIN: the name does not exist; permanent. */
        NOT_FOUND,
        /** SERVFAIL, timeout or network trouble; try again later. */
        TRY_AGAIN
    }

    private final Kind kind;

    public DnsLookupException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
