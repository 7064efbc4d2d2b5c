package io.kurir.store;

import java.time.Instant;
import java.util.List;

/** A message in a mailbox, with the metadata IMAP needs. */
public record StoredMessage(long id, long uid, long modseq, List<String> flags, Instant internalDate, long size,
        String blobId) {

    public StoredMessage {
        flags = List.copyOf(flags);
    }
}
