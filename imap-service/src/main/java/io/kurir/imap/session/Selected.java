package io.kurir.imap.session;

import io.kurir.imap.codec.SequenceSet;
import io.kurir.store.MailboxStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The selected mailbox as this session knows it: the messages in sequence-number order (what the
 * client was told), so sequence numbers stay stable until the session reports a change.
 */
final class Selected {

    final MailboxStore.Mailbox mailbox;
    final boolean readOnly;
    private final List<MailboxStore.Message> view = new ArrayList<>();
    private final java.util.Set<Long> pendingExpunges = new java.util.TreeSet<>();
    /** The UIDs this session has as \Recent (RFC 3501 2.3.2); no other session has them. */
    private final java.util.Set<Long> recent = new java.util.HashSet<>();
    private long knownModseq;
    /**
     * RFC 5182 2.1: the result of the last {@code SEARCH RETURN (SAVE)}, what {@code $} names, kept as UIDs so that
     * it survives expunges (a message expunged is simply no longer in the view); empty before any SAVE. It goes with
     * this object when SELECT, EXAMINE, UNSELECT or CLOSE leaves the mailbox.
     */
    private java.util.Set<Long> saved = java.util.Set.of();

    /** @param knownModseq the mailbox's HIGHESTMODSEQ read before {@code messages} */
    Selected(MailboxStore.Mailbox mailbox, boolean readOnly, List<MailboxStore.Message> messages, long knownModseq) {
        this.mailbox = mailbox;
        this.readOnly = readOnly;
        this.view.addAll(messages);
        this.knownModseq = knownModseq;
    }

    /** Marks the messages from {@code firstUid} on as recent for this session. */
    void markRecent(long firstUid) {
        for (int i = view.size() - 1; i >= 0 && view.get(i).uid() >= firstUid; i--) {
            recent.add(view.get(i).uid());
        }
    }

    boolean isRecent(long uid) {
        return recent.contains(uid);
    }

    int recentCount() {
        return recent.size();
    }

    /** The UID the next new message will have at least: one past the last one in the view. */
    long uidAfterView() {
        return view.isEmpty() ? 1 : view.get(view.size() - 1).uid() + 1;
    }

    int exists() {
        return view.size();
    }

    List<MailboxStore.Message> messages() {
        return view;
    }

    /** The largest sequence number or UID, for {@code *}. */
    long largest(boolean uids) {
        if (view.isEmpty()) {
            return 0;
        }
        return uids ? view.get(view.size() - 1).uid() : view.size();
    }

    /** RFC 5182: remembers what {@code $} names from now on (an empty list after a failed SEARCH ... SAVE). */
    void save(java.util.Collection<Long> uids) {
        saved = java.util.Set.copyOf(uids);
    }

    /** The UIDs {@code $} names (some may be expunged by now). */
    java.util.Set<Long> saved() {
        return saved;
    }

    /**
     * Whether a set names a message: {@code $} by the saved UIDs, whether the command numbers by UID or by
     * sequence number (RFC 5182 2.1), other sets by the number the command uses.
     */
    boolean names(SequenceSet set, int seq, long uid, boolean uids) {
        if (set instanceof SequenceSet.Saved) {
            return saved.contains(uid);
        }
        return set.contains(uids ? uid : seq, largest(uids));
    }

    /** The (sequence number, message) pairs a set names, in sequence order. */
    List<Numbered> resolve(SequenceSet set, boolean uids) {
        List<Numbered> out = new ArrayList<>();
        for (int i = 0; i < view.size(); i++) {
            MailboxStore.Message m = view.get(i);
            if (names(set, i + 1, m.uid(), uids)) {
                out.add(new Numbered(i + 1, m));
            }
        }
        return out;
    }

    void replace(int seq, MailboxStore.Message updated) {
        view.set(seq - 1, updated);
    }

    /** The view is in UID order: a binary search. */
    int seqOf(long uid) {
        int lo = 0;
        int hi = view.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = view.get(mid).uid();
            if (m == uid) {
                return mid + 1;
            }
            if (m < uid) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /**
     * Brings the view up to date with what changed in the store since the last look: the changes
     * as untagged responses in the order RFC 3501 needs them — EXPUNGE (highest first, so the numbers
     * the client holds stay right) or, with QRESYNC, VANISHED; then EXISTS; then FETCH FLAGS for
     * changed flags (with MODSEQ once CONDSTORE is on, RFC 7162 3.1.4). Expunges that may not be told
     * now (during FETCH, STORE, SEARCH by sequence number, RFC 3501 7.4.1) wait for a later look.
     */
    List<String> sync(MailboxStore.Changes changes, boolean expungesAllowed, Modes modes,
            java.util.function.LongUnaryOperator claimRecent) {
        List<String> out = new ArrayList<>();
        knownModseq = Math.max(knownModseq, changes.highestModseq());
        pendingExpunges.addAll(changes.expunged());
        if (expungesAllowed && !pendingExpunges.isEmpty()) {
            out.addAll(expunged(List.copyOf(pendingExpunges), modes.qresync()));
            pendingExpunges.clear();
        }
        long last = view.isEmpty() ? 0 : view.get(view.size() - 1).uid();
        int before = view.size();
        List<String> fetches = new ArrayList<>();
        for (MailboxStore.Message theirs : changes.changed()) {
            if (theirs.uid() > last) {
                if (!pendingExpunges.contains(theirs.uid())) {
                    view.add(theirs);
                }
                continue;
            }
            int seq = seqOf(theirs.uid());
            if (seq < 0) {
                continue; // gone from the view already
            }
            MailboxStore.Message mine = view.get(seq - 1);
            if (theirs.modseq() > mine.modseq()) {
                view.set(seq - 1, theirs);
                if (!theirs.flags().equals(mine.flags())) {
                    fetches.add("* " + seq + " FETCH (" + (modes.qresync() ? "UID " + theirs.uid() + " " : "") + "FLAGS "
                            + Flags.list(theirs.flags(), !modes.rev2() && recent.contains(theirs.uid())) + (modes.condstore() ? " MODSEQ (" + theirs.modseq() + ")" : "") + ")");
                }
            }
        }
        if (view.size() != before) {
            out.add("* " + view.size() + " EXISTS");
            long firstNew = view.get(before).uid();
            long claimed = claimRecent.applyAsLong(uidAfterView());
            int had = recent.size();
            markRecent(Math.max(firstNew, claimed));
            if (recent.size() != had && !modes.rev2()) { // RFC 9051 has no RECENT response
                out.add("* " + recent.size() + " RECENT");
            }
        }
        out.addAll(fetches);
        return out;
    }

    /**
     * Which extensions the client turned on: they change how changes are told (RFC 7162; after ENABLE IMAP4rev2
     * neither {@code \Recent} nor {@code * n RECENT}, RFC 9051 appendix E).
     */
    record Modes(boolean condstore, boolean qresync, boolean rev2) {
    }

    /** The mailbox's mod-sequence this view is up to date with. */
    long knownModseq() {
        return knownModseq;
    }

    /**
     * Removes these UIDs from the view, answering EXPUNGE for each, highest sequence number first;
     * with QRESYNC one {@code VANISHED} with the UIDs instead (RFC 7162 3.2.10).
     */
    List<String> expunged(List<Long> uids, boolean qresync) {
        List<String> out = new ArrayList<>();
        java.util.Set<Long> gone = new java.util.HashSet<>(uids);
        List<Long> vanished = new ArrayList<>();
        for (int i = view.size() - 1; i >= 0; i--) {
            if (gone.contains(view.get(i).uid())) {
                vanished.add(0, view.get(i).uid());
                recent.remove(view.get(i).uid());
                if (!qresync) {
                    out.add("* " + (i + 1) + " EXPUNGE");
                }
                view.remove(i);
            }
        }
        if (qresync && !vanished.isEmpty()) {
            out.add("* VANISHED " + ImapSession.join(vanished));
        }
        return out;
    }

    record Numbered(int seq, MailboxStore.Message message) {
    }
}
