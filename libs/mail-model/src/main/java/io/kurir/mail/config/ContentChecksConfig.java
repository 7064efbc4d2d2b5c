package io.kurir.mail.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * Postfix's content inspection parameters, shared by smtp-gateway (REJECT before the 250) and
 * rewrite-service (the other actions), whose {@code @ConfigMapping(prefix = "kurir")} interfaces
 * extend this one, so each key is defined and documented once.
 */
public interface ContentChecksConfig {

    /**
     * Postfix's header_size_limit: the most octets of one logical header. The gateway refuses a longer
     * one with 552 5.6.0; a message with one that arrives another way goes to the corrupt queue.
     */
    @WithName("header-size-limit")
    @WithDefault("102400")
    long headerSizeLimit();

    /**
     * Postfix's header_checks as a file: {@code regexp:/path} in regexp_table(5) syntax, searched after
     * the table imported with {@code ./kurir checks import header FILE}; empty by default.
     */
    @WithName("header-checks")
    Optional<String> headerChecks();

    /** Postfix's body_checks, as header-checks; empty by default. */
    @WithName("body-checks")
    Optional<String> bodyChecks();

    /** Postfix's body_checks_size_limit: octets of each body part that body checks look at. */
    @WithName("body-checks-size-limit")
    @WithDefault("51200")
    int bodyChecksSizeLimit();
}
