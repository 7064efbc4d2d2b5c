package io.kurir.gateway.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DnsblSiteTest {

    @Test
    void parsesPostfixSiteSyntax() throws Exception {
        assertEquals(new DnsblSite("zen.spamhaus.org", Optional.empty(), 3), DnsblSite.parse("zen.spamhaus.org*3"));
        assertEquals(new DnsblSite("bl.example", Optional.of("127.0.0.[2..11]"), 1), DnsblSite.parse(" BL.example=127.0.0.[2..11] "));
        assertEquals(-2, DnsblSite.parse("list.dnswl.org=127.0.[0..255].[1;2]*-2").weight());
        assertEquals(List.of("a.test", "b.test"), DnsblSite.parseList("a.test, b.test*2").stream().map(DnsblSite::domain).toList());
        assertEquals(List.of(), DnsblSite.parseList(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nodot", "bl.test*x", "bl.test=127.0.0", "bl.test=127.0.0.[2..", "bad domain.test", "-",
        "bl..test", "bl.test=127.0.0.[2.3]", "bl.test=127.0.0.[..]", "bl.test=127.0.0.256", "bl.test=127.0.0.[1..300]"})
    void refusesMalformedSites(String entry) {
        assertThrows(IllegalArgumentException.class, () -> DnsblSite.parse(entry));
    }

    @Test
    void queriesReversedAddresses() throws Exception {
        DnsblSite site = DnsblSite.parse("bl.test");
        assertEquals("4.3.2.1.bl.test", site.query("1.2.3.4"));
        assertEquals("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.test", site.query("2001:db8::1"));
    }

    @Test
    void filtersAnswers() {
        DnsblSite range = DnsblSite.parse("bl.test=127.0.0.[2..11]");
        assertTrue(range.counts(List.of("127.0.0.4")));
        assertFalse(range.counts(List.of("127.0.0.12")));
        assertFalse(range.counts(List.of()));
        DnsblSite list = DnsblSite.parse("bl.test=127.0.0.[2;4]");
        assertTrue(list.counts(List.of("127.0.0.1", "127.0.0.4")));
        assertFalse(list.counts(List.of("127.0.0.3")));
        assertTrue(DnsblSite.parse("bl.test").counts(List.of("127.0.0.255")));
    }

    @Test
    void postscreenAddsWeightsUpToTheThreshold() throws Exception {
        TableResolver dns = new TableResolver();
        TableResolver.A.put("5.0.0.10.black.test", List.of("127.0.0.2"));
        TableResolver.A.put("5.0.0.10.white.test", List.of("127.0.0.2"));
        TableResolver.A.put("6.0.0.10.black.test", List.of("127.0.0.2"));
        var enforce = new PostscreenDnsbl(DnsblSite.parseList("black.test*2, white.test*-2"), 2,
                PostscreenDnsbl.Action.ENFORCE, dns, Duration.ofMinutes(1), Clock.systemUTC());
        assertEquals(Optional.empty(), enforce.check("10.0.0.5"), "listed, but allow-listed too: score 0");
        assertEquals("550 5.7.1 Service unavailable; client [10.0.0.6] blocked using black.test",
                new String(enforce.check("10.0.0.6").orElseThrow().encode()).trim());
        assertEquals(Optional.empty(), enforce.check("10.0.0.7"), "not listed");
        var ignore = new PostscreenDnsbl(DnsblSite.parseList("black.test*2"), 2, PostscreenDnsbl.Action.IGNORE, dns,
                Duration.ofMinutes(1), Clock.systemUTC());
        assertEquals(Optional.empty(), ignore.check("10.0.0.6"), "ignore only logs");
        assertThrows(IllegalArgumentException.class, () -> PostscreenDnsbl.action("drop"));
    }

    @Test
    void aListThatFailsListsNobodyAndOnlyPassesAreRemembered() throws Exception {
        TableResolver dns = new TableResolver();
        TableResolver.FAILING.add("8.0.0.10.broken.test");
        TableResolver.A.put("9.0.0.10.black.test", List.of("127.0.0.2"));
        var enforce = new PostscreenDnsbl(DnsblSite.parseList("broken.test*5, black.test"), 1,
                PostscreenDnsbl.Action.ENFORCE, dns, Duration.ofHours(1), Clock.systemUTC());
        assertEquals(Optional.empty(), enforce.check("10.0.0.8"), "a broken list never defers or rejects mail");
        assertTrue(enforce.check("10.0.0.9").isPresent());
        TableResolver.A.remove("9.0.0.10.black.test"); // delisted
        assertEquals(Optional.empty(), enforce.check("10.0.0.9"), "a listing is not cached");
        assertThrows(IllegalArgumentException.class, () -> new PostscreenDnsbl(List.of(), 0, PostscreenDnsbl.Action.ENFORCE, dns,
                Duration.ZERO, Clock.systemUTC()));
    }
}
