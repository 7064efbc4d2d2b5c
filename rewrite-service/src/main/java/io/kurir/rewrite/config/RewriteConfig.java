package io.kurir.rewrite.config;

import io.kurir.mail.config.NamingConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Postfix's cleanup and trivial-rewrite parameters, under {@code kurir.}. */
@ConfigMapping(prefix = "kurir")
public interface RewriteConfig extends NamingConfig, io.kurir.mail.config.ContentChecksConfig {

    /**
     * Add missing From/To/Date/Message-Id headers for every client, not only local ones (Postfix's
     * always_add_missing_headers).
     */
    @WithName("always-add-missing-headers")
    @WithDefault("false")
    boolean alwaysAddMissingHeaders();

    /**
     * Where remote mail goes when transport-maps has no entry (Postfix's relayhost): a smarthost such
     * as {@code [smtp.isp.test]:587}; empty means each domain's MX.
     */
    @WithName("relayhost")
    java.util.Optional<String> relayhost();

    /**
     * Postfix's transport_maps, inline: comma-separated {@code domain transport:nexthop} entries, e.g.
     * {@code b.test smtp:[127.0.0.1]:2525, .b.test smtp:[127.0.0.1]:2525, old.test error:5.1.1 moved}.
     */
    @WithName("transport-maps")
    java.util.Optional<String> transportMaps();

    /**
     * Postfix's hopcount_limit: a message that arrives with this many Received headers (ours
     * counted) is returned to its sender with 5.4.6 "Too many hops" instead of going round a loop.
     */
    @WithName("hopcount-limit")
    @WithDefault("50")
    int hopcountLimit();

    /**
     * Postfix's message_drop_headers: header names (comma- or space-separated) removed from every
     * message by cleanup.
     */
    @WithName("message-drop-headers")
    @WithDefault("bcc, content-length, resent-bcc, return-path")
    String messageDropHeaders();





    /**
     * How often the imported header and body checks are looked at for a change (one single-row
     * select): an edit with {@code ./kurir checks} takes effect within this, without a restart.
     */
    @WithName("content-checks-recheck")
    @WithDefault("5s")
    java.time.Duration contentChecksRecheck();
}
