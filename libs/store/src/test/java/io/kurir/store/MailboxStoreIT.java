package io.kurir.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.SharedTestStack;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IMAP's view of mailboxes and messages against a real PostgreSQL (devstack). */
class MailboxStoreIT {

    static AccountStore accounts;
    static MailboxStore store;
    static final Instant DATE = Instant.parse("2024-01-11T12:00:00Z");

    @BeforeAll
    static void migrate() {
        DataSource ds = SharedTestStack.get().postgres().dataSource();
        Migrations.migrate(ds);
        accounts = new AccountStore(ds);
        store = new MailboxStore(ds, new PgBlobStore(ds));
    }

    private static String account(String name) {
        accounts.create(name, "pw".toCharArray());
        return name;
    }

    @Test
    void createMakesTheMissingLevelsAndUidValidityIsNeverReused() {
        String a = account("imap1");
        assertEquals(MailboxStore.CreateResult.CREATED, store.create(a, "Kuliah/Jarkom/Praktikum", Optional.empty()));
        assertTrue(store.find(a, "Kuliah").isPresent(), "superior levels are created (RFC 3501 6.3.3)");
        assertTrue(store.find(a, "Kuliah/Jarkom").isPresent());
        assertEquals(MailboxStore.CreateResult.ALREADY_EXISTS, store.create(a, "inbox", Optional.empty()), "INBOX in any case");
        assertEquals(MailboxStore.CreateResult.INVALID_NAME, store.create(a, "a//b", Optional.empty()));
        assertEquals(MailboxStore.CreateResult.INVALID_NAME, store.create(a, "bad\u0007name", Optional.empty()));
        long first = store.find(a, "Kuliah/Jarkom/Praktikum").orElseThrow().uidValidity();
        assertEquals(MailboxStore.DeleteResult.HAS_CHILDREN, store.delete(a, "Kuliah/Jarkom"), "children first, as Dovecot");
        assertEquals(MailboxStore.DeleteResult.DELETED, store.delete(a, "Kuliah/Jarkom/Praktikum"));
        assertEquals(MailboxStore.DeleteResult.INBOX, store.delete(a, "inbox"), "INBOX cannot be deleted");
        assertEquals(MailboxStore.DeleteResult.NO_SUCH_MAILBOX, store.delete(a, "Nope"));
        store.create(a, "Kuliah/Jarkom/Praktikum", Optional.empty());
        assertNotEquals(first, store.find(a, "Kuliah/Jarkom/Praktikum").orElseThrow().uidValidity(),
                "a mailbox created again under an old name gets a new UIDVALIDITY");
        assertTrue(store.list(a).stream().anyMatch(m -> m.name().equals("Sent") && m.specialUse().equals(Optional.of("\\Sent"))));
    }

    @Test
    void appendStoreExpungeAndModseq() {
        String a = account("imap2");
        var first = store.append(a, "INBOX", "Subject: 1\r\n\r\nx\r\n".getBytes(UTF_8), Set.of("\\Seen"), DATE);
        var second = store.append(a, "inbox", "Subject: 2\r\n\r\ny\r\n".getBytes(UTF_8), Set.of(), DATE);
        var inbox = store.find(a, "INBOX").orElseThrow();
        assertEquals(List.of(1L), first.uids());
        assertEquals(List.of(2L), second.uids());
        assertEquals(inbox.uidValidity(), first.uidValidity());
        assertEquals(3, inbox.uidNext());
        List<MailboxStore.Message> messages = store.messages(inbox.id());
        assertEquals(List.of("\\Seen"), messages.get(0).flags());
        assertArrayEquals("Subject: 2\r\n\r\ny\r\n".getBytes(UTF_8), store.content(messages.get(1)).orElseThrow());

        long before = inbox.highestModseq();
        store.storeFlags(inbox.id(), List.of(2L), MailboxStore.FlagMode.ADD, Set.of("$Label"), OptionalLong.empty());
        assertEquals(List.of(), store.storeFlags(inbox.id(), List.of(2L), MailboxStore.FlagMode.ADD, Set.of("$label"),
                OptionalLong.empty()).changed(), "keywords compare without case");
        store.storeFlags(inbox.id(), List.of(2L), MailboxStore.FlagMode.REMOVE, Set.of("$LABEL"), OptionalLong.empty());
        var update = store.storeFlags(inbox.id(), List.of(1L, 2L), MailboxStore.FlagMode.ADD, Set.of("\\Flagged"), OptionalLong.empty());
        assertEquals(2, update.changed().size());
        long modseq = update.changed().get(0).modseq();
        assertTrue(modseq > before, "a change takes a new mod-sequence");
        assertEquals(List.of("\\Seen", "\\Flagged"), update.changed().get(0).flags());
        var noop = store.storeFlags(inbox.id(), List.of(1L), MailboxStore.FlagMode.ADD, Set.of("\\Flagged"), OptionalLong.empty());
        assertEquals(List.of(), noop.changed(), "flags that do not change do not count");
        var conditional = store.storeFlags(inbox.id(), List.of(1L, 2L), MailboxStore.FlagMode.REPLACE, Set.of("\\Deleted"),
                OptionalLong.of(before));
        assertEquals(List.of(1L, 2L), conditional.modifiedSince(), "UNCHANGEDSINCE (RFC 7162) leaves newer messages alone");
        store.storeFlags(inbox.id(), List.of(2L), MailboxStore.FlagMode.REPLACE, Set.of("\\Deleted"), OptionalLong.empty());
        store.storeFlags(inbox.id(), List.of(1L), MailboxStore.FlagMode.REMOVE, Set.of("\\seen"), OptionalLong.empty());
        assertEquals(List.of("\\Flagged"), store.messages(inbox.id()).get(0).flags(), "flag names compare without case");

        long beforeExpunge = store.find(a, "INBOX").orElseThrow().highestModseq();
        assertEquals(List.of(2L), store.expunge(inbox.id(), Optional.empty()));
        assertEquals(List.of(1L), store.messages(inbox.id()).stream().map(MailboxStore.Message::uid).toList());
        assertEquals(List.of(2L), store.expungedSince(inbox.id(), beforeExpunge), "VANISHED (EARLIER) can be answered");
        assertEquals(List.of(), store.expunge(inbox.id(), Optional.of(List.of(1L))), "UID EXPUNGE only takes \\Deleted ones");
    }

    @Test
    void headersAreCutAtTheBlankLine() {
        String a = account("imap6");
        store.append(a, "INBOX", "Subject: 1\r\nFrom: x@y\r\n\r\nbody\r\n".getBytes(UTF_8), Set.of(), DATE);
        store.append(a, "INBOX", ("Subject: " + "x".repeat(100) + "\r\n").getBytes(UTF_8), Set.of(), DATE);
        var messages = store.messages(store.find(a, "INBOX").orElseThrow().id());
        var heads = store.headers(messages.stream().map(MailboxStore.Message::blobId).toList(), 64);
        assertEquals("Subject: 1\r\nFrom: x@y\r\n\r\n", new String(heads.get(messages.get(0).blobId()), UTF_8), "no body");
        assertEquals(64, heads.get(messages.get(1).blobId()).length, "no blank line: up to the limit");
    }

    @Test
    void headerFactsAreKeptPerBlobExactlyAndReplacedOnlyByANewerVersion() {
        String a = account("imap7");
        var first = store.append(a, "INBOX", "Subject: 1\r\n\r\nx\r\n".getBytes(UTF_8), Set.of(), DATE);
        var second = store.append(a, "INBOX", "Subject: 2\r\n\r\ny\r\n".getBytes(UTF_8), Set.of(), DATE);
        long inbox = store.find(a, "INBOX").orElseThrow().id();
        var copy = store.copy(inbox, List.of(1L), store.find(a, "Archive").orElseThrow().id());
        assertEquals(first.blobIds(), copy.blobIds(), "a copy shares its original's blob");
        String one = first.blobIds().get(0);
        String two = second.blobIds().get(0);

        // every byte value, NUL and 8-bit included, comes back as it went in; a date before the Gregorian switch too
        StringBuilder all = new StringBuilder();
        for (char ch = 0; ch <= 0xff; ch++) {
            all.append(ch);
        }
        var full = new MailboxStore.Facts(1, Optional.of(Instant.parse("1500-03-01T10:15:30Z")), Optional.of("Mon, 1 Mar 1500"),
                Optional.of(all.toString()), Optional.of("Budi <budi@a.test>"), Optional.of("x@y, \"Z\" <z@y>"),
                Optional.of(""), Optional.of("<m1@x>"), Optional.of("<r1@x>\r\n <r2@x>"), Optional.of("<r2@x>"));
        var empty = new MailboxStore.Facts(1, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(java.util.Map.of(), store.facts(List.of(one, two)), "nothing stored yet");
        store.putFacts(java.util.Map.of(one, full, two, empty, "app/no-such-blob", empty));
        assertEquals(java.util.Map.of(one, full, two, empty), store.facts(List.of(one, two, "app/no-such-blob")),
                "stored exactly; a blob that does not exist gets no row and is no error");

        var other = new MailboxStore.Facts(1, Optional.empty(), Optional.empty(), Optional.of("changed"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        store.putFacts(java.util.Map.of(one, other));
        assertEquals(full, store.facts(List.of(one)).get(one), "facts of the same version are never replaced");
        var newer = new MailboxStore.Facts(2, Optional.empty(), Optional.empty(), Optional.of("recomputed"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        store.putFacts(java.util.Map.of(one, newer));
        assertEquals(newer, store.facts(List.of(one)).get(one), "a newer facts_version replaces the row");
        store.putFacts(java.util.Map.of(one, full));
        assertEquals(newer, store.facts(List.of(one)).get(one), "an older one does not");

        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            many.add("app/missing-" + i);
        }
        many.add(600, two);
        assertEquals(java.util.Map.of(two, empty), store.facts(many), "more ids than one query takes");

        store.storeFlags(inbox, List.of(2L), MailboxStore.FlagMode.ADD, Set.of("\\Deleted"), OptionalLong.empty());
        store.expunge(inbox, Optional.empty());
        new PgBlobStore(SharedTestStack.get().postgres().dataSource()).delete(two);
        assertEquals(java.util.Map.of(), store.facts(List.of(two)), "the facts go with their blob");
    }

    @Test
    void changesSinceAModseqAreWhatASessionMustBeTold() {
        String a = account("imap5");
        store.append(a, "INBOX", "Subject: 1\r\n\r\nx\r\n".getBytes(UTF_8), Set.of(), DATE);
        store.append(a, "INBOX", "Subject: 2\r\n\r\nx\r\n".getBytes(UTF_8), Set.of(), DATE);
        var inbox = store.find(a, "INBOX").orElseThrow();
        long known = inbox.highestModseq();
        var none = store.changesSince(inbox.id(), known);
        assertEquals(new MailboxStore.Changes(known, List.of(), List.of()), none, "nothing changed: nothing to tell");

        store.storeFlags(inbox.id(), List.of(1L), MailboxStore.FlagMode.ADD, Set.of("\\Deleted"), OptionalLong.empty());
        store.append(a, "INBOX", "Subject: 3\r\n\r\nx\r\n".getBytes(UTF_8), Set.of("\\Seen"), DATE);
        store.expunge(inbox.id(), Optional.empty());
        var changes = store.changesSince(inbox.id(), known);
        assertEquals(List.of(3L), changes.changed().stream().map(MailboxStore.Message::uid).toList(),
                "the new message; the flagged one is gone");
        assertEquals(List.of("\\Seen"), changes.changed().get(0).flags());
        assertEquals(List.of(1L), changes.expunged());
        assertEquals(store.find(a, "INBOX").orElseThrow().highestModseq(), changes.highestModseq());
        assertEquals(new MailboxStore.Changes(changes.highestModseq(), List.of(), List.of()),
                store.changesSince(inbox.id(), changes.highestModseq()), "and from there on, nothing again");
    }

    @Test
    void copyMoveAndRenameIncludingInbox() {
        String a = account("imap3");
        for (int i = 0; i < 3; i++) {
            store.append(a, "INBOX", ("Subject: " + i + "\r\n\r\nz\r\n").getBytes(UTF_8), Set.of(), DATE);
        }
        long inbox = store.find(a, "INBOX").orElseThrow().id();
        long archive = store.find(a, "Archive").orElseThrow().id();
        var copied = store.copy(inbox, List.of(3L, 1L, 99L), archive);
        assertEquals(List.of(1L, 3L), copied.sourceUids(), "COPYUID pairs in UID order; missing UIDs are skipped");
        assertEquals(List.of(1L, 2L), copied.uids());
        var moved = store.move(inbox, List.of(2L), archive);
        assertEquals(List.of(3L), moved.uids());
        assertEquals(List.of(1L, 3L), store.messages(inbox).stream().map(MailboxStore.Message::uid).toList());
        assertEquals(3, store.messages(archive).size());

        store.create(a, "Tugas/Lama", Optional.empty());
        assertEquals(MailboxStore.RenameResult.RENAMED, store.rename(a, "Tugas", "Arsip/Tugas"));
        assertTrue(store.find(a, "Arsip/Tugas/Lama").isPresent(), "the levels below move along");
        assertTrue(store.find(a, "Arsip").isPresent(), "a missing superior level of the new name is created");
        assertFalse(store.find(a, "Tugas").isPresent());
        assertEquals(MailboxStore.RenameResult.ALREADY_EXISTS, store.rename(a, "Archive", "Sent"));
        assertEquals(MailboxStore.RenameResult.NO_SUCH_MAILBOX, store.rename(a, "Nope", "Other"));
        assertEquals(MailboxStore.RenameResult.INVALID_NAME, store.rename(a, "Arsip", "Arsip/Sub"));
        store.create(a, "Kosong/Anak", Optional.empty());
        store.create(a, "B\u00fcro \ud83d\udcec/Anak", Optional.empty());
        assertEquals(MailboxStore.RenameResult.ALREADY_EXISTS, store.rename(a, "Arsip", "Kosong"), "Kosong exists");
        assertEquals(MailboxStore.RenameResult.RENAMED, store.rename(a, "B\u00fcro \ud83d\udcec", "Post \ud83d\udcee"));
        assertTrue(store.find(a, "Post \ud83d\udcee/Anak").isPresent(), "children renamed right with characters outside the BMP");

        assertEquals(MailboxStore.RenameResult.RENAMED, store.rename(a, "INBOX", "Lama"));
        assertEquals(0, store.messages(inbox).size(), "renaming INBOX moves its messages and leaves it empty");
        assertEquals(2, store.messages(store.find(a, "Lama").orElseThrow().id()).size());
        assertTrue(store.subscribe(a, "Lama", false));
        assertFalse(store.find(a, "Lama").orElseThrow().subscribed());
    }

    @Test
    void concurrentAppendsGetDistinctUidsInOrder() throws Exception {
        String a = account("imap4");
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> work = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] content = ("Subject: " + i + "\r\n\r\nx\r\n").getBytes(UTF_8);
                work.add(() -> store.append(a, "INBOX", content, Set.of(), DATE).uids().get(0));
            }
            java.util.TreeSet<Long> uids = new java.util.TreeSet<>();
            for (Future<Long> f : pool.invokeAll(work)) {
                uids.add(f.get());
            }
            assertEquals(40, uids.size());
            assertEquals(1L, uids.first());
            assertEquals(40L, uids.last());
        } finally {
            pool.shutdownNow();
        }
    }
}
