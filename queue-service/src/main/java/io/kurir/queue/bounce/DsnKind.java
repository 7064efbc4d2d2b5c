package io.kurir.queue.bounce;

/**
 * Which notice bounce(8) composes. Each kind has its Subject and the RFC 3461 section 4.1 {@code NOTIFY}
 * keyword that asks for it.
 */
public enum DsnKind {

    /** Non-delivery: the recipients failed permanently (or their time in the queue ran out). */
    FAILURE("Undelivered Mail Returned to Sender", "FAILURE"),

    /** Delay warning: the recipients are still being retried. */
    DELAY("Delayed Mail (still being retried)", "DELAY"),

    /** Success notice, only for recipients that asked with {@code NOTIFY=SUCCESS}. */
    SUCCESS("Successful Mail Delivery Report", "SUCCESS"),

    /**
     * The notice to the postmaster about a failure nobody else will hear of: a bounce that itself
     * could not be delivered (Postfix's double bounce). It carries the failed message's headers only.
     */
    POSTMASTER_COPY("Postmaster Copy: Undelivered Mail", "FAILURE");

    private final String subject;
    private final String notifyKeyword;

    DsnKind(String subject, String notifyKeyword) {
        this.subject = subject;
        this.notifyKeyword = notifyKeyword;
    }

    /** The Subject header of the notice. */
    public String subject() {
        return subject;
    }

    /** The RFC 3461 {@code NOTIFY} value that asks for this kind of notice. */
    public String notifyKeyword() {
        return notifyKeyword;
    }
}
