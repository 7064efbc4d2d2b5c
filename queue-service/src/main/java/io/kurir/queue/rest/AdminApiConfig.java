package io.kurir.queue.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.util.Optional;

/** The admin API's settings, under {@code kurir.}. */
@ConfigMapping(prefix = "kurir")
public interface AdminApiConfig {

    /**
     * The bearer token the admin API ({@code /admin/...}) asks for; unset or empty (the default):
     * the API is disabled and answers 403 to every request.
     */
    @WithName("admin-token")
    Optional<String> adminToken();
}
