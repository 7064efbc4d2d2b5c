package io.kurir.imap.session;

import io.kurir.mime.MimeMessage;
import io.kurir.mime.sort.HeaderFacts;
import io.kurir.store.MailboxStore;
import io.kurir.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The header facts of messages, for SORT, THREAD and SEARCH FROM/TO/CC/SUBJECT/SENT* (docs/adr/0010), from the
 * cheapest place that has them: the replica's memory ({@link SortFacts}), then the {@code message_facts} table,
 * and only then the headers in PostgreSQL, parsed here and written back to both. The miss path runs once per
 * mailbox at a time on this replica: sessions that need facts of the same mailbox meanwhile wait for it.
 *
 * <p>A failure to write facts is logged and otherwise ignored: the next reader computes them again.
 */
final class FactsLoader {

    private static final Logger LOG = Logger.getLogger("imap");
    /** Blobs per step of the miss path: one facts query, one headers query, one write. */
    private static final int CHUNK = 500;
    private static final SingleFlight<Long, Map<String, HeaderFacts>> FILLS = new SingleFlight<>();

    private final MailboxStore store;

    FactsLoader(MailboxStore store) {
        this.store = store;
    }

    /** The facts of these messages of one mailbox, by blob id; every message's blob is in the map. */
    Map<String, HeaderFacts> of(long mailboxId, List<MailboxStore.Message> messages) {
        Map<String, HeaderFacts> out = new HashMap<>(messages.size() * 4 / 3 + 1);
        Map<String, MailboxStore.Message> missing = new LinkedHashMap<>();
        for (MailboxStore.Message m : messages) {
            if (!out.containsKey(m.blobId()) && !missing.containsKey(m.blobId())) {
                SortFacts.get(m.blobId()).ifPresentOrElse(f -> out.put(m.blobId(), f), () -> missing.put(m.blobId(), m));
            }
        }
        // Either this session's own fill runs, and covers everything it misses, or it waited for another session's
        // fill of the mailbox, took what that found, and asks again for the rest.
        while (!missing.isEmpty()) {
            List<MailboxStore.Message> wanted = List.copyOf(missing.values());
            Map<String, HeaderFacts> found = FILLS.run(mailboxId, () -> fill(wanted)).value().orElse(Map.of());
            for (Iterator<String> it = missing.keySet().iterator(); it.hasNext(); ) {
                String blobId = it.next();
                Optional<HeaderFacts> f = Optional.ofNullable(found.get(blobId)).or(() -> SortFacts.get(blobId));
                if (f.isPresent()) {
                    out.put(blobId, f.get());
                    it.remove();
                }
            }
        }
        return out;
    }

    /** A message just stored (APPEND): its facts into memory and the table, so that no reader parses it. */
    void stored(String blobId, byte[] content) {
        HeaderFacts f = HeaderFacts.ofMessage(content);
        SortFacts.put(blobId, f);
        write(Map.of(blobId, row(f)));
    }

    /** The miss path: the table first, then the headers, for every one of these messages. */
    private Map<String, HeaderFacts> fill(List<MailboxStore.Message> messages) {
        Map<String, HeaderFacts> out = new HashMap<>(messages.size() * 4 / 3 + 1);
        for (int from = 0; from < messages.size(); from += CHUNK) {
            List<MailboxStore.Message> chunk = messages.subList(from, Math.min(messages.size(), from + CHUNK));
            Map<String, MailboxStore.Facts> rows = store.facts(chunk.stream().map(MailboxStore.Message::blobId).toList());
            List<MailboxStore.Message> unknown = new ArrayList<>();
            for (MailboxStore.Message m : chunk) {
                MailboxStore.Facts row = rows.get(m.blobId());
                if (row != null && row.version() == HeaderFacts.VERSION) {
                    HeaderFacts f = facts(row);
                    SortFacts.put(m.blobId(), f);
                    out.put(m.blobId(), f);
                } else {
                    unknown.add(m);
                }
            }
            if (unknown.isEmpty()) {
                continue;
            }
            Map<String, byte[]> heads = store.headers(unknown.stream().map(MailboxStore.Message::blobId).toList(),
                    ImapSession.HEAD_PREFIX);
            Map<String, MailboxStore.Facts> computed = new HashMap<>();
            for (MailboxStore.Message m : unknown) {
                byte[] head = heads.getOrDefault(m.blobId(), new byte[0]);
                io.kurir.mime.HeaderBlock header = MimeMessage.parse(head).root().header();
                if (!header.terminated() && head.length >= ImapSession.HEAD_PREFIX) {
                    // a header longer than the prefix: read the whole message for it
                    header = MimeMessage.parse(store.content(m).orElse(head)).root().header();
                }
                HeaderFacts f = HeaderFacts.of(header);
                SortFacts.put(m.blobId(), f);
                out.put(m.blobId(), f);
                if (heads.containsKey(m.blobId())) {
                    computed.put(m.blobId(), row(f));
                }
            }
            write(computed);
        }
        return out;
    }

    private void write(Map<String, MailboxStore.Facts> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            store.putFacts(rows);
        } catch (StoreException | IllegalArgumentException e) {
            LOG.warnf("imap: header facts of %d message(s) not stored, computed again when needed: %s", rows.size(), e.getMessage());
        }
    }

    static MailboxStore.Facts row(HeaderFacts f) {
        return new MailboxStore.Facts(HeaderFacts.VERSION, f.sentAt(), f.date(), f.subject(), f.from(), f.to(), f.cc(),
                f.messageId(), f.references(), f.inReplyTo());
    }

    static HeaderFacts facts(MailboxStore.Facts row) {
        return new HeaderFacts(row.date(), row.subject(), row.from(), row.to(), row.cc(), row.messageId(), row.references(),
                row.inReplyTo());
    }
}
