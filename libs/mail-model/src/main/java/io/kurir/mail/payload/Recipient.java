package io.kurir.mail.payload;

/**
 * A resolved recipient (Postfix trivial-rewrite's answer).
 *
 * @param address the final address, e.g. {@code fauzan@localhost}
 * @param originalAddress the address as it arrived, for {@code X-Original-To} and DSNs
 * @param transport {@code local}, {@code virtual}, {@code smtp} or {@code error}
 * @param nexthop the destination: the recipient domain for local delivery, the relay otherwise
 * @param mailbox for local delivery, the account that receives the message
 */
public record Recipient(String address, String originalAddress, String transport, String nexthop, String mailbox) {

    public Recipient {
        Payloads.require(address, "address");
        Payloads.require(originalAddress, "originalAddress");
        Payloads.require(transport, "transport");
        Payloads.require(nexthop, "nexthop");
        Payloads.require(mailbox, "mailbox");
    }

    public static final String LOCAL = "local";
}
