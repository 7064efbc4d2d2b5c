package io.kurir.imap.config;

import io.kurir.mail.config.NamingConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** imap-service's settings under {@code kurir.}, named after Dovecot's where Postfix has none. */
@ConfigMapping(prefix = "kurir")
public interface ImapConfig extends NamingConfig {

    /** The IMAP listener's TCP port (143 in a cluster; 2143 needs no root). */
    @WithName("imap-port")
    @WithDefault("2143")
    int imapPort();

    @WithName("imap-bind-address")
    @WithDefault("0.0.0.0")
    String imapBindAddress();

    /**
     * Clients whose plain-text LOGIN and AUTHENTICATE PLAIN are accepted without TLS, as Dovecot treats
     * connections from localhost as secure (disable_plaintext_auth). This release has no STARTTLS
     * yet: other clients see LOGINDISABLED and cannot log in.
     */
    @WithName("mynetworks")
    @WithDefault("127.0.0.0/8 [::1]/128")
    String mynetworks();

    /** Simultaneous connections from one address outside mynetworks; more get {@code * BYE}. */
    @WithName("imap-client-connection-count-limit")
    @WithDefault("20")
    int imapClientConnectionCountLimit();

    /** How long a failed login waits before its NO (Dovecot's auth_failure_delay), in milliseconds. */
    @WithName("imap-auth-failure-delay")
    @WithDefault("2000")
    long imapAuthFailureDelayMillis();

    /** Seconds an idle client may stay logged in before the server says BYE (RFC 3501: at least 30 minutes). */
    @WithName("imap-idle-timeout")
    @WithDefault("1800")
    int imapIdleTimeoutSeconds();
}
