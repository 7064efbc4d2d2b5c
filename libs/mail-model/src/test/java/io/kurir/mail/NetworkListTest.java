package io.kurir.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkListTest {

    final NetworkList list = NetworkList.parse("127.0.0.0/8, [::1]/128 192.168.10.0/23 2001:db8::/32 10.1.2.3");

    @Test
    void matchesIpv4AndIpv6Networks() {
        assertTrue(list.contains("127.0.0.1"));
        assertTrue(list.contains("127.255.0.9"));
        assertTrue(list.contains("::1"));
        assertTrue(list.contains("192.168.11.200"), "/23 covers .10 and .11");
        assertFalse(list.contains("192.168.12.1"));
        assertTrue(list.contains("2001:db8:1::5"));
        assertFalse(list.contains("2001:db9::1"));
        assertTrue(list.contains("10.1.2.3"));
        assertFalse(list.contains("10.1.2.4"), "a bare address is one host");
        assertFalse(list.contains("::ffff:8.8.8.8"));
    }

    @Test
    void neverLooksUpHostNames() {
        assertFalse(list.contains("localhost"));
        assertFalse(list.contains("unknown"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.0/33", "localhost", "10.0.0.0/x", "300.1.1.1", "::1/129", "1.2.3/8"})
    void malformedEntriesAreErrorsThatNameTheEntry(String entry) {
        var e = assertThrows(IllegalArgumentException.class, () -> NetworkList.parse("127.0.0.0/8 " + entry));
        assertTrue(e.getMessage().startsWith("bad mynetworks entry '" + entry + "'"), e.getMessage());
    }

    @Test
    void emptyListMatchesNothing() {
        assertFalse(NetworkList.parse("").contains("127.0.0.1"));
        assertEquals("", NetworkList.parse(" ").toString());
    }
}
