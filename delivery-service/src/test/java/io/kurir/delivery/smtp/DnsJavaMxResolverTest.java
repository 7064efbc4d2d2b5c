package io.kurir.delivery.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SimpleResolver;

/** dnsjava's failures map to the resolver contract; no real DNS is asked. */
class DnsJavaMxResolverTest {

    @Test
    void aServerThatDoesNotAnswerIsATemporaryFailure() throws Exception {
        // a bound UDP socket that never replies: the query times out
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            SimpleResolver r = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
            r.setPort(silent.getLocalPort());
            DnsJavaMxResolver resolver = new DnsJavaMxResolver(r, Duration.ofMillis(300));
            DnsLookupException e = assertThrows(DnsLookupException.class, () -> resolver.mx("b.test"));
            assertEquals(DnsLookupException.Kind.TRY_AGAIN, e.kind(), e.getMessage());
            assertThrows(DnsLookupException.class, () -> resolver.addresses("mx.b.test"));
        }
    }
}
