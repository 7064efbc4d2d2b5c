package io.kurir.gateway.policy;

import io.kurir.gateway.dns.DnsResolver;
import io.kurir.gateway.dns.PostscreenDnsbl;
import io.kurir.mail.NetworkList;
import io.kurir.smtp.codec.SmtpReply;
import java.util.Optional;

/**
 * Everything a RCPT TO goes through, in Postfix's order: the postscreen blocklist score, the smtpd
 * restriction lists, then relay control and recipient validation.
 *
 * <p>Blocking (PostgreSQL, DNS); a failure throws and the caller answers 451 4.3.0.
 */
public final class RcptChecks {

    private final PostscreenDnsbl dnsbl;
    private final Restrictions restrictions;
    private final RecipientPolicy recipients;
    private final NetworkList mynetworks;

    public RcptChecks(PostscreenDnsbl dnsbl, Restrictions restrictions, RecipientPolicy recipients, NetworkList mynetworks) {
        this.dnsbl = dnsbl;
        this.restrictions = restrictions;
        this.recipients = recipients;
        this.mynetworks = mynetworks;
    }

    public boolean trusted(String clientAddress) {
        return mynetworks.contains(clientAddress);
    }

    public PolicyResult check(Restrictions.Request request) throws DnsResolver.DnsException {
        // postscreen guards port 25 only; submission clients log in (and may sit in a listed home network)
        if (!request.trusted() && request.saslUser().isEmpty() && request.listener() == io.kurir.gateway.session.Listener.MX) {
            Optional<SmtpReply> listed = dnsbl.check(request.clientAddress());
            if (listed.isPresent()) {
                return PolicyResult.reject(listed.get());
            }
        }
        PolicyResult restricted = restrictions.check(request);
        if (restricted instanceof PolicyResult.Reject) {
            return restricted;
        }
        return recipients.check(request.recipient(), request.trusted() || request.saslUser().isPresent());
    }

    /** VRFY asks only whether Kurir would accept the address (relay control and recipient validation). */
    public RecipientPolicy recipients() {
        return recipients;
    }
}
