package io.kurir.imap.session;

import io.kurir.store.MailboxStore;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages of recently selected mailboxes as of a mod-sequence, shared by all sessions of this
 * replica. SELECT starts from the snapshot and reads only what changed since (ADR 0008), so twenty
 * clients selecting a mailbox of 100,000 messages read it once, and share its message records. Entries
 * are soft: the JVM drops them before it would run out of memory, and the next SELECT reads again.
 */
final class MailboxViews {

    /** A mailbox's messages in UID order, exactly as of {@code modseq} or newer. */
    record Snapshot(long modseq, List<MailboxStore.Message> messages) {
    }

    private static final Map<Long, SoftReference<Snapshot>> CACHE = new ConcurrentHashMap<>();
    private static final int MAX_MAILBOXES = 10_000;

    private MailboxViews() {
    }

    /**
     * The mailbox's messages now.
     *
     * @param highestModseq the mailbox's HIGHESTMODSEQ, read before this call
     */
    static Snapshot load(MailboxStore store, long mailboxId, long highestModseq) {
        SoftReference<Snapshot> ref = CACHE.get(mailboxId);
        Snapshot cached = ref == null ? null : ref.get();
        Snapshot now;
        if (cached == null) {
            // tagged with the modseq read before the rows: a change that slips in between is applied again later, harmlessly
            now = new Snapshot(highestModseq, Collections.unmodifiableList(store.messages(mailboxId)));
        } else if (cached.modseq() >= highestModseq) {
            return cached;
        } else {
            now = apply(cached, store.changesSince(mailboxId, cached.modseq()));
        }
        if (CACHE.size() >= MAX_MAILBOXES) {
            CACHE.clear();
        }
        Snapshot stored = now;
        CACHE.compute(mailboxId, (id, old) -> {
            Snapshot o = old == null ? null : old.get();
            return o != null && o.modseq() > stored.modseq() ? old : new SoftReference<>(stored);
        });
        return now;
    }

    /** The snapshot with the changes applied: expunged UIDs out, changed messages replaced, new ones in UID order. */
    static Snapshot apply(Snapshot base, MailboxStore.Changes changes) {
        Set<Long> gone = new HashSet<>(changes.expunged());
        Map<Long, MailboxStore.Message> changed = new LinkedHashMap<>();
        changes.changed().forEach(m -> changed.put(m.uid(), m));
        List<MailboxStore.Message> out = new ArrayList<>(base.messages().size() + changed.size());
        for (MailboxStore.Message m : base.messages()) {
            if (gone.contains(m.uid())) {
                continue;
            }
            MailboxStore.Message newer = changed.remove(m.uid());
            out.add(newer != null && newer.modseq() >= m.modseq() ? newer : m);
        }
        boolean added = false;
        for (MailboxStore.Message m : changed.values()) {
            if (!gone.contains(m.uid())) {
                out.add(m);
                added = true;
            }
        }
        if (added) {
            out.sort(Comparator.comparingLong(MailboxStore.Message::uid)); // nearly sorted: linear
        }
        return new Snapshot(Math.max(base.modseq(), changes.highestModseq()), Collections.unmodifiableList(out));
    }
}
