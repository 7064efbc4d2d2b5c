package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthCacheTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

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
    void onlyTheSamePasswordAgainstTheSameStoredHashWithinTheTtlHits() {
        MovableClock clock = new MovableClock();
        AuthCache cache = new AuthCache(clock);
        assertFalse(cache.verified("fauzan", "H1", "rahasia".toCharArray()), "nothing cached yet");
        cache.remember("fauzan", "H1", "rahasia".toCharArray());
        assertTrue(cache.verified("fauzan", "H1", "rahasia".toCharArray()));
        assertFalse(cache.verified("fauzan", "H1", "salah".toCharArray()), "another password");
        assertFalse(cache.verified("fauzan", "H2", "rahasia".toCharArray()), "the password was changed (new stored hash)");
        assertFalse(cache.verified("anto", "H1", "rahasia".toCharArray()), "another account");
        clock.now = clock.now.plus(AuthCache.TTL).plus(Duration.ofSeconds(1));
        assertFalse(cache.verified("fauzan", "H1", "rahasia".toCharArray()), "older than auth_cache_ttl");
    }
}
