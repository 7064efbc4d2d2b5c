package io.kurir.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dovecot's auth_cache for successful logins: a password that was verified against an account's
 * stored hash is not derived again (310,000 PBKDF2 rounds) while the stored hash is unchanged and the
 * entry is younger than the TTL. A client that logs in every minute (or twenty sessions of a phone)
 * then costs one database read instead of a quarter second of CPU each time.
 *
 * <p>The cache keeps no password: only an HMAC of it under a key made at start and never stored, so a
 * memory dump gives nothing a dictionary attack could use without that key. A changed password (a
 * different stored hash) or a wrong password misses; failures are never cached.
 */
final class AuthCache {

    /** Dovecot's auth_cache_ttl default. */
    static final Duration TTL = Duration.ofHours(1);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(String storedHash, byte[] mac, Instant verifiedAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    private final Clock clock;

    AuthCache(Clock clock) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
        this.clock = clock;
    }

    /** Whether this account's password was verified against exactly this stored hash within the TTL. */
    boolean verified(String account, String storedHash, char[] password) {
        Entry e = entries.get(account);
        if (e == null || !e.storedHash().equals(storedHash) || e.verifiedAt().plus(TTL).isBefore(clock.instant())) {
            return false;
        }
        return MessageDigest.isEqual(e.mac(), mac(account, password));
    }

    void remember(String account, String storedHash, char[] password) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // simple bound: a flood of distinct accounts only costs re-derivation
        }
        entries.put(account, new Entry(storedHash, mac(account, password), clock.instant()));
    }

    private byte[] mac(String account, char[] password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(account.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            hmac.update(bytes);
            if (bytes.hasArray()) {
                java.util.Arrays.fill(bytes.array(), (byte) 0);
            }
            return hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
