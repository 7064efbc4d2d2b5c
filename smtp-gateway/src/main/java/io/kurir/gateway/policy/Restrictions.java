package io.kurir.gateway.policy;

import io.kurir.gateway.dns.DnsResolver;
import io.kurir.gateway.dns.DnsblSite;
import io.kurir.mail.MailAddress;
import io.kurir.smtp.codec.SmtpReply;
import io.kurir.store.AccessAction;
import io.kurir.store.AccessKind;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Postfix's smtpd restriction lists, evaluated at RCPT time as with {@code smtpd_delay_reject = yes}:
 * {@code smtpd-client-restrictions}, then {@code smtpd-helo-restrictions},
 * {@code smtpd-sender-restrictions} and {@code smtpd-recipient-restrictions}. In each list the
 * first restriction that decides ends the list: a permit goes on to the next list, a reject answers
 * the RCPT. Relay control and recipient validation ({@link RecipientPolicy}) come after, always.
 *
 * <p>Blocking: access tables may read PostgreSQL, blocklists ask DNS. A failure throws; the caller
 * answers 451 4.3.0.
 */
public final class Restrictions {

    /** What the restrictions look at for one RCPT. */
    public record Request(String clientAddress, String clientName, boolean trusted, Optional<String> saslUser,
            Optional<String> helo, Optional<MailAddress> sender, MailAddress recipient, String recipientShown,
            io.kurir.gateway.session.Listener listener) {

        /** Postfix's {@code name[address]}. */
        String client() {
            return clientName + "[" + clientAddress + "]";
        }
    }

    /** The four lists, parsed from their settings. */
    public record Lists(List<Restriction> client, List<Restriction> helo, List<Restriction> sender,
            List<Restriction> recipient) {

        public static Lists parse(String client, String helo, String sender, String recipient) {
            return new Lists(Restriction.parseList("smtpd-client-restrictions", client),
                    Restriction.parseList("smtpd-helo-restrictions", helo),
                    Restriction.parseList("smtpd-sender-restrictions", sender),
                    Restriction.parseList("smtpd-recipient-restrictions", recipient));
        }

        boolean empty() {
            return client.isEmpty() && helo.isEmpty() && sender.isEmpty() && recipient.isEmpty();
        }

        /** Whether any list asks the access tables (then they are read from PostgreSQL). */
        public boolean usesAccessTables() {
            return java.util.stream.Stream.of(client, helo, sender, recipient).flatMap(List::stream)
                    .anyMatch(r -> r instanceof Restriction.CheckAccess);
        }
    }

    /** What one restriction decided. */
    private sealed interface Decision {
        record Permit() implements Decision {
        }

        record Dunno() implements Decision {
        }

        record Reject(SmtpReply reply) implements Decision {
        }
    }

    private static final Decision DUNNO = new Decision.Dunno();
    private static final Decision PERMIT = new Decision.Permit();

    private final Lists lists;
    private final AccessTables access;
    private final DnsResolver dns;
    private final String delimiter;

    public Restrictions(Lists lists, AccessTables access, DnsResolver dns, String recipientDelimiter) {
        this.lists = lists;
        this.access = access;
        this.dns = dns;
        this.delimiter = recipientDelimiter;
    }

    public PolicyResult check(Request r) throws DnsResolver.DnsException {
        List<List<Restriction>> stages = List.of(lists.client(), lists.helo(), lists.sender(), lists.recipient());
        for (int stage = 0; stage < stages.size(); stage++) {
            AccessKind where = AccessKind.values()[stage]; // CLIENT, HELO, SENDER, RECIPIENT: the lists' order
            for (Restriction restriction : stages.get(stage)) {
                Decision d = apply(restriction, r, where);
                if (d instanceof Decision.Reject reject) {
                    return PolicyResult.reject(reject.reply());
                }
                if (d instanceof Decision.Permit) {
                    break; // a permit ends this list only
                }
            }
        }
        return PolicyResult.accept();
    }

    private Decision apply(Restriction restriction, Request r, AccessKind where) throws DnsResolver.DnsException {
        if (restriction instanceof Restriction.Permit) {
            return PERMIT;
        }
        if (restriction instanceof Restriction.Reject) {
            return reject(554, "5.7.1", rejected(where, r) + AccessAction.ACCESS_DENIED);
        }
        if (restriction instanceof Restriction.PermitMynetworks) {
            return r.trusted() ? PERMIT : DUNNO;
        }
        if (restriction instanceof Restriction.PermitSaslAuthenticated) {
            return r.saslUser().isPresent() ? PERMIT : DUNNO;
        }
        if (restriction instanceof Restriction.CheckAccess check) {
            return checkAccess(check.kind(), r);
        }
        if (restriction instanceof Restriction.RejectInvalidHeloHostname) {
            // Postfix skips HELO checks when the client sent none
            return r.helo().filter(h -> !HeloName.valid(h))
                    .map(h -> reject(501, "5.5.2", "<" + h + ">: Helo command rejected: Invalid name")).orElse(DUNNO);
        }
        if (restriction instanceof Restriction.RejectNonFqdnHeloHostname) {
            return r.helo().filter(h -> !HeloName.fullyQualified(h))
                    .map(h -> reject(504, "5.5.2", "<" + h + ">: Helo command rejected: need fully-qualified hostname"))
                    .orElse(DUNNO);
        }
        if (restriction instanceof Restriction.RejectNonFqdnSender) {
            return r.sender().filter(s -> !fullyQualified(s))
                    .map(s -> reject(504, "5.5.2", "<" + s + ">: Sender address rejected: need fully-qualified address"))
                    .orElse(DUNNO);
        }
        if (restriction instanceof Restriction.RejectNonFqdnRecipient) {
            return fullyQualified(r.recipient()) ? DUNNO
                    : reject(504, "5.5.2", "<" + r.recipientShown() + ">: Recipient address rejected: need fully-qualified address");
        }
        Restriction.RejectRblClient rbl = (Restriction.RejectRblClient) restriction;
        return rblListing(rbl.site(), r.clientAddress())
                .<Decision>map(reason -> reject(554, "5.7.1", "Service unavailable; Client host [" + r.clientAddress()
                        + "] blocked using " + rbl.site().domain() + reason))
                .orElse(DUNNO);
    }

    /** Postfix's reply prefix for what a restriction judged, e.g. {@code <unknown[192.0.2.1]>: Client host rejected: }. */
    private static String rejected(AccessKind what, Request r) {
        return switch (what) {
            case CLIENT -> "<" + r.client() + ">: Client host rejected: ";
            case HELO -> "<" + r.helo().orElse("") + ">: Helo command rejected: ";
            case SENDER -> "<" + r.sender().map(MailAddress::toString).orElse("") + ">: Sender address rejected: ";
            case RECIPIENT -> "<" + r.recipientShown() + ">: Recipient address rejected: ";
        };
    }

    private Decision checkAccess(AccessKind kind, Request r) {
        Optional<AccessAction> hit = switch (kind) {
            case CLIENT -> access.client(r.clientAddress(),
                    r.clientName().equals("unknown") ? Optional.empty() : Optional.of(r.clientName()));
            case HELO -> r.helo().isEmpty() ? Optional.empty() : access.helo(r.helo().get());
            case SENDER -> access.address(AccessKind.SENDER, r.sender(), delimiter);
            case RECIPIENT -> access.address(AccessKind.RECIPIENT, Optional.of(r.recipient()), delimiter);
        };
        if (hit.isEmpty()) {
            return DUNNO;
        }
        AccessAction action = hit.get();
        if (action.type() == AccessAction.Type.OK) {
            return PERMIT;
        }
        if (action.type() == AccessAction.Type.DUNNO) {
            return DUNNO;
        }
        AccessAction.Refusal refusal = action.refusal().orElseThrow();
        return reject(refusal.code(), refusal.enhancedCode(), rejected(kind, r) + refusal.textOrDefault());
    }

    /** "; reason" from the list's TXT record, "" without one, or empty when the client is not listed. */
    private Optional<String> rblListing(DnsblSite site, String clientAddress) throws DnsResolver.DnsException {
        String query;
        try {
            query = site.query(clientAddress);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        if (!site.counts(dns.addresses(query))) {
            return Optional.empty();
        }
        List<String> txt;
        try {
            txt = dns.texts(query);
        } catch (DnsResolver.DnsException e) {
            txt = List.of(); // listed; only the reason text is missing
        }
        return Optional.of(txt.isEmpty() ? "" : "; " + printable(txt.get(0)));
    }

    private static boolean fullyQualified(MailAddress address) {
        return address.domain().map(HeloName::fullyQualified).orElse(false);
    }

    /** DNS text goes into a reply: printable ASCII only, and not too long. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        text.chars().limit(200).forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return sb.toString();
    }

    private static Decision reject(int code, String enhanced, String text) {
        return new Decision.Reject(SmtpReply.of(code, enhanced, text));
    }
}
