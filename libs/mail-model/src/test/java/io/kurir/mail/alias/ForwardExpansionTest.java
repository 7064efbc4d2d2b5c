package io.kurir.mail.alias;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.mail.MailDomains;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Per-account forwarding (~/.forward) inside the alias expansion. */
class ForwardExpansionTest {

    static final MailDomains DOMAINS = new MailDomains("mail.a.test", "a.test", "a.test", List.of("a.test", "localhost"));

    static AliasExpander expander(Map<String, List<String>> local, Map<String, AliasMaps.Forward> forwards) {
        return new AliasExpander(new AliasMaps(local, Map.of(), Set.of(), forwards), DOMAINS, "+");
    }

    static List<String> targets(AliasExpander.Expansion e) {
        assertEquals(Optional.empty(), e.error());
        return e.targets().stream().map(t -> t.address() + (t.isLocal() ? " -> " + t.mailbox() : "")).toList();
    }

    @Test
    void aForwardedAccountsMailGoesToItsTargetsOnly() {
        var x = expander(Map.of(), Map.of("budi", new AliasMaps.Forward(List.of("budi@rumah.test"), false)));
        assertEquals(List.of("budi@rumah.test"), targets(x.expand("budi@a.test")));
        assertEquals(List.of("anto@a.test -> anto"), targets(x.expand("anto@a.test")), "others are not touched");
    }

    @Test
    void keepCopyAlsoDeliversToTheMailbox() {
        var x = expander(Map.of(), Map.of("budi", new AliasMaps.Forward(List.of("budi@rumah.test"), true)));
        assertEquals(List.of("budi@a.test -> budi", "budi@rumah.test"), targets(x.expand("budi@a.test")));
        assertEquals(List.of("budi+lab@a.test -> budi", "budi@rumah.test"), targets(x.expand("budi+lab@a.test")),
                "an address extension reaches the same account");
    }

    @Test
    void forwardedMailIsExpandedAgainAndAnAccountNamingItselfKeepsItsCopy() {
        var x = expander(Map.of("staf", List.of("anto", "cici")),
                Map.of("budi", new AliasMaps.Forward(List.of("staf", "budi"), false)));
        assertEquals(List.of("anto@a.test -> anto", "cici@a.test -> cici", "budi@localhost -> budi"),
                targets(x.expand("budi@localhost")), "the local alias of a target is expanded; budi lists himself");
    }

    @Test
    void aliasesComeBeforeTheForwardAndLoopsBetweenForwardsAreRefused() {
        var x = expander(Map.of("budi", List.of("anto")), Map.of(
                "budi", new AliasMaps.Forward(List.of("budi@rumah.test"), false),
                "dodi", new AliasMaps.Forward(List.of("eka"), false),
                "eka", new AliasMaps.Forward(List.of("dodi"), false)));
        assertEquals(List.of("anto@a.test -> anto"), targets(x.expand("budi@a.test")), "an alias wins, as in Postfix");
        var loop = x.expand("dodi@a.test");
        assertEquals(List.of(), loop.targets());
        assertEquals(Optional.of("5.4.6 mail forwarding loop for <dodi@a.test>"), loop.error());
    }
}
