package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.SharedTestStack;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs against a real PostgreSQL (devstack). */
class AccessStoreIT {

    static DataSource ds;
    static AccessStore store;

    @BeforeAll
    static void migrate() {
        ds = SharedTestStack.get().postgres().dataSource();
        Migrations.migrate(ds);
        store = new AccessStore(ds);
    }

    @BeforeEach
    void emptyTables() {
        for (AccessKind kind : AccessKind.values()) {
            store.replaceAll(kind, List.of());
        }
    }

    @Test
    void putAddsThenReplacesAndDeleteRemoves() {
        assertEquals(AccessStore.PutResult.ADDED, store.put(AccessEntry.of(AccessKind.CLIENT, "10.1.2.3", "REJECT go away")));
        assertEquals(AccessStore.PutResult.REPLACED, store.put(AccessEntry.of(AccessKind.CLIENT, "10.1.2.3", "OK")));
        assertEquals(List.of("client 10.1.2.3 OK"), lines(store.list(AccessKind.CLIENT)));
        assertEquals("OK", store.find(AccessKind.CLIENT, "10.1.2.3").orElseThrow().action().source());

        assertTrue(store.delete(AccessKind.CLIENT, "10.1.2.3"));
        assertFalse(store.delete(AccessKind.CLIENT, "10.1.2.3"), "a second delete finds nothing");
        assertTrue(store.find(AccessKind.CLIENT, "10.1.2.3").isEmpty());
        assertTrue(store.list().isEmpty());
    }

    @Test
    void keysAreMatchedInNormalizedFormAndKindsAreSeparateTables() {
        store.put(AccessEntry.of(AccessKind.SENDER, "Spammer@Example.COM", "550 5.7.1 no"));
        store.put(AccessEntry.of(AccessKind.RECIPIENT, "spammer@example.com", "OK"));
        assertTrue(store.find(AccessKind.SENDER, "SPAMMER@example.com").isPresent(), "lookups fold case");
        assertTrue(store.delete(AccessKind.SENDER, "spammer@EXAMPLE.com"));
        assertEquals(List.of("recipient spammer@example.com OK"), lines(store.list()),
                "deleting the sender entry leaves the recipient table alone");
        assertThrows(IllegalArgumentException.class, () -> store.delete(AccessKind.CLIENT, "10.1.2.300"));
    }

    @Test
    void listIsOrderedByKindThenKey() {
        store.put(AccessEntry.of(AccessKind.RECIPIENT, "b@example.com", "OK"));
        store.put(AccessEntry.of(AccessKind.HELO, "localhost", "REJECT"));
        store.put(AccessEntry.of(AccessKind.CLIENT, "10.2", "DUNNO"));
        store.put(AccessEntry.of(AccessKind.SENDER, "<>", "DEFER"));
        store.put(AccessEntry.of(AccessKind.CLIENT, "10.1", "REJECT"));
        store.put(AccessEntry.of(AccessKind.RECIPIENT, "a@example.com", "OK"));
        assertEquals(List.of("client 10.1 REJECT", "client 10.2 DUNNO", "helo localhost REJECT", "sender <> DEFER",
                "recipient a@example.com OK", "recipient b@example.com OK"), lines(store.list()));
        assertEquals(List.of("recipient a@example.com OK", "recipient b@example.com OK"),
                lines(store.list(AccessKind.RECIPIENT)));
    }

    @Test
    void replaceAllReplacesOneTable() {
        store.put(AccessEntry.of(AccessKind.CLIENT, "10.1", "REJECT"));
        store.put(AccessEntry.of(AccessKind.HELO, "localhost", "REJECT"));
        store.replaceAll(AccessKind.CLIENT, List.of(
                AccessEntry.of(AccessKind.CLIENT, "192.0.2.0/24", "OK"),
                AccessEntry.of(AccessKind.CLIENT, "10.2", "DEFER")));
        assertEquals(List.of("client 10.2 DEFER", "client 192.0.2.0/24 OK", "helo localhost REJECT"), lines(store.list()));
    }

    @Test
    void aFailingReplaceAllLeavesTheOldEntriesAndTheVersion() {
        store.put(AccessEntry.of(AccessKind.CLIENT, "10.1", "REJECT"));
        store.put(AccessEntry.of(AccessKind.CLIENT, "10.2", "OK"));
        long before = store.version();
        // the delete of the old rows and the first inserts run; the duplicate key then fails the transaction
        var e = assertThrows(StoreException.class, () -> store.replaceAll(AccessKind.CLIENT, List.of(
                AccessEntry.of(AccessKind.CLIENT, "10.3", "OK"),
                AccessEntry.of(AccessKind.CLIENT, "10.4", "OK"),
                AccessEntry.of(AccessKind.CLIENT, "10.3", "REJECT"))));
        assertTrue(e.getMessage().startsWith("cannot replace the client access table (it is unchanged)"), e.getMessage());
        assertEquals(List.of("client 10.1 REJECT", "client 10.2 OK"), lines(store.list(AccessKind.CLIENT)));
        assertEquals(before, store.version(), "a rolled-back change leaves the version");

        assertThrows(IllegalArgumentException.class, () -> store.replaceAll(AccessKind.CLIENT,
                List.of(AccessEntry.of(AccessKind.HELO, "localhost", "OK"))), "an entry of another kind");
        assertEquals(List.of("client 10.1 REJECT", "client 10.2 OK"), lines(store.list(AccessKind.CLIENT)));
    }

    @Test
    void everyChangeMovesTheVersionAndSnapshotsCarryIt() throws SQLException {
        long v0 = store.version();
        store.put(AccessEntry.of(AccessKind.CLIENT, "10.1", "REJECT"));
        long v1 = store.version();
        assertNotEquals(v0, v1, "put (add)");
        store.put(AccessEntry.of(AccessKind.CLIENT, "10.1", "OK"));
        long v2 = store.version();
        assertNotEquals(v1, v2, "put (replace)");
        store.delete(AccessKind.CLIENT, "10.1");
        long v3 = store.version();
        assertNotEquals(v2, v3, "delete");
        store.replaceAll(AccessKind.HELO, List.of(AccessEntry.of(AccessKind.HELO, "localhost", "REJECT")));
        long v4 = store.version();
        assertNotEquals(v3, v4, "replaceAll");
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("update access_entries set action = 'DUNNO' where kind = 'helo'");
        }
        long v5 = store.version();
        assertNotEquals(v4, v5, "a change made by hand in SQL");
        assertTrue(v0 < v1 && v1 < v2 && v2 < v3 && v3 < v4 && v4 < v5, "the counter only grows");

        AccessSnapshot snapshot = store.snapshot();
        assertEquals(v5, snapshot.version());
        assertEquals(List.of("helo localhost DUNNO"), lines(snapshot.entries()));
        assertEquals("DUNNO", snapshot.lookup(AccessKind.HELO, "localhost").orElseThrow().source());
        assertTrue(snapshot.lookup(AccessKind.CLIENT, "localhost").isEmpty());
        assertEquals(snapshot.version(), store.version(), "nothing changed since the snapshot: no reload needed");
    }

    private static List<String> lines(List<AccessEntry> entries) {
        return entries.stream().map(AccessEntry::toString).toList();
    }
}
