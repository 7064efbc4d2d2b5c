package io.kurir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class UserQuotaTest {

    @Test
    void limitsAreReadAsDovecotWritesThem() {
        assertEquals(OptionalLong.of(524_288_000), UserCommand.Quota.parseLimit("500M"));
        assertEquals(OptionalLong.of(1L << 30), UserCommand.Quota.parseLimit("1g"));
        assertEquals(OptionalLong.of(4096), UserCommand.Quota.parseLimit("4096"));
        assertEquals(OptionalLong.of(0), UserCommand.Quota.parseLimit("none"), "no limit");
        assertEquals(OptionalLong.empty(), UserCommand.Quota.parseLimit("default"), "back to mailbox-size-limit");
        for (String bad : new String[] {"", "-1", "12X", "M", "99999999999T"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> UserCommand.Quota.parseLimit(bad), bad);
            assertEquals("invalid quota '" + bad + "': use octets with K, M, G or T, 'none' or 'default'", e.getMessage());
        }
    }
}
