package io.kurir.imap.session;

import io.kurir.imap.codec.SequenceSet;
import io.kurir.store.MailboxStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The selected mailbox as this session knows it: the messages in sequence-number order (what the
 * client was told), so sequence numbers stay stable until the session reports a change.
 */
final class Selected {

    final MailboxStore.Mailbox mailbox;
    final boolean readOnly;
    private final List<MailboxStore.Message> view = new ArrayList<>();

    Selected(MailboxStore.Mailbox mailbox, boolean readOnly, List<MailboxStore.Message> messages) {
        this.mailbox = mailbox;
        this.readOnly = readOnly;
        this.view.addAll(messages);
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

    /** The (sequence number, message) pairs a set names, in sequence order. */
    List<Numbered> resolve(SequenceSet set, boolean uids) {
        List<Numbered> out = new ArrayList<>();
        long largest = largest(uids);
        for (int i = 0; i < view.size(); i++) {
            MailboxStore.Message m = view.get(i);
            if (set.contains(uids ? m.uid() : i + 1, largest)) {
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
     * Brings the view up to date with {@code fresh} (the store's messages now): the changes as
     * untagged responses in the order RFC 3501 needs them — EXPUNGE (highest first, so the numbers
     * the client holds stay right), then EXISTS, then FETCH FLAGS for changed flags.
     */
    List<String> sync(List<MailboxStore.Message> fresh, boolean expungesAllowed) {
        List<String> out = new ArrayList<>();
        Map<Long, MailboxStore.Message> now = new HashMap<>();
        for (MailboxStore.Message m : fresh) {
            now.put(m.uid(), m);
        }
        if (expungesAllowed) {
            for (int i = view.size() - 1; i >= 0; i--) {
                if (!now.containsKey(view.get(i).uid())) {
                    out.add("* " + (i + 1) + " EXPUNGE");
                    view.remove(i);
                }
            }
        }
        for (int i = 0; i < view.size(); i++) {
            MailboxStore.Message mine = view.get(i);
            MailboxStore.Message theirs = now.get(mine.uid());
            if (theirs != null && theirs.modseq() != mine.modseq()) {
                view.set(i, theirs);
                if (!theirs.flags().equals(mine.flags())) {
                    out.add("* " + (i + 1) + " FETCH (FLAGS " + Flags.list(theirs.flags()) + ")");
                }
            }
        }
        long last = view.isEmpty() ? 0 : view.get(view.size() - 1).uid();
        int before = view.size();
        for (MailboxStore.Message m : fresh) {
            if (m.uid() > last) {
                view.add(m);
            }
        }
        if (view.size() != before) {
            out.add("* " + view.size() + " EXISTS");
        }
        return out;
    }

    /** Removes these UIDs from the view, answering EXPUNGE for each, highest sequence number first. */
    List<String> expunged(List<Long> uids) {
        List<String> out = new ArrayList<>();
        java.util.Set<Long> gone = new java.util.HashSet<>(uids);
        for (int i = view.size() - 1; i >= 0; i--) {
            if (gone.contains(view.get(i).uid())) {
                out.add("* " + (i + 1) + " EXPUNGE");
                view.remove(i);
            }
        }
        return out;
    }

    record Numbered(int seq, MailboxStore.Message message) {
    }
}
