package io.kurir.imap.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.store.MailboxStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailboxViewsTest {

    private static MailboxStore.Message m(long uid, long modseq, String... flags) {
        return new MailboxStore.Message(uid, modseq, List.of(flags), Instant.EPOCH, 10, "b" + uid);
    }

    @Test
    void changesAreAppliedByUid() {
        var base = new MailboxViews.Snapshot(5, List.of(m(1, 2), m(2, 3), m(3, 5)));
        var changes = new MailboxStore.Changes(9, List.of(m(1, 7, "\\Seen"), m(4, 8), m(5, 9)), List.of(2L, 5L));
        var now = MailboxViews.apply(base, changes);
        assertEquals(9, now.modseq());
        assertEquals(List.of(m(1, 7, "\\Seen"), m(3, 5), m(4, 8)), now.messages(),
                "flags replaced, 2 expunged, 4 added, 5 added and expunged in the same span never shows");
    }

    @Test
    void aRowReadNewerThanItsSnapshotIsNotTakenBack() {
        // the full read saw message 2 already flagged (modseq 6) though the snapshot says modseq 5
        var base = new MailboxViews.Snapshot(5, List.of(m(1, 2), m(2, 6, "\\Flagged")));
        var changes = new MailboxStore.Changes(6, List.of(m(2, 6, "\\Flagged")), List.of());
        assertEquals(List.of(m(1, 2), m(2, 6, "\\Flagged")), MailboxViews.apply(base, changes).messages(), "no duplicate");
    }
}
