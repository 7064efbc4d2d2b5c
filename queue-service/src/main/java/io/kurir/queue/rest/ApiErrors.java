package io.kurir.queue.rest;

import io.kurir.store.StoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The admin API's one place for errors: {@code {"error": "..."}} with the status. A database
 * failure is logged with its cause and answered 503 without it (the reply reveals no internals).
 */
@Provider
public class ApiErrors implements ExceptionMapper<StoreException> {

    private static final Logger LOG = Logger.getLogger("admin");

    static Response response(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }

    static WebApplicationException error(Response.Status status, String message) {
        return new WebApplicationException(response(status, message));
    }

    @Override
    public Response toResponse(StoreException e) {
        LOG.errorf(e, "admin API: %s", e.getMessage());
        return response(Response.Status.SERVICE_UNAVAILABLE, "the queue store is unavailable, try again");
    }
}
