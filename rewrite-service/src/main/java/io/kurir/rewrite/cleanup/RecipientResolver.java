package io.kurir.rewrite.cleanup;

import io.kurir.mail.MailAddress;
import io.kurir.mail.MailDomains;
import io.kurir.mail.payload.Recipient;

/**
 * Postfix trivial-rewrite(8), the part this release needs: qualify an unqualified address with
 * {@code myorigin}, and resolve it to a transport. A domain in {@code mydestination} goes to the
 * {@code local} transport, the mailbox being the local part in lower case without its
 * {@code +extension}; any other domain as {@link TransportMap} (transport-maps, relayhost) says,
 * by default to {@code smtp} with the domain as next hop.
 */
public final class RecipientResolver {

    private final MailDomains domains;
    private final String delimiter;
    private final TransportMap transports;

    public RecipientResolver(MailDomains domains, String recipientDelimiter) {
        this(domains, recipientDelimiter, TransportMap.parse("", ""));
    }

    public RecipientResolver(MailDomains domains, String recipientDelimiter, TransportMap transports) {
        this.domains = domains;
        this.delimiter = recipientDelimiter;
        this.transports = transports;
    }

    /** Qualifies an address: {@code fauzan} becomes {@code fauzan@myorigin}. */
    public String qualify(String address) {
        if (address.isEmpty()) {
            return address; // the null sender stays null
        }
        return MailAddress.parse(address)
                .map(a -> a.domain().isPresent() ? a : a.withDomain(domains.myorigin()))
                .map(MailAddress::toString)
                .orElse(address);
    }

    public Recipient resolve(String original) {
        String address = qualify(original);
        MailAddress parsed = MailAddress.parse(address)
                .orElseThrow(() -> new IllegalArgumentException("unparseable recipient " + original));
        String domain = parsed.domainLowerCase().orElseThrow();
        if (domains.isLocalDomain(domain)) {
            return new Recipient(address, address, Recipient.LOCAL, domains.myhostname(), parsed.user(delimiter));
        }
        TransportMap.Route route = transports.route(domain);
        return new Recipient(address, address, route.transport(), route.nexthop(), "");
    }
}
