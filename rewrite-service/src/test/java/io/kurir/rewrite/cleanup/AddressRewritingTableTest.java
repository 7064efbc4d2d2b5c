package io.kurir.rewrite.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.mail.DomainClasses;
import io.kurir.mail.MailDomains;
import io.kurir.mail.alias.AliasFile;
import io.kurir.mail.alias.AliasMaps;
import io.kurir.mail.alias.VirtualFile;
import io.kurir.mail.canonical.CanonicalFile;
import io.kurir.mail.canonical.CanonicalMaps;
import io.kurir.mail.canonical.CanonicalRewriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The examples of Postfix's ADDRESS_REWRITING_README and VIRTUAL_README, as tables: each recipient
 * (or sender) with what cleanup and trivial-rewrite make of it — the final addresses, their
 * transports, next hops and mailboxes. The tables are the files an administrator would write.
 */
class AddressRewritingTableTest {

    static final MailDomains DOMAINS = MailDomains.resolve(Optional.of("mx.kurir.test"), Optional.empty(),
            Optional.empty(), Optional.empty()); // mydestination: mx.kurir.test, localhost.kurir.test, localhost

    static final AliasMaps MAPS;
    static final CanonicalRewriter CANONICAL;
    static final DomainClasses CLASSES = new DomainClasses(Set.of("example.net"), Set.of("partner.test"));
    static final RecipientResolver RESOLVER = new RecipientResolver(DOMAINS, "+",
            TransportMap.parse("b.test smtp:[127.0.0.1]:2525", ""));

    static {
        try {
            // /etc/aliases, as in the course
            var aliases = AliasFile.parse("/etc/aliases", """
                    postmaster: root
                    root: dewi
                    staf: dewi, eka
                    """);
            // VIRTUAL_README, "Postfix virtual ALIAS example: separate domains, UNIX system accounts"
            var virtual = VirtualFile.parse("/etc/postfix/virtual", """
                    example.com          anything
                    postmaster@example.com  postmaster
                    info@example.com     joe
                    sales@example.com    jane
                    # catch-all: everyone else at example.com
                    @example.com         jim
                    # VIRTUAL_README, mailbox domain: an alias in a virtual mailbox domain
                    abuse@example.net    info@example.net
                    """);
            MAPS = AliasMaps.of(aliases, virtual);
            // ADDRESS_REWRITING_README, "Canonical address mapping"
            var common = CanonicalFile.parse("/etc/postfix/canonical", """
                    wietse                      Wietse.Venema
                    @old.test                   @new.test
                    """);
            var sender = CanonicalFile.parse("/etc/postfix/sender_canonical", """
                    fauzan@mx.kurir.test        Fauzan.Hilmi@mx.kurir.test
                    """);
            CANONICAL = new CanonicalRewriter(CanonicalMaps.of(common, sender, List.of()), DOMAINS, "+");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** address transport nexthop mailbox; several results joined by " | ". */
    static String resolve(String recipient) {
        return RESOLVER.expand(recipient, CANONICAL::recipient, MAPS, CLASSES).stream()
                .map(r -> r.address() + " " + r.transport() + " " + r.nexthop() + " " + (r.mailbox().isEmpty() ? "-" : r.mailbox()))
                .collect(Collectors.joining(" | "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            # local alias lists (aliases(5)), nested names, and the direct address
            staf@localhost;               dewi@mx.kurir.test local mx.kurir.test dewi | eka@mx.kurir.test local mx.kurir.test eka
            postmaster@localhost;         dewi@mx.kurir.test local mx.kurir.test dewi
            dewi@localhost;               dewi@localhost local mx.kurir.test dewi
            # virtual alias domain (VIRTUAL_README), with its catch-all
            info@example.com;             joe@mx.kurir.test local mx.kurir.test joe
            Sales@Example.COM;            jane@mx.kurir.test local mx.kurir.test jane
            postmaster@example.com;       dewi@mx.kurir.test local mx.kurir.test dewi
            nobody@example.com;           jim@mx.kurir.test local mx.kurir.test jim
            # virtual mailbox domain: the account user@domain, virtual(8); an alias there first
            info@example.net;             info@example.net virtual example.net info@example.net
            info+news@example.net;        info+news@example.net virtual example.net info@example.net
            abuse@example.net;            info@example.net virtual example.net info@example.net
            # user+ext reaches user, the extension kept in the address (Delivered-To, folder delivery)
            fauzan+lab@localhost;         fauzan+lab@localhost local mx.kurir.test fauzan
            # unqualified gets @myorigin
            fauzan;                       fauzan@mx.kurir.test local mx.kurir.test fauzan
            # canonical: a login name to Firstname.Lastname, and a whole domain renamed
            wietse@localhost;             Wietse.Venema@mx.kurir.test local mx.kurir.test wietse.venema
            wietse+lists@localhost;       Wietse.Venema+lists@mx.kurir.test local mx.kurir.test wietse.venema
            joe@old.test;                 joe@new.test smtp new.test -
            # relay domain, transport_maps, and anything else by MX
            x@partner.test;               x@partner.test smtp partner.test -
            budi@b.test;                  budi@b.test smtp [127.0.0.1]:2525 -
            anto@elsewhere.test;          anto@elsewhere.test smtp elsewhere.test -
            """)
    void recipients(String recipient, String expected) {
        assertEquals(expected, resolve(recipient));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            # unqualified sender gets @myorigin, then sender_canonical_maps and canonical_maps
            afau;                afau@mx.kurir.test
            fauzan;              Fauzan.Hilmi@mx.kurir.test
            wietse@localhost;    Wietse.Venema@mx.kurir.test
            budi@old.test;       budi@new.test
            budi@b.test;         budi@b.test
            """)
    void senders(String sender, String expected) {
        assertEquals(expected, CANONICAL.sender(RESOLVER.qualify(sender)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            'From: wietse';                              'From: Wietse.Venema@mx.kurir.test'
            'From: "Wietse" <wietse@localhost>';         'From: "Wietse" <Wietse.Venema@mx.kurir.test>'
            'To: joe@old.test, fauzan (lab)';            'To: joe@new.test, fauzan@mx.kurir.test (lab)'
            'Cc: undisclosed-recipients:;';              'Cc: undisclosed-recipients:;'
            'Subject: wietse@localhost';                 'Subject: wietse@localhost'
            """)
    void headersOfLocalMail(String header, String expected) {
        byte[] message = (header + "\r\n\r\nbody wietse@localhost\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = HeaderAddressRewrite.apply(message, a -> CANONICAL.sender(RESOLVER.qualify(a)),
                a -> CANONICAL.recipient(RESOLVER.qualify(a)));
        assertEquals(expected + "\r\n\r\nbody wietse@localhost\r\n", new String(out, java.nio.charset.StandardCharsets.UTF_8));
    }
}
