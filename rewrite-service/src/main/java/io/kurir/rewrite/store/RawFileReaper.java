package io.kurir.rewrite.store;

import io.kurir.store.BlobStore;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Removes raw queue files that cleanup is done with, many at a time: one statement every half
 * second rather than one transaction per message (which cost PostgreSQL as much as the rest of
 * cleanup's work together). Files not removed yet when the service is killed are left behind, and
 * so are the ones of a batch that fails; nothing depends on them any more.
 */
@ApplicationScoped
public class RawFileReaper {

    private static final Logger LOG = Logger.getLogger("cleanup");
    private static final int BATCH = 1000;

    private final BlobStore blobs;
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "raw-file-reaper");
        t.setDaemon(true);
        return t;
    });

    public RawFileReaper(BlobStore blobs) {
        this.blobs = blobs;
        timer.scheduleWithFixedDelay(this::removePending, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Removes this queue file with the next batch. */
    public void remove(String blobId) {
        pending.add(blobId);
    }

    void removePending() {
        while (!pending.isEmpty()) {
            List<String> batch = new ArrayList<>();
            for (String id = pending.poll(); id != null; id = batch.size() < BATCH ? pending.poll() : null) {
                batch.add(id);
            }
            try {
                blobs.deleteAll(batch);
            } catch (RuntimeException e) {
                LOG.warnf("%d raw queue files not removed (left behind): %s", batch.size(), e.getMessage());
                return;
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdown();
        removePending(); // what is queued now goes with the service's orderly stop
    }
}
