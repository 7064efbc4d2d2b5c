package io.kurir.rewrite.cleanup;

import io.kurir.mail.DomainClasses;
import io.kurir.mail.MailAddress;
import io.kurir.mail.MailDomains;
import io.kurir.mail.alias.AliasExpander;
import io.kurir.mail.alias.AliasMaps;
import io.kurir.mail.payload.Recipient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Postfix trivial-rewrite(8), the part this release needs: qualify an unqualified address with
 * {@code myorigin}, expand it through the alias tables ({@link #expand}), and resolve it to a transport. A domain in {@code mydestination} goes to the
 * {@code local} transport, the mailbox being the local part in lower case without its
 * {@code +extension}; a virtual mailbox domain to the {@code virtual} transport; any other domain
 * (relay domains too) as {@link TransportMap} (transport-maps, relayhost) says,
 * by default to {@code smtp} with the domain as next hop.
 */
public final class RecipientResolver {

    /** Postfix's virtual(8) transport: delivery to the account {@code user@domain} of a virtual mailbox domain. */
    public static final String VIRTUAL = "virtual";

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

    /**
     * Expands a recipient through the alias tables (virtual(5) first, then aliases(5) for local
     * results, as Postfix's cleanup and local(8) do) and resolves every result. The original
     * address is kept on each result (ORCPT, Received). An expansion that fails — a loop, an unknown
     * user in a virtual alias domain, the expansion limit — becomes one recipient for the
     * {@code error} transport, which bounces it with that status and text.
     *
     * @throws IllegalArgumentException when the address cannot be parsed
     */
    public List<Recipient> expand(String original, AliasMaps maps) {
        return expand(original, maps, DomainClasses.NONE);
    }

    /**
     * As {@link #expand(String, AliasMaps)}, with the virtual mailbox domains: an address there goes to
     * the {@code virtual} transport (Postfix's virtual(8)), its mailbox the account {@code user@domain}
     * (without the {@code +extension}), its next hop the domain.
     */
    public List<Recipient> expand(String original, AliasMaps maps, DomainClasses classes) {
        return expand(original, UnaryOperator.identity(), maps, classes);
    }

    /**
     * As {@link #expand(String, AliasMaps, DomainClasses)}, the address first rewritten by
     * {@code canonical} (recipient_canonical_maps and canonical_maps, which Postfix's cleanup applies
     * before the virtual alias map); the original address, before canonical, is kept on every result.
     */
    public List<Recipient> expand(String original, UnaryOperator<String> canonical, AliasMaps maps,
            DomainClasses classes) {
        return expandOwned(original, canonical, maps, classes).stream().map(Owned::recipient).toList();
    }

    /**
     * A resolved recipient and the owner of the list it was reached through ({@code owner-NAME@myorigin},
     * Postfix's owner_request_special), or empty: its mail goes out with the owner as envelope sender, so
     * delivery problems reach the list's owner, not the original sender.
     */
    public record Owned(Recipient recipient, String owner) {
    }

    /** As {@link #expand(String, UnaryOperator, AliasMaps, DomainClasses)}, with each result's list owner. */
    public List<Owned> expandOwned(String original, UnaryOperator<String> canonical, AliasMaps maps,
            DomainClasses classes) {
        String address = qualify(original);
        MailAddress.parse(address).orElseThrow(() -> new IllegalArgumentException("unparseable recipient " + original));
        AliasExpander.Expansion expansion = new AliasExpander(maps, domains, delimiter).expand(canonical.apply(address));
        if (expansion.error().isPresent()) {
            return List.of(new Owned(new Recipient(address, address, "error", expansion.error().get(), ""), ""));
        }
        List<Owned> out = new ArrayList<>();
        for (AliasExpander.Target t : expansion.targets()) {
            MailAddress result = MailAddress.parse(t.address())
                    .orElseThrow(() -> new IllegalArgumentException("unparseable alias result " + t.address()));
            String domain = result.domainLowerCase().orElseThrow();
            DomainClasses.DomainClass domainClass = classes.classOf(domain, domains, maps.virtualDomains());
            Recipient r;
            if (domainClass == DomainClasses.DomainClass.LOCAL) {
                r = new Recipient(t.address(), address, Recipient.LOCAL, domains.myhostname(),
                        t.mailbox().isEmpty() ? result.user(delimiter) : t.mailbox());
            } else if (domainClass == DomainClasses.DomainClass.VIRTUAL_MAILBOX) {
                r = new Recipient(t.address(), address, VIRTUAL, domain, result.user(delimiter) + "@" + domain);
            } else {
                TransportMap.Route route = transports.route(domain);
                r = new Recipient(t.address(), address, route.transport(), route.nexthop(), "");
            }
            out.add(new Owned(r, t.owner()));
        }
        return out;
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
