package io.kurir.mail;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The domains Kurir handles beyond {@code mydestination}, kept in PostgreSQL and managed with
 * {@code ./kurir domain}: Postfix's {@code virtual_mailbox_domains} (every address is an account
 * of its own, {@code user@domain}, delivered by virtual(8)) and {@code relay_domains} (accepted
 * from any client, sent on by SMTP). Virtual alias domains are part of the alias tables.
 *
 * @param mailbox the virtual mailbox domains, lower case
 * @param relay the relay domains, lower case
 */
public record DomainClasses(Set<String> mailbox, Set<String> relay) {

    /** What a domain is to Kurir, as Postfix's address classes (ADDRESS_CLASS_README). */
    public enum DomainClass {
        /** mydestination: mail for local accounts and aliases, local(8). */
        LOCAL("local"),
        /** virtual_alias_domains: every address is an alias for others. */
        VIRTUAL_ALIAS("virtual-alias"),
        /** virtual_mailbox_domains: every address is an account of its own, virtual(8). */
        VIRTUAL_MAILBOX("virtual-mailbox"),
        /** relay_domains: sent on by SMTP, accepted from anyone. */
        RELAY("relay"),
        /** Anything else: sent on by SMTP for clients allowed to relay only. */
        DEFAULT("default");

        private final String word;

        DomainClass(String word) {
            this.word = word;
        }

        /** The name {@code ./kurir domain} uses. */
        public String word() {
            return word;
        }

        /** The class a {@code ./kurir domain add --class} word names. */
        public static DomainClass of(String word) {
            for (DomainClass c : values()) {
                if (c.word.equalsIgnoreCase(word.strip())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown domain class '" + word
                    + "': use local, virtual-alias, virtual-mailbox or relay");
        }
    }

    /** No domains besides mydestination. */
    public static final DomainClasses NONE = new DomainClasses(Set.of(), Set.of());

    public DomainClasses {
        mailbox = lower(mailbox);
        relay = lower(relay);
    }

    /**
     * The class of a domain: mydestination first, then the virtual alias domains, then the virtual
     * mailbox and relay domains (a domain belongs to one class; Postfix refuses a domain listed in
     * two, Kurir takes the first).
     */
    public DomainClass classOf(String domain, MailDomains domains, Set<String> virtualAliasDomains) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (domains.isLocalDomain(d)) {
            return DomainClass.LOCAL;
        }
        if (virtualAliasDomains.contains(d)) {
            return DomainClass.VIRTUAL_ALIAS;
        }
        if (mailbox.contains(d)) {
            return DomainClass.VIRTUAL_MAILBOX;
        }
        return relay.contains(d) ? DomainClass.RELAY : DomainClass.DEFAULT;
    }

    private static Set<String> lower(Set<String> domains) {
        Set<String> out = new HashSet<>();
        for (String d : domains) {
            out.add(d.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(out);
    }
}
