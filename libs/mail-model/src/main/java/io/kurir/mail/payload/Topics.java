package io.kurir.mail.payload;

/** The Kafka topics that are Kurir's queues (DESIGN.md, "The queues are topics"). */
public final class Topics {

    /** Every newly submitted message; key: queue id. */
    public static final String MAILDROP = "mail.maildrop";
    /** Cleaned messages with resolved recipients; key: queue id. */
    public static final String INCOMING = "mail.incoming";
    /** Delivery requests, one message for one destination; key: next-hop destination. */
    public static final String ACTIVE = "mail.active";
    /** Delivery reports with at least one deferred recipient, to be rescheduled; key: queue id. */
    public static final String DEFERRED = "mail.deferred";
    /** Delivery reports without deferred recipients; key: queue id. */
    public static final String RESULTS = "mail.results";
    /** Messages held for the administrator; key: queue id. */
    public static final String HOLD = "mail.hold";
    /** Messages that could not be parsed; key: queue id. */
    public static final String CORRUPT = "mail.corrupt";

    private Topics() {
    }
}
