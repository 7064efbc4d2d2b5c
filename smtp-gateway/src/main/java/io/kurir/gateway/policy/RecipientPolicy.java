package io.kurir.gateway.policy;

import io.kurir.mail.MailAddress;
import io.kurir.mail.DomainClasses.DomainClass;
import io.kurir.mail.MailDomains;
import io.kurir.mail.alias.AliasExpander;
import io.kurir.mail.canonical.CanonicalRewriter;
import io.kurir.smtp.codec.SmtpReplies;
import io.kurir.store.AccountStore;
import io.kurir.store.alias.AliasStore;
import io.kurir.store.alias.AliasTables;
import java.util.Locale;

/**
 * Postfix's smtpd_relay_restrictions ({@code permit_mynetworks, permit_sasl_authenticated,
 * reject_unauth_destination}) and {@code reject_unlisted_recipient}: a {@code mydestination}
 * recipient must name an account or an alias (local or virtual), and one in a virtual alias domain
 * an entry of the virtual alias map, one in a virtual mailbox domain an account {@code user@domain}
 * (or a virtual alias), so Kurir never accepts mail it would have to bounce; a relay domain is
 * accepted from every client and any other
 * destination only from a client in mynetworks or one that logged in, and then only to a plain
 * domain name — source routes, {@code %} and {@code !} routing, quoted local parts hiding an
 * {@code @}, IP literals, all-numeric names and trailing dots are refused for everyone.
 *
 * <p>Blocking: it reads PostgreSQL. A failure throws; the caller answers 451 4.3.0.
 */
public final class RecipientPolicy {

    private final MailDomains domains;
    private final AccountStore accounts;
    private final AliasTables aliases;
    private final String delimiter;

    public RecipientPolicy(MailDomains domains, AccountStore accounts, AliasTables aliases, String recipientDelimiter) {
        this.domains = domains;
        this.accounts = accounts;
        this.aliases = aliases;
        this.delimiter = recipientDelimiter;
    }

    /** The check for an untrusted client (and for VRFY): local recipients only. */
    public PolicyResult check(MailAddress recipient) {
        return check(recipient, false);
    }

    /** @param relayPermitted the client is in mynetworks or authenticated (SASL) */
    public PolicyResult check(MailAddress recipient, boolean relayPermitted) {
        String domain = recipient.domainLowerCase().orElse(domains.myorigin().toLowerCase(Locale.ROOT));
        String shown = shown(recipient);
        AliasStore.Snapshot tables = aliases.snapshot();
        AliasExpander expander = new AliasExpander(tables.maps(), domains, delimiter);
        String qualified = recipient.domain().isPresent() ? recipient.toString() : shown;
        DomainClass domainClass = tables.domains().classOf(domain, domains, tables.maps().virtualDomains());
        boolean ours = domainClass == DomainClass.LOCAL || domainClass == DomainClass.VIRTUAL_ALIAS
                || domainClass == DomainClass.VIRTUAL_MAILBOX;
        if (ours && !tables.canonical().isEmpty() && !new CanonicalRewriter(tables.canonical(), domains, delimiter)
                .recipient(qualified).equalsIgnoreCase(qualified)) {
            // as Postfix's smtpd: an address with a canonical mapping is valid by that mapping (cleanup rewrites it)
            return PolicyResult.accept();
        }
        if (domainClass == DomainClass.VIRTUAL_ALIAS) {
            // our destination, for every client: valid when the virtual alias map knows it
            return expander.hasVirtualEntry(qualified) ? PolicyResult.accept()
                    : PolicyResult.reject(SmtpReplies.userUnknownVirtual(shown));
        }
        if (domainClass == DomainClass.VIRTUAL_MAILBOX) {
            // virtual_mailbox_maps: an account named user@domain (virtual aliases apply first, as in cleanup)
            return accounts.exists(recipient.user(delimiter) + "@" + domain) || expander.hasVirtualEntry(qualified)
                    ? PolicyResult.accept() : PolicyResult.reject(SmtpReplies.userUnknownVirtualMailbox(shown));
        }
        if (domainClass == DomainClass.RELAY) {
            // relay_domains: our destination too (permit_auth_destination), for every client; no routing tricks
            return plainLocalPart(recipient.localPart()) ? PolicyResult.accept()
                    : PolicyResult.reject(SmtpReplies.relayDenied(shown));
        }
        if (domainClass != DomainClass.LOCAL) {
            if (relayPermitted && plainDomain(domain) && plainLocalPart(recipient.localPart())) {
                return PolicyResult.accept();
            }
            return PolicyResult.reject(SmtpReplies.relayDenied(shown));
        }
        // local_recipient_maps: accounts, and the names the alias tables expand (virtual first, as cleanup does)
        if (!accounts.exists(recipient.user(delimiter)) && !expander.hasVirtualEntry(qualified)
                && !expander.hasLocalAlias(recipient.localPart())) {
            return PolicyResult.reject(SmtpReplies.userUnknown(shown));
        }
        return PolicyResult.accept();
    }

    private static final java.util.regex.Pattern DOMAIN = java.util.regex.Pattern.compile(
            "(?=.*[a-z-])[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    /** A DNS name with at least two labels, not all digits, no trailing dot, no brackets. */
    static boolean plainDomain(String domain) {
        return domain.length() <= 253 && DOMAIN.matcher(domain).matches() && !domain.matches("[0-9.]+");
    }

    /** No routing characters: %, !, or @ (possible inside a quoted local part). */
    static boolean plainLocalPart(String local) {
        return local.indexOf('%') < 0 && local.indexOf('!') < 0 && local.indexOf('@') < 0;
    }

    /** The address as replies show it: an unqualified one with {@code @myorigin}, as Postfix's smtpd does. */
    public String shown(MailAddress recipient) {
        return recipient.domain().isPresent() ? recipient.toString() : recipient.withDomain(domains.myorigin()).toString();
    }
}
