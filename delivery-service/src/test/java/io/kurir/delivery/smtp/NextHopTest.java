package io.kurir.delivery.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NextHopTest {

    @Test
    void domainIsLookedUpAsMxOnTheDefaultPort() {
        assertEquals(new NextHop("b.test", 25, true), NextHop.parse("b.test", 25));
        assertEquals(new NextHop("b.test", 2525, true), NextHop.parse("B.Test.", 2525), "case and trailing dot");
    }

    @Test
    void domainWithPortKeepsTheMxLookup() {
        assertEquals(new NextHop("b.test", 2525, true), NextHop.parse("b.test:2525", 25));
    }

    @Test
    void bracketsSuppressTheMxLookup() {
        assertEquals(new NextHop("relay.test", 25, false), NextHop.parse("[relay.test]", 25));
        assertEquals(new NextHop("relay.test", 587, false), NextHop.parse("[relay.test]:587", 25));
        assertEquals(new NextHop("relay.test", 587, false), NextHop.parse("[relay.test]:submission", 25));
    }

    @Test
    void addressLiterals() {
        NextHop v4 = NextHop.parse("[127.0.0.1]:2525", 25);
        assertEquals(new NextHop("127.0.0.1", 2525, false), v4);
        assertTrue(v4.isAddressLiteral());
        assertEquals(new NextHop("::1", 25, false), NextHop.parse("[ipv6:::1]", 25));
        assertEquals(new NextHop("::1", 25, false), NextHop.parse("[::1]", 25));
        assertFalse(NextHop.parse("b.test", 25).isAddressLiteral());
    }

    @Test
    void smtpTransportPrefixIsStripped() {
        assertEquals(new NextHop("relay.test", 587, false), NextHop.parse("smtp:[relay.test]:587", 25));
        assertEquals(new NextHop("b.test", 25, true), NextHop.parse("SMTP:b.test", 25));
    }

    @Test
    void textAndLookupKeys() {
        assertEquals("[relay.test]:587", NextHop.parse("[relay.test]:587", 25).text());
        assertEquals("b.test:25", NextHop.parse("b.test", 25).text());
        assertEquals(List.of("[relay.test]:587", "[relay.test]", "relay.test"),
                NextHop.parse("[relay.test]:587", 25).lookupKeys());
        assertEquals(List.of("b.test:25", "b.test"), NextHop.parse("b.test", 25).lookupKeys());
    }

    @Test
    void badSyntaxIsRejected() {
        for (String bad : List.of("", "[relay.test", "[relay.test]x", "[relay.test]:", "b.test:99999", "b.test:x",
                "b test", "b.test:25:26", "[]", "smtp:", "-b.test", "b..test", "[::1", "a@b.test")) {
            assertThrows(IllegalArgumentException.class, () -> NextHop.parse(bad, 25), "should reject '" + bad + "'");
        }
    }
}
