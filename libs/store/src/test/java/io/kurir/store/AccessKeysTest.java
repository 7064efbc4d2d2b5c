package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessKeysTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # kind    | key as written                 | as stored
            CLIENT    | 10.1.2.3                       | 10.1.2.3
            CLIENT    | 10.1.2                         | 10.1.2
            CLIENT    | 10.1                           | 10.1
            CLIENT    | 10                             | 10
            CLIENT    | 0                              | 0
            CLIENT    | 255.255.255.255                | 255.255.255.255
            CLIENT    | 2001:DB8::1                    | 2001:db8::1
            CLIENT    | 2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1
            CLIENT    | 2001:db8:0:0:1:0:0:1           | 2001:db8::1:0:0:1
            CLIENT    | 2001:db8:0:1:1:1:1:1           | 2001:db8:0:1:1:1:1:1
            CLIENT    | ::1                            | ::1
            CLIENT    | ::                             | ::
            CLIENT    | 1::                            | 1::
            CLIENT    | ::FFFF:192.0.2.1               | ::ffff:192.0.2.1
            CLIENT    | 64:ff9b::192.0.2.1             | 64:ff9b::c000:201
            CLIENT    | 2001:0DB8                      | 2001:db8
            CLIENT    | 2001:db8:0:1                   | 2001:db8:0:1
            CLIENT    | 10.0.0.0/8                     | 10.0.0.0/8
            CLIENT    | 192.168.1.128/25               | 192.168.1.128/25
            CLIENT    | 0.0.0.0/0                      | 0.0.0.0/0
            CLIENT    | 10.1.2.3/32                    | 10.1.2.3/32
            CLIENT    | 2001:DB8::/32                  | 2001:db8::/32
            CLIENT    | 2001:db8:8000::/33             | 2001:db8:8000::/33
            CLIENT    | ::/0                           | ::/0
            CLIENT    | Mail.Example.COM               | mail.example.com
            CLIENT    | example.com.                   | example.com
            CLIENT    | .example.com                   | .example.com
            CLIENT    | localhost                      | localhost
            CLIENT    | dsl-10-1-2-3.isp.example       | dsl-10-1-2-3.isp.example
            CLIENT    | fe80                           | fe80
            CLIENT    | host_1.example                 | host_1.example
            CLIENT    | xn--bcher-kva.example          | xn--bcher-kva.example
            HELO      | Localhost                      | localhost
            HELO      | .example.com                   | .example.com
            HELO      | [192.0.2.1]                    | [192.0.2.1]
            HELO      | [IPv6:2001:DB8::1]             | [ipv6:2001:db8::1]
            HELO      | 192.0.2.1                      | 192.0.2.1
            SENDER    | Fauzan@Example.COM             | fauzan@example.com
            SENDER    | example.com                    | example.com
            SENDER    | .example.com                   | .example.com
            SENDER    | postmaster@                    | postmaster@
            SENDER    | <>                             | <>
            SENDER    | user+tag@example.com           | user+tag@example.com
            SENDER    | user@[192.0.2.1]               | user@[192.0.2.1]
            SENDER    | a.b@localhost                  | a.b@localhost
            RECIPIENT | Abuse@Example.com              | abuse@example.com
            RECIPIENT | abuse@                         | abuse@
            RECIPIENT | example.org                    | example.org
            RECIPIENT | pengguna\u00c4@example.org      | pengguna\u00e4@example.org
            """)
    void normalizes(AccessKind kind, String key, String expected) {
        assertEquals(expected, kind.normalizeKey(key));
        assertEquals(expected, kind.normalizeKey(expected), "normalizing twice changes nothing");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # kind    | key                  | the message contains
            CLIENT    | ""                   | the key is empty
            CLIENT    | "a b"                | white space
            CLIENT    | 10.1.2.256           | octet 256 is greater than 255
            CLIENT    | 10.1.2.3.4           | 1 to 4 octets, this has 5
            CLIENT    | 10..2.3              | empty octet
            CLIENT    | 10.1.               | empty octet
            CLIENT    | 010.1.2.3            | octet '010' has a leading zero
            CLIENT    | 1000                 | octet '1000' is not a number from 0 to 255
            CLIENT    | [10.1.2.3]           | without [ ]
            CLIENT    | 2001:db8::1::2       | '::' may appear only once
            CLIENT    | 2001:db8:1:2:3:4:5:6:7 | at most 8 groups
            CLIENT    | 1:2:3:4:5:6:7::8     | too many groups
            CLIENT    | 2001:db8:            | without a ':' at either end
            CLIENT    | 2001:xyz             | group 'xyz' is not 1 to 4 hexadecimal digits
            CLIENT    | 2001:12345           | group '12345' is not 1 to 4 hexadecimal digits
            CLIENT    | fe80::1%eth0         | is not 1 to 4 hexadecimal digits
            CLIENT    | ::ffff:1.2.3         | an IPv4 address has 4 octets, this has 3
            CLIENT    | 10.1.2.3/24          | has bits set after the first 24; did you mean 10.1.2.0/24?
            CLIENT    | 2001:db8::1/32       | did you mean 2001:db8::/32?
            CLIENT    | 10.0.0.0/33          | a number from 0 to 32
            CLIENT    | 2001:db8::/129       | a number from 0 to 128
            CLIENT    | 10.0.0.0/08          | a number from 0 to 32
            CLIENT    | 10.0.0.0/            | a number from 0 to 32
            CLIENT    | 10/8                 | an IPv4 address has 4 octets, this has 1
            CLIENT    | exa mple.com         | white space
            CLIENT    | -bad.example.com     | starts or ends with '-'
            CLIENT    | bad-.example.com     | starts or ends with '-'
            CLIENT    | a..example.com       | empty label
            CLIENT    | b\u00fccher.example   | xn--
            CLIENT    | host!.example        | only letters, digits, '-' and '_'
            CLIENT    | example.123          | last label is all digits
            CLIENT    | .                    | no domain name
            CLIENT    | ..example            | empty label
            HELO      | [192.0.2.1           | an address literal is
            HELO      | 192.0.2.1]           | an address literal is
            HELO      | []                   | an address literal is
            HELO      | [2001:db8::1]        | starts with 'IPv6:'
            HELO      | [ipv6:2001:db8:::1]  | '::' may appear only once
            HELO      | [192.0.2.300]        | greater than 255
            HELO      | 2001:db8::1          | host name or an address literal
            HELO      | 10.1                 | an IPv4 address has 4 octets, this has 2
            SENDER    | @example.com         | write the domain alone (example.com)
            SENDER    | @                    | '@' alone is no address
            SENDER    | <user@example.com>   | without < >
            SENDER    | user@.example.com    | empty label
            SENDER    | user@exa_mple!.com   | only letters, digits
            SENDER    | user@10.1.2.3        | last label is all digits
            RECIPIENT | <>                   | it is a sender key, not a recipient key
            """)
    void refuses(AccessKind kind, String key, String expected) {
        String k = key.replace("\\u00fc", "\u00fc");
        var e = assertThrows(IllegalArgumentException.class, () -> kind.normalizeKey(k));
        assertTrue(e.getMessage().startsWith("invalid " + kind.tableName() + " key '" + k.strip() + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void refusesOverlongNamesAndLocalParts() {
        String label = "a".repeat(63);
        String name = String.join(".", label, label, label, "a".repeat(61)); // 253 characters
        assertEquals(name, AccessKind.CLIENT.normalizeKey(name));
        var tooLong = assertThrows(IllegalArgumentException.class, () -> AccessKind.CLIENT.normalizeKey(name + "a"));
        assertTrue(tooLong.getMessage().contains("at most 253 characters"), tooLong.getMessage());
        var longLabel = assertThrows(IllegalArgumentException.class,
                () -> AccessKind.HELO.normalizeKey("a".repeat(64) + ".example"));
        assertTrue(longLabel.getMessage().contains("longer than 63"), longLabel.getMessage());
        var longLocal = assertThrows(IllegalArgumentException.class,
                () -> AccessKind.SENDER.normalizeKey("u".repeat(65) + "@example.com"));
        assertTrue(longLocal.getMessage().contains("longer than 64"), longLocal.getMessage());
    }

    @Test
    void kindsByNameInAnyCase() {
        assertEquals(AccessKind.CLIENT, AccessKind.fromName("client"));
        assertEquals(AccessKind.RECIPIENT, AccessKind.fromName("Recipient"));
        assertEquals("check_helo_access", AccessKind.fromName("HELO").restriction());
        var e = assertThrows(IllegalArgumentException.class, () -> AccessKind.fromName("clients"));
        assertEquals("unknown access table 'clients': use one of client, helo, sender, recipient", e.getMessage());
    }

    @Test
    void entriesHoldNormalizedKeys() {
        var entry = AccessEntry.of(AccessKind.CLIENT, "2001:DB8:0::1", "REJECT");
        assertEquals("2001:db8::1", entry.key());
        assertEquals("client 2001:db8::1 REJECT", entry.toString());
        assertThrows(IllegalArgumentException.class, () -> AccessEntry.of(AccessKind.SENDER, "@x.example", "OK"));
    }
}
