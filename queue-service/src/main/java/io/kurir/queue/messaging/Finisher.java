package io.kurir.queue.messaging;

import io.kurir.store.BlobStore;
import io.kurir.store.queue.QueueStore;
import io.kurir.store.queue.QueuedMessage;
import io.kurir.store.queue.QueuedRecipient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The end of a message's life in the queue: once every recipient has a final outcome, the notices
 * it is owed are submitted and its queue file and rows are removed (Postfix: bounce, then qmgr's
 * "removed").
 */
@ApplicationScoped
public class Finisher {

    private static final Logger LOG = Logger.getLogger("qmgr");
    /** A message left "finishing" by a replica that died is taken again after this long. */
    private static final Duration STALE = Duration.ofMinutes(10);
    private static final int BATCH = 100;

    private final QueueStore queue;
    private final BlobStore blobs;
    private final Notices notices;

    public Finisher(QueueStore queue, BlobStore blobs, Notices notices) {
        this.queue = queue;
        this.blobs = blobs;
        this.notices = notices;
    }

    /** What {@link #finishDone} left. */
    enum Left {
        /** Nothing: every done message is finished. */
        NOTHING,
        /** The batch was full: there may be more. */
        MORE,
        /** Notices could not be sent (Kafka or the blob store is away): to be tried again. */
        FAILED
    }

    /** Finishes up to one batch of done messages. */
    Left finishDone(Instant now) {
        boolean sending = true;
        var done = queue.claimFinished(now, STALE, BATCH);
        List<QueuedMessage> finished = new ArrayList<>();
        for (QueuedMessage m : done) {
            if (!sending) {
                queue.unclaimFinished(m.queueId()); // Kafka is away: the rest waits for the next pass too
                continue;
            }
            try {
                notices.finished(m, now);
            } catch (RuntimeException e) {
                // Kafka or the blob store is away: the message stays, and its notices are tried at the next pass
                LOG.warnf("%s: notices not sent yet (%s); trying again", m.queueId(), e.getMessage());
                queue.unclaimFinished(m.queueId());
                sending = false;
                continue;
            }
            if (m.recipients().stream().anyMatch(QueuedRecipient::expired)) {
                LOG.infof("%s: from=<%s>, status=expired, returned to sender", m.queueId(), m.sender());
            }
            finished.add(m);
        }
        // one statement each for the whole batch: the queue files, then the rows
        blobs.deleteAll(finished.stream().map(QueuedMessage::blobId).toList());
        queue.removeAll(finished.stream().map(QueuedMessage::queueId).toList());
        for (QueuedMessage m : finished) {
            LOG.infof("%s: removed", m.queueId());
        }
        return !sending ? Left.FAILED : done.size() == BATCH ? Left.MORE : Left.NOTHING;
    }

    void warnDelayed(Instant now, Duration warnAfter) {
        for (QueuedMessage m : queue.delayed(now, warnAfter, 100)) {
            notices.delayed(m, now);
            queue.markDelayWarned(m.queueId());
        }
    }
}
