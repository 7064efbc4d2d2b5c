package io.kurir.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.SharedTestStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs against a real PostgreSQL (devstack). */
class MailStoreIT {

    static DataSource ds;
    static AccountStore accounts;
    static MailStore mail;

    @BeforeAll
    static void migrate() {
        ds = SharedTestStack.get().postgres().dataSource();
        Migrations.migrate(ds);
        assertEquals(0, Migrations.migrate(ds), "a second migrate applies nothing");
        accounts = new AccountStore(ds);
        mail = new MailStore(ds, new PgBlobStore(ds));
    }

    @Test
    void accountLifecycleWithFoldersAndPasswords() {
        assertEquals(AccountStore.CreateResult.CREATED, accounts.create("Fauzan", "rahasia".toCharArray()));
        assertEquals(AccountStore.CreateResult.ALREADY_EXISTS, accounts.create("fauzan", "x".toCharArray()));
        assertTrue(accounts.exists("FAUZAN"), "names are case-insensitive");
        assertTrue(accounts.authenticate("fauzan", "rahasia".toCharArray()));
        assertFalse(accounts.authenticate("fauzan", "salah".toCharArray()));
        assertTrue(accounts.setPassword("fauzan", "baru".toCharArray()));
        assertTrue(accounts.authenticate("fauzan", "baru".toCharArray()));
        assertFalse(accounts.setPassword("nobody", "x".toCharArray()));
        assertTrue(accounts.list().stream().anyMatch(a -> a.name().equals("fauzan")));
        assertTrue(accounts.delete("fauzan"));
        assertFalse(accounts.delete("fauzan"));
        assertFalse(accounts.exists("fauzan"));
    }

    @Test
    void refusesBadAccountNames() {
        for (String bad : List.of("a@b", "a+b", "", "a b", ".a", "x".repeat(65))) {
            try {
                accounts.create(bad, "p".toCharArray());
                throw new AssertionError("accepted bad name '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("invalid account name"));
            }
        }
    }

    @Test
    void deliveryIsIdempotentPerQueueIdAndRecipient() {
        accounts.create("anto", "p".toCharArray());
        byte[] msg = "Subject: hi\r\n\r\nhello\r\n".getBytes(UTF_8);
        var first = mail.deliver("AAA000000001", "anto@localhost", "anto", "INBOX", msg, Instant.now());
        var again = mail.deliver("AAA000000001", "anto@localhost", "anto", "INBOX", msg, Instant.now());
        assertInstanceOf(MailStore.DeliveryResult.Delivered.class, first);
        assertInstanceOf(MailStore.DeliveryResult.Duplicate.class, again);
        List<StoredMessage> inbox = mail.messages("anto", "INBOX");
        assertEquals(1, inbox.size(), "a redelivered record must not create a second copy");
        StoredMessage m = inbox.get(0);
        assertEquals(1, m.uid());
        assertEquals(msg.length, m.size());
        assertTrue(m.flags().isEmpty());
        assertArrayEquals(msg, mail.blobs().get(m.blobId()).orElseThrow());
        assertInstanceOf(MailStore.DeliveryResult.NoSuchMailbox.class,
                mail.deliver("AAA000000002", "ghost@localhost", "ghost", "INBOX", msg, Instant.now()));
    }

    @Test
    void concurrentDeliveriesGetDistinctAscendingUidsAndModseqs() throws Exception {
        accounts.create("budi", "p".toCharArray());
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<MailStore.DeliveryResult>> jobs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String qid = String.format("BBB%09d", i);
                // every record twice, as a redelivery racing the original
                for (int copy = 0; copy < 2; copy++) {
                    jobs.add(() -> mail.deliver(qid, "budi@localhost", "budi", "INBOX",
                            ("Subject: " + qid + "\r\n\r\nx\r\n").getBytes(UTF_8), Instant.now()));
                }
            }
            int delivered = 0;
            for (Future<MailStore.DeliveryResult> f : pool.invokeAll(jobs)) {
                if (f.get() instanceof MailStore.DeliveryResult.Delivered) {
                    delivered++;
                }
            }
            assertEquals(40, delivered, "each record delivered exactly once");
        } finally {
            pool.shutdown();
        }
        List<StoredMessage> inbox = mail.messages("budi", "INBOX");
        assertEquals(40, inbox.size());
        Set<Long> uids = new TreeSet<>();
        Set<Long> modseqs = new TreeSet<>();
        inbox.forEach(m -> {
            uids.add(m.uid());
            modseqs.add(m.modseq());
        });
        assertEquals(40, uids.size(), "UIDs are unique");
        assertEquals(40L, uids.stream().mapToLong(Long::longValue).max().orElseThrow(), "UIDs have no gaps: " + uids);
        assertEquals(40, modseqs.size(), "modseqs are unique");
    }

    @Test
    void blobsPutNewRefusesTakenIds() {
        var blobs = new PgBlobStore(ds);
        assertTrue(blobs.putNew("CCC000000001", new byte[] {1}));
        assertFalse(blobs.putNew("CCC000000001", new byte[] {2}), "a taken id is refused");
        assertArrayEquals(new byte[] {1}, blobs.get("CCC000000001").orElseThrow());
        blobs.delete("CCC000000001");
        assertTrue(blobs.get("CCC000000001").isEmpty());
    }
}
