package io.kurir.mail;

import java.time.Duration;
import java.util.Locale;

/**
 * Postfix time values: a number with an optional unit, {@code s} (seconds), {@code m} (minutes),
 * {@code h} (hours), {@code d} (days) or {@code w} (weeks); a bare number means seconds, as it
 * does for Postfix's {@code *_time} parameters (postconf(5), "Time units").
 */
public final class PostfixDuration {

    private PostfixDuration() {
    }

    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty time value");
        }
        char unit = s.charAt(s.length() - 1);
        String number = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
        long n;
        try {
            n = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad time value '" + text + "': expected a number with unit s, m, h, d or w");
        }
        if (n < 0) {
            throw new IllegalArgumentException("bad time value '" + text + "': negative");
        }
        return switch (Character.isDigit(unit) ? 's' : unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            case 'w' -> Duration.ofDays(7 * n);
            default -> throw new IllegalArgumentException(
                    "bad time value '" + text + "': unit must be s, m, h, d or w");
        };
    }
}
