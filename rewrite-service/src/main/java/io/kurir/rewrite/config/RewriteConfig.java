package io.kurir.rewrite.config;

import io.kurir.mail.config.NamingConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Postfix's cleanup and trivial-rewrite parameters, under {@code kurir.}. */
@ConfigMapping(prefix = "kurir")
public interface RewriteConfig extends NamingConfig {

    /**
     * Add missing From/To/Date/Message-Id headers for every client, not only local ones (Postfix's
     * always_add_missing_headers).
     */
    @WithName("always-add-missing-headers")
    @WithDefault("false")
    boolean alwaysAddMissingHeaders();
}
