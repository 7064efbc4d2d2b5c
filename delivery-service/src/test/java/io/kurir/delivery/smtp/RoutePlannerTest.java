package io.kurir.delivery.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table resolver, and RFC 5321 section 5.1 / RFC 7505 routing on top of it. */
class RoutePlannerTest {

    private static final String ZONE = """
            # two MX at preference 10, one backup
            b.test.      MX 10 mx1.b.test.
            b.test.      MX 10 mx2.b.test.
            b.test.      MX 20 backup.b.test.
            mx1.b.test.  A 127.0.0.1
            mx2.b.test.  AAAA ::1
            backup.b.test. A 127.0.0.1
            backup.b.test. AAAA ::1
            plain.test.  A 127.0.0.1
            null.test.   MX 0 .
            noaddr.test. MX 10 nowhere.test.
            fail.test.   SERVFAIL
            failmx.test. MX 10 fail.test.
            empty.test.  MX 10 mx1.b.test.
            """;

    private final TableMxResolver table = TableMxResolver.parse(ZONE);

    private Route plan(String hop, long seed) {
        return new RoutePlanner(table, 5, new Random(seed)).plan(NextHop.parse(hop, 25));
    }

    private static List<String> labels(Route route) {
        return assertInstanceOf(Route.Targets.class, route).targets().stream().map(Target::relay).toList();
    }

    @Test
    void tableAnswersRecordsNoDataAndNxdomain() throws Exception {
        assertEquals(List.of(new MxRecord(0, "")), table.mx("null.test"));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), table.addresses("MX1.b.test."));
        assertEquals(List.of(), table.mx("plain.test"), "a name with records but no MX: no data");
        DnsLookupException nx = assertThrows(DnsLookupException.class, () -> table.mx("nope.test"));
        assertEquals(DnsLookupException.Kind.NOT_FOUND, nx.kind());
        DnsLookupException fail = assertThrows(DnsLookupException.class, () -> table.addresses("fail.test"));
        assertEquals(DnsLookupException.Kind.TRY_AGAIN, fail.kind());
    }

    @Test
    void tableRejectsBadLinesAndLoadsFiles(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableMxResolver.parse("a.test. A ::1"));
        assertTrue(e.getMessage().startsWith("line 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TableMxResolver.parse("a.test. A mx.test"));
        assertThrows(IllegalArgumentException.class, () -> TableMxResolver.parse("a.test. TXT hello"));
        Path file = dir.resolve("zone");
        Files.writeString(file, ZONE);
        assertEquals(2, TableMxResolver.load(file).addresses("backup.b.test").size());
    }

    @Test
    void mxHostsGoByPreferenceWithEqualPreferencesShuffled() {
        Set<List<String>> orders = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            List<String> targets = labels(plan("b.test", seed));
            assertEquals(4, targets.size(), targets.toString());
            assertEquals(Set.of("mx1.b.test[127.0.0.1]:25", "mx2.b.test[::1]:25"),
                    Set.copyOf(targets.subList(0, 2)), "preference 10 first");
            assertEquals(List.of("backup.b.test[127.0.0.1]:25", "backup.b.test[::1]:25"),
                    targets.subList(2, 4), "the backup last");
            orders.add(targets.subList(0, 2));
        }
        assertEquals(2, orders.size(), "both orders of the two preference-10 hosts occur");
    }

    @Test
    void ipv6AddressesAreWrittenShort() throws Exception {
        assertEquals("::1", Target.addressText(InetAddress.getByName("::1")));
        assertEquals("2001:db8::1:0:0:1", Target.addressText(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("::", Target.addressText(InetAddress.getByName("::")));
        assertEquals("fe80::", Target.addressText(InetAddress.getByName("fe80::")));
    }

    @Test
    void addressLimitCutsTheList() {
        Route r = new RoutePlanner(table, 3, new Random(1)).plan(NextHop.parse("b.test", 25));
        assertEquals(3, labels(r).size());
    }

    @Test
    void noMxFallsBackToTheDomainsOwnAddress() {
        assertEquals(List.of("plain.test[127.0.0.1]:2525"), labels(plan("plain.test:2525", 0)));
    }

    @Test
    void bracketsSkipTheMxLookup() {
        assertEquals(List.of("mx1.b.test[127.0.0.1]:25"), labels(plan("[mx1.b.test]", 0)));
        assertEquals(List.of("127.0.0.1[127.0.0.1]:587"), labels(plan("[127.0.0.1]:587", 0)));
        Route.Failed f = assertInstanceOf(Route.Failed.class, plan("[b.test]", 0));
        assertEquals("5.4.4", f.dsnStatus(), "b.test has MX records but no address");
    }

    @Test
    void nullMxBounces() {
        Route.Failed f = assertInstanceOf(Route.Failed.class, plan("null.test", 0));
        assertTrue(f.permanent());
        assertEquals("5.1.10", f.dsnStatus());
        assertEquals("Domain null.test does not accept mail (nullMX)", f.diagnostic());
    }

    @Test
    void nxdomainBounces() {
        Route.Failed f = assertInstanceOf(Route.Failed.class, plan("nope.test", 0));
        assertTrue(f.permanent());
        assertEquals("5.4.4", f.dsnStatus());
        assertEquals("Host or domain name not found. Name service error for name=nope.test type=MX: Host not found",
                f.diagnostic());
    }

    @Test
    void temporaryFailureDefers() {
        Route.Failed f = assertInstanceOf(Route.Failed.class, plan("fail.test", 0));
        assertFalse(f.permanent());
        assertEquals("4.4.3", f.dsnStatus());
        assertEquals("Host or domain name not found. Name service error for name=fail.test type=MX: Host not found, "
                + "try again", f.diagnostic());
        Route.Failed viaMx = assertInstanceOf(Route.Failed.class, plan("failmx.test", 0));
        assertEquals("4.4.3", viaMx.dsnStatus(), "the MX host's address lookup failed temporarily");
    }

    @Test
    void mxHostWithoutAddressBounces() {
        Route.Failed f = assertInstanceOf(Route.Failed.class, plan("noaddr.test", 0));
        assertEquals("5.4.4", f.dsnStatus());
        assertTrue(f.diagnostic().contains("name=nowhere.test type=A"), f.diagnostic());
    }
}
