package io.kurir.delivery.config;

import io.kurir.mail.config.NamingConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** local(8) and smtp(8) parameters, with Postfix's (and for quota Dovecot's) names, under {@code kurir.}. */
@ConfigMapping(prefix = "kurir")
public interface DeliveryConfig extends NamingConfig {

    /**
     * The storage quota of an account without its own ({@code kurir user quota}), in octets over all
     * its mailboxes; 0 means no limit (Postfix's mailbox_size_limit; the IMAP server reports the same).
     */
    @WithName("mailbox-size-limit")
    @WithDefault("0")
    long mailboxSizeLimit();

    /**
     * What a delivery beyond the quota does: false returns the message to the sender
     * ({@code 5.2.2 mailbox full}); true defers it ({@code 4.2.2}) so it is delivered once the user
     * makes room (Dovecot's quota_full_tempfail).
     */
    @WithName("quota-full-tempfail")
    @WithDefault("false")
    boolean quotaFullTempfail();
}
