package io.kurir.mail;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Postfix-style short queue ids: upper-case hexadecimal, like {@code 98AC3161ABF}.
 *
 * <p>Postfix builds its id from the arrival time's microseconds and the queue file's inode. Kurir
 * has no inode, so the id is 5 hex digits of the time (seconds, then microseconds) followed by 7
 * random hex digits — 12 characters. The blob store's primary key on the id is the real
 * uniqueness guarantee: a producer that hits an existing id draws a new one.
 */
public final class QueueId {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private QueueId() {
    }

    public static String next(Instant now) {
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        String time = HEX.toHexDigits(micros).substring(11); // lowest 5 hex digits, like Postfix
        String random = HEX.toHexDigits(RANDOM.nextInt()).substring(1); // 7 hex digits
        return time + random;
    }
}
