package io.kurir.mail.payload;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A resolved recipient (Postfix trivial-rewrite's answer).
 *
 * @param address the final address, e.g. {@code fauzan@localhost}
 * @param originalAddress the address as it arrived, for {@code X-Original-To} and DSNs
 * @param transport {@code local}, {@code virtual}, {@code smtp} or {@code error}
 * @param nexthop the destination: the recipient domain for local delivery, the relay otherwise
 * @param mailbox for local delivery, the account that receives the message
 * @param dsn the RFC 3461 parameters the client gave for this recipient
 */
public record Recipient(String address, String originalAddress, String transport, String nexthop, String mailbox,
        RecipientDsn dsn) {

    @JsonCreator
    public Recipient {
        Payloads.require(address, "address");
        Payloads.require(originalAddress, "originalAddress");
        Payloads.require(transport, "transport");
        Payloads.require(nexthop, "nexthop");
        Payloads.require(mailbox, "mailbox");
        dsn = dsn == null ? RecipientDsn.NONE : dsn;
    }

    /** A recipient without DSN parameters. */
    public Recipient(String address, String originalAddress, String transport, String nexthop, String mailbox) {
        this(address, originalAddress, transport, nexthop, mailbox, RecipientDsn.NONE);
    }

    /** This recipient with the client's DSN parameters. */
    public Recipient withDsn(RecipientDsn parameters) {
        return new Recipient(address, originalAddress, transport, nexthop, mailbox, parameters);
    }

    public static final String LOCAL = "local";
}
