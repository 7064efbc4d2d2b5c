package io.kurir.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostfixDurationTest {

    @Test
    void parsesPostfixUnits() {
        assertEquals(Duration.ofSeconds(3), PostfixDuration.parse("3s"));
        assertEquals(Duration.ofMinutes(5), PostfixDuration.parse("5m"));
        assertEquals(Duration.ofHours(1), PostfixDuration.parse("1h"));
        assertEquals(Duration.ofDays(5), PostfixDuration.parse("5d"));
        assertEquals(Duration.ofDays(14), PostfixDuration.parse("2w"));
        assertEquals(Duration.ofSeconds(300), PostfixDuration.parse("300"), "a bare number is seconds");
    }

    @Test
    void refusesGarbageWithAClearMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> PostfixDuration.parse("5x"));
        assertEquals("bad time value '5x': unit must be s, m, h, d or w", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PostfixDuration.parse(""));
        assertThrows(IllegalArgumentException.class, () -> PostfixDuration.parse("-1s"));
        assertThrows(IllegalArgumentException.class, () -> PostfixDuration.parse("s"));
    }
}
