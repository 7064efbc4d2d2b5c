package io.kurir.store.alias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.SharedTestStack;
import io.kurir.mail.DomainClasses;
import io.kurir.mail.DomainClasses.DomainClass;
import io.kurir.mail.alias.AliasEntry;
import io.kurir.mail.alias.AliasMaps;
import io.kurir.mail.alias.VirtualFile;
import io.kurir.store.Migrations;
import io.kurir.store.StoreException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alias tables against a real PostgreSQL (devstack). */
class AliasStoreIT {

    static DataSource ds;
    static AliasStore store;

    @BeforeAll
    static void migrate() {
        ds = SharedTestStack.get().postgres().dataSource();
        Migrations.migrate(ds);
        store = new AliasStore(ds);
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from local_aliases");
            s.executeUpdate("delete from virtual_aliases");
            s.executeUpdate("delete from virtual_alias_domains");
            s.executeUpdate("delete from mail_domains");
        }
    }

    @Test
    void aDomainHasOneClassAndEveryChangeReachesTheCachedTables() throws Exception {
        var tables = new AliasTables(store, Duration.ZERO, Clock.systemUTC());
        assertEquals(DomainClasses.NONE, tables.snapshot().domains());
        assertEquals(AliasStore.DomainResult.ADDED, store.putDomain("Sekolah.TEST", DomainClass.VIRTUAL_MAILBOX));
        assertEquals(AliasStore.DomainResult.UNCHANGED, store.putDomain("sekolah.test", DomainClass.VIRTUAL_MAILBOX));
        assertEquals(AliasStore.DomainResult.ADDED, store.putDomain("partner.test", DomainClass.RELAY));
        assertEquals(AliasStore.DomainResult.ADDED, store.putDomain("alias.test", DomainClass.VIRTUAL_ALIAS));
        assertEquals(Map.of("sekolah.test", DomainClass.VIRTUAL_MAILBOX, "partner.test", DomainClass.RELAY,
                "alias.test", DomainClass.VIRTUAL_ALIAS), store.domainClasses());
        var snapshot = tables.snapshot();
        assertEquals(new DomainClasses(Set.of("sekolah.test"), Set.of("partner.test")), snapshot.domains());
        assertEquals(Set.of("alias.test"), snapshot.maps().virtualDomains());

        // moving a domain takes it out of its old class, in one transaction
        assertEquals(AliasStore.DomainResult.CHANGED, store.putDomain("partner.test", DomainClass.VIRTUAL_ALIAS));
        assertEquals(AliasStore.DomainResult.CHANGED, store.putDomain("alias.test", DomainClass.RELAY));
        assertEquals(Map.of("sekolah.test", DomainClass.VIRTUAL_MAILBOX, "partner.test", DomainClass.VIRTUAL_ALIAS,
                "alias.test", DomainClass.RELAY), store.domainClasses());
        assertEquals(Set.of("partner.test"), tables.current().virtualDomains(), "the cache saw the change at once");
        assertTrue(store.deleteDomain("SEKOLAH.test"));
        assertFalse(store.deleteDomain("sekolah.test"));
        assertThrows(IllegalArgumentException.class, () -> store.putDomain("x.test", DomainClass.LOCAL),
                "local domains are mydestination, a setting");
        // a row written by hand that is no canonical result is left out, with a warning, not fatal for every message
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("delete from canonical_maps");
            st.executeUpdate("insert into canonical_maps (map_class, pattern, result) values "
                    + "('common', 'wietse', 'Wietse.Venema'), ('common', 'bad', 'two words')");
        }
        assertEquals(Map.of("wietse", "Wietse.Venema"), tables.snapshot().canonical().common());
        store.replaceVirtual(new VirtualFile.Parsed(List.of(), List.of("alias.test")));
        assertEquals(DomainClass.VIRTUAL_ALIAS, store.domainClasses().get("alias.test"),
                "a virtual(5) import declaring a domain takes it out of the relay domains");
    }

    @Test
    void putReplaceListAndDelete() {
        assertEquals(AliasStore.PutResult.ADDED, store.putLocal("Staf", List.of("budi", "anto@b.test")));
        assertEquals(AliasStore.PutResult.REPLACED, store.putLocal("staf", List.of("budi", "cici")));
        store.putLocal("postmaster", List.of("root"));
        assertEquals(List.of(new AliasEntry("postmaster", List.of("root"), 0), new AliasEntry("staf", List.of("budi", "cici"), 0)),
                store.listLocal(), "lower-case names, sorted");
        assertTrue(store.deleteLocal("STAF"));
        assertFalse(store.deleteLocal("staf"), "nothing left to delete");

        assertTrue(store.addVirtualDomain("Sekolah.TEST"));
        assertFalse(store.addVirtualDomain("sekolah.test"), "already there");
        store.putVirtual("@sekolah.test", List.of("eka"));
        assertEquals(List.of("sekolah.test"), store.virtualDomains());
        assertEquals(List.of(new AliasEntry("@sekolah.test", List.of("eka"), 0)), store.listVirtual());
        assertTrue(store.deleteVirtualDomain("sekolah.test"));
    }

    @Test
    void anImportReplacesAllOrNothing() {
        store.putLocal("old", List.of("budi"));
        store.replaceLocal(List.of(new AliasEntry("a", List.of("budi"), 1), new AliasEntry("b", List.of("a"), 2)));
        assertEquals(List.of("a", "b"), store.listLocal().stream().map(AliasEntry::key).toList(), "old is gone");

        var twice = List.of(new AliasEntry("c", List.of("budi"), 1), new AliasEntry("c", List.of("anto"), 2));
        assertThrows(StoreException.class, () -> store.replaceLocal(twice));
        assertEquals(List.of("a", "b"), store.listLocal().stream().map(AliasEntry::key).toList(),
                "a failed import leaves the table as it was");

        store.replaceVirtual(new VirtualFile.Parsed(List.of(new AliasEntry("info@sekolah.test", List.of("eka"), 2)),
                List.of("sekolah.test")));
        AliasMaps maps = store.snapshot().maps();
        assertEquals(Map.of("info@sekolah.test", List.of("eka")), maps.virtual());
        assertEquals(Set.of("sekolah.test"), maps.virtualDomains());
        assertEquals(List.of("budi"), maps.local().get("a"));
    }

    @Test
    void readersSeeAChangeAtTheirNextCheckAndNotBefore() {
        long v0 = store.version();
        store.putLocal("staf", List.of("budi"));
        assertNotEquals(v0, store.version(), "every change raises the counter");

        Instant[] now = {Instant.parse("2026-11-28T10:00:00Z")};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        AliasTables tables = new AliasTables(store, Duration.ofSeconds(5), clock);
        AliasMaps first = tables.current();
        assertEquals(List.of("budi"), first.local().get("staf"));

        store.putLocal("staf", List.of("budi", "anto"));
        assertSame(first, tables.current(), "within the recheck time the cached tables are used");
        now[0] = now[0].plusSeconds(6);
        assertEquals(List.of("budi", "anto"), tables.current().local().get("staf"), "after it, the change is seen");
        AliasMaps second = tables.current();
        now[0] = now[0].plusSeconds(6);
        assertSame(second, tables.current(), "nothing changed: the tables are not read again");
    }

    @Test
    void aForwardBelongsToAnExistingAccount() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into accounts (name, password_hash) values ('fwd', 'x') on conflict do nothing");
        }
        assertFalse(store.setForward("nobody", new AliasMaps.Forward(List.of("a@b.test"), false)), "no such account");
        assertTrue(store.setForward("FWD", new AliasMaps.Forward(List.of("fwd@rumah.test"), true)));
        assertEquals(Map.of("fwd", new AliasMaps.Forward(List.of("fwd@rumah.test"), true)), store.forwards());
        assertEquals(new AliasMaps.Forward(List.of("fwd@rumah.test"), true), store.snapshot().maps().forwards().get("fwd"));
        assertTrue(store.clearForward("fwd"));
        assertFalse(store.clearForward("fwd"), "nothing left to clear");
    }
}
