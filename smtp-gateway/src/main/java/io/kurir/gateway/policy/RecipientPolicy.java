package io.kurir.gateway.policy;

import io.kurir.mail.MailAddress;
import io.kurir.mail.MailDomains;
import io.kurir.smtp.codec.SmtpReplies;
import io.kurir.store.AccountStore;
import java.util.Locale;

/**
 * smtpd_recipient_restrictions as this release has them: {@code reject_unauth_destination} (only
 * {@code mydestination} domains are accepted: Kurir is no open relay; relaying for mynetworks and
 * authenticated clients comes with the SMTP gateway issue) and {@code reject_unlisted_recipient}
 * (a local recipient must name an account, so Kurir never accepts mail it would have to bounce).
 *
 * <p>Blocking: it reads PostgreSQL. A failure throws; the caller answers 451 4.3.0.
 */
public final class RecipientPolicy {

    private final MailDomains domains;
    private final AccountStore accounts;
    private final String delimiter;

    public RecipientPolicy(MailDomains domains, AccountStore accounts, String recipientDelimiter) {
        this.domains = domains;
        this.accounts = accounts;
        this.delimiter = recipientDelimiter;
    }

    public PolicyResult check(MailAddress recipient) {
        String domain = recipient.domainLowerCase().orElse(domains.myorigin().toLowerCase(Locale.ROOT));
        String shown = shown(recipient);
        if (!domains.isLocalDomain(domain)) {
            return PolicyResult.reject(SmtpReplies.relayDenied(shown));
        }
        if (!accounts.exists(recipient.user(delimiter))) {
            return PolicyResult.reject(SmtpReplies.userUnknown(shown));
        }
        return PolicyResult.accept();
    }

    /** The address as replies show it: an unqualified one with {@code @myorigin}, as Postfix's smtpd does. */
    public String shown(MailAddress recipient) {
        return recipient.domain().isPresent() ? recipient.toString() : recipient.withDomain(domains.myorigin()).toString();
    }
}
