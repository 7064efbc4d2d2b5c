package io.kurir.queue.rest;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Every request under {@code /admin} passes {@link AdminToken} before anything else, unknown
 * paths too (pre-matching), so the API's shape is not visible to a caller without the token.
 */
@Provider
@PreMatching
public class AdminAuthFilter implements ContainerRequestFilter {

    /** Looked up per request: filters are built at static init, before the runtime configuration (the token) exists. */
    private final Instance<AdminToken> token;

    public AdminAuthFilter(Instance<AdminToken> token) {
        this.token = token;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("/admin") || path.startsWith("/admin/"))) {
            return;
        }
        switch (token.get().check(Optional.ofNullable(request.getHeaderString(HttpHeaders.AUTHORIZATION)))) {
            case ALLOWED -> {
            }
            case DISABLED -> request.abortWith(ApiErrors.response(Response.Status.FORBIDDEN,
                    "the admin API is disabled"));
            case UNAUTHORIZED -> request.abortWith(Response.fromResponse(ApiErrors.response(Response.Status.UNAUTHORIZED,
                    "a valid bearer token is required")).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kurir-admin\"")
                    .build());
        }
    }
}
