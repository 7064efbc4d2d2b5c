package io.kurir.store.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.checks.CheckTableException;
import io.kurir.devstack.SharedTestStack;
import io.kurir.store.Migrations;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The imported header and body checks against a real PostgreSQL (devstack). */
class ChecksStoreIT {

    @Test
    void importsAllOrNothingAndATableBrokenByHandIsLeftOutNotFatal() throws Exception {
        DataSource ds = SharedTestStack.get().postgres().dataSource();
        Migrations.migrate(ds);
        var store = new ChecksStore(ds);
        store.replace(ChecksStore.Kind.HEADER, "/etc/postfix/header_checks", "/^Subject: x/ HOLD\n");
        long before = store.version();
        CheckTableException bad = assertThrows(CheckTableException.class,
                () -> store.replace(ChecksStore.Kind.HEADER, "bad_checks", "/^ok/ WARN\n/unclosed REJECT\n"));
        assertEquals("bad_checks:2: ", bad.getMessage().substring(0, "bad_checks:2: ".length()));
        assertEquals(before, store.version(), "nothing imported");
        assertEquals("HOLD", store.snapshot().header().match("Subject: x").orElseThrow().action().keyword());

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("update content_checks set rules = '/unclosed REJECT' where kind = 'header'");
        }
        assertTrue(store.snapshot().header().isEmpty(), "a table that no longer parses is not applied, and nothing throws");
        assertTrue(store.clear(ChecksStore.Kind.HEADER));
    }
}
