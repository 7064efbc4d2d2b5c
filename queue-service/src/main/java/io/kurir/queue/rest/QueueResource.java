package io.kurir.queue.rest;

import io.kurir.store.queue.QueueAdmin;
import io.kurir.store.queue.QueueName;
import io.kurir.store.queue.QueueSelection;
import io.kurir.store.queue.QueueShape;
import io.kurir.store.queue.QueueStore;
import io.kurir.store.queue.QueuedMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntBiFunction;
import java.util.regex.Pattern;
import io.kurir.queue.messaging.Scheduler;
import io.kurir.store.BlobStore;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * postqueue and postsuper over HTTP, for a cluster where {@code kurir queue} cannot reach the
 * database: {@code GET /admin/queue} (postqueue -p), {@code GET /admin/queue/{id}} (postcat -q,
 * envelope only), {@code DELETE /admin/queue/{id}} (postsuper -d), {@code POST
 * /admin/queue/{id}/hold|release|requeue} (postsuper -h|-H|-r), {@code POST
 * /admin/queue/flush?domain=} (postqueue -f / -s) and {@code GET /admin/queue/shape?queue=}
 * (qshape). Authentication is {@link AdminAuthFilter}'s; errors are {@code {"error": "..."}}.
 */
@Path("/admin/queue")
@Produces(MediaType.APPLICATION_JSON)
@Singleton
public class QueueResource {

    private static final Logger LOG = Logger.getLogger("admin");
    /** Queue ids are upper-case hex (QueueId); the pattern only keeps junk out of the log and the database. */
    private static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    private final QueueStore queue;
    private final QueueAdmin admin;
    private final Scheduler scheduler;

    @Inject
    public QueueResource(DataSource dataSource, QueueStore queue, BlobStore blobs, Scheduler scheduler) {
        this.queue = queue; // its producer migrated the schema
        this.admin = new QueueAdmin(dataSource, blobs);
        this.scheduler = scheduler;
    }

    @GET
    public List<QueueViews.Message> list() {
        return queue.list().stream().map(QueueViews.Message::of).toList();
    }

    @GET
    @Path("shape")
    public QueueShape shape(@QueryParam("queue") String name) {
        Optional<QueueName> only = Optional.empty();
        if (name != null && !name.isEmpty()) {
            only = Optional.of(QueueName.parse(name).orElseThrow(() -> ApiErrors.error(Status.BAD_REQUEST,
                    "unknown queue: use incoming, active, deferred or hold")));
        }
        return admin.shape(Instant.now(), only);
    }

    @POST
    @Path("flush")
    public QueueAdmin.Flushed flush(@QueryParam("domain") String domain) {
        Optional<String> site = Optional.ofNullable(domain).filter(d -> !d.isEmpty());
        if (site.isPresent() && !DOMAIN.matcher(site.get()).matches()) {
            throw ApiErrors.error(Status.BAD_REQUEST, "invalid domain");
        }
        QueueAdmin.Flushed flushed = admin.flush(site, Instant.now());
        scheduler.wake(); // what is due now goes now, not at the next pass
        LOG.infof("flush %s: %d messages due now, %d destinations resurrected", site.orElse("ALL"), flushed.messages(),
                flushed.destinations());
        return flushed;
    }

    @GET
    @Path("{id}")
    public QueueViews.Message show(@PathParam("id") String id) {
        return QueueViews.Message.of(find(id));
    }

    @DELETE
    @Path("{id}")
    public QueueViews.Changed delete(@PathParam("id") String id) {
        find(id);
        int n = admin.delete(List.of(id));
        LOG.infof("%s: removed by the administrator (admin API)", id);
        return new QueueViews.Changed(id, n, "deleted");
    }

    @POST
    @Path("{id}/hold")
    public QueueViews.Changed hold(@PathParam("id") String id) {
        return change(id, "placed on hold", (a, s) -> a.hold(s));
    }

    @POST
    @Path("{id}/release")
    public QueueViews.Changed release(@PathParam("id") String id) {
        return change(id, "released from hold", (a, s) -> a.release(s, Instant.now()));
    }

    @POST
    @Path("{id}/requeue")
    public QueueViews.Changed requeue(@PathParam("id") String id) {
        return change(id, "requeued", (a, s) -> a.requeue(s, Instant.now()));
    }

    private QueueViews.Changed change(String id, String what, ToIntBiFunction<QueueAdmin, QueueSelection> operation) {
        find(id);
        int n = operation.applyAsInt(admin, QueueSelection.ids(List.of(id)));
        if (n > 0) {
            LOG.infof("%s: %s (admin API)", id, what);
            scheduler.wake();
        }
        return new QueueViews.Changed(id, n, queue.find(id).map(QueuedMessage::state).orElse("deleted"));
    }

    private QueuedMessage find(String id) {
        if (!QUEUE_ID.matcher(id).matches()) {
            throw ApiErrors.error(Status.BAD_REQUEST, "invalid queue id");
        }
        return queue.find(id).orElseThrow(() -> ApiErrors.error(Status.NOT_FOUND, id + ": no such queue file"));
    }
}
