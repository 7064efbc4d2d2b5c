package io.kurir.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.mail.NetworkList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClientLimitsTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void countLimitFreesASlotWhenAConnectionCloses() {
        var limits = new ClientLimits(2, 0, Duration.ofSeconds(60), NetworkList.parse("127.0.0.0/8"), new ManualClock());
        assertTrue(limits.tryOpen("192.0.2.1"));
        assertTrue(limits.tryOpen("192.0.2.1"));
        assertFalse(limits.tryOpen("192.0.2.1"), "third simultaneous connection");
        assertTrue(limits.tryOpen("192.0.2.2"), "another client is not affected");
        limits.closed("192.0.2.1");
        assertTrue(limits.tryOpen("192.0.2.1"));
        for (int i = 0; i < 100; i++) {
            assertTrue(limits.tryOpen("127.0.0.1"), "exceptions ($mynetworks) are not limited");
        }
    }

    @Test
    void rateLimitCountsAttemptsPerTimeUnit() {
        ManualClock clock = new ManualClock();
        var limits = new ClientLimits(0, 3, Duration.ofSeconds(60), NetworkList.parse(""), clock);
        assertTrue(limits.tryOpen("192.0.2.1"));
        assertTrue(limits.tryOpen("192.0.2.1"));
        assertTrue(limits.tryOpen("192.0.2.1"));
        assertFalse(limits.tryOpen("192.0.2.1"), "fourth attempt within the minute");
        clock.now = clock.now.plusSeconds(61);
        assertTrue(limits.tryOpen("192.0.2.1"), "a new minute");
    }
}
