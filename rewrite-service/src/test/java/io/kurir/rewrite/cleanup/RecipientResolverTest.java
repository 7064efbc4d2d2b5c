package io.kurir.rewrite.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.mail.MailDomains;
import io.kurir.mail.alias.AliasFile;
import io.kurir.mail.alias.AliasMaps;
import io.kurir.mail.alias.VirtualFile;
import io.kurir.mail.payload.Recipient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecipientResolverTest {

    final RecipientResolver resolver = new RecipientResolver(
            MailDomains.resolve(Optional.of("mx.kurir.test"), Optional.empty(), Optional.empty(), Optional.empty()), "+");

    @Test
    void localDomainsResolveToTheLocalTransportAndTheAccount() {
        assertEquals(new Recipient("Fauzan+lab@LocalHost", "Fauzan+lab@LocalHost", "local", "mx.kurir.test", "fauzan"),
                resolver.resolve("Fauzan+lab@LocalHost"));
        assertEquals(new Recipient("anto@mx.kurir.test", "anto@mx.kurir.test", "local", "mx.kurir.test", "anto"),
                resolver.resolve("anto"), "unqualified gets @myorigin");
    }

    @Test
    void otherDomainsResolveToSmtpWithTheDomainAsNextHop() {
        assertEquals(new Recipient("budi@b.test", "budi@b.test", "smtp", "b.test", ""), resolver.resolve("budi@b.test"));
    }

    @Test
    void virtualMailboxDomainsGoToTheVirtualTransportAndRelayDomainsToSmtp() {
        var classes = new io.kurir.mail.DomainClasses(java.util.Set.of("sekolah.test"), java.util.Set.of("partner.test"));
        assertEquals(List.of(new Recipient("Guru+lab@Sekolah.test", "Guru+lab@Sekolah.test", "virtual", "sekolah.test",
                "guru@sekolah.test")), resolver.expand("Guru+lab@Sekolah.test", AliasMaps.EMPTY, classes),
                "the account user@domain, without the extension (kept in the address)");
        assertEquals(List.of(new Recipient("x@partner.test", "x@partner.test", "smtp", "partner.test", "")),
                resolver.expand("x@partner.test", AliasMaps.EMPTY, classes));
        var aliased = new AliasMaps(java.util.Map.of(), java.util.Map.of("info@sekolah.test", List.of("guru@sekolah.test")),
                java.util.Set.of());
        assertEquals(List.of(new Recipient("guru@sekolah.test", "info@sekolah.test", "virtual", "sekolah.test",
                "guru@sekolah.test")), resolver.expand("info@sekolah.test", aliased, classes),
                "virtual aliases apply in virtual mailbox domains first");
    }

    @Test
    void theNullSenderStaysNull() {
        assertEquals("", resolver.qualify(""));
        assertEquals("afau@mx.kurir.test", resolver.qualify("afau"));
        assertEquals("afau@localhost", resolver.qualify("afau@localhost"));
    }

    @Test
    void transportMapsAndRelayhostChooseTheNextHopOfRemoteDomains() {
        var domains = MailDomains.resolve(Optional.of("mx.kurir.test"), Optional.empty(), Optional.empty(), Optional.empty());
        var routed = new RecipientResolver(domains, "+", TransportMap.parse(
                "b.test smtp:[127.0.0.1]:2525, .b.test :[gw.b.test], old.test error:5.1.1 this domain moved, c.test smtp:",
                "[smarthost.test]:587"));
        assertEquals(new Recipient("x@b.test", "x@b.test", "smtp", "[127.0.0.1]:2525", ""), routed.resolve("x@b.test"));
        assertEquals("[gw.b.test]", routed.resolve("x@lab.b.test").nexthop(), ".b.test covers subdomains");
        assertEquals(new Recipient("x@old.test", "x@old.test", "error", "5.1.1 this domain moved", ""),
                routed.resolve("x@old.test"));
        assertEquals("[smarthost.test]:587", routed.resolve("x@c.test").nexthop(), "an empty next hop: relayhost");
        assertEquals("[smarthost.test]:587", routed.resolve("x@elsewhere.test").nexthop(), "no entry: relayhost");
        assertEquals("local", routed.resolve("anto@localhost").transport(), "local domains stay local");
        assertEquals("d.test", new RecipientResolver(domains, "+", TransportMap.parse("", "")).resolve("x@d.test").nexthop(),
                "nothing configured: the domain itself, for MX lookup");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TransportMap.parse("b.test", ""), "an entry without a value is refused");
    }

    @Test
    void aliasesExpandThenEachResultIsRoutedByItsOwnDomain() throws Exception {
        var maps = AliasMaps.of(AliasFile.parse("aliases", "staf: budi, anto@b.test\nroot: budi\n"),
                VirtualFile.parse("virtual", "sekolah.test anything\ninfo@sekolah.test staf\n"));
        assertEquals(List.of(
                new Recipient("budi@mx.kurir.test", "info@sekolah.test", "local", "mx.kurir.test", "budi"),
                new Recipient("anto@b.test", "info@sekolah.test", "smtp", "b.test", "")),
                resolver.expand("info@sekolah.test", maps), "virtual, then the local alias, then trivial-rewrite");
        assertEquals(List.of(new Recipient("cici@localhost", "cici@localhost", "local", "mx.kurir.test", "cici")),
                resolver.expand("cici@localhost", maps), "no alias: the address itself");
    }

    @Test
    void anExpansionThatFailsGoesToTheErrorTransportWithItsStatus() throws Exception {
        var maps = AliasMaps.of(AliasFile.parse("aliases", "a: b\nb: a\n"),
                VirtualFile.parse("virtual", "sekolah.test anything\n"));
        Recipient loop = resolver.expand("a@localhost", maps).get(0);
        assertEquals("error", loop.transport());
        assertTrue(loop.nexthop().startsWith("5.4.6 mail forwarding loop"), loop.nexthop());
        assertEquals(List.of(new Recipient("guru@sekolah.test", "guru@sekolah.test", "error",
                "5.1.1 User unknown in virtual alias table", "")), resolver.expand("guru@sekolah.test", maps));
    }
}
