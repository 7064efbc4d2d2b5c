package io.kurir.imap.config;

import io.kurir.mail.config.NamingConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.Optional;

/** imap-service's settings under {@code kurir.}, named after Dovecot's where Postfix has none. */
@ConfigMapping(prefix = "kurir")
public interface ImapConfig extends NamingConfig {

    /** The IMAP listener's TCP port (143 in a cluster; 2143 needs no root). */
    @WithName("imap-port")
    @WithDefault("2143")
    int imapPort();

    /** The IMAP listener with implicit TLS (RFC 8314; 993 in a cluster); -1 turns it off. */
    @WithName("imaps-port")
    @WithDefault("2993")
    int imapsPort();

    /** PEM certificate chain for STARTTLS and port 993 (Dovecot's ssl_cert); unset: a self-signed one is made at start. */
    @WithName("imap-tls-cert-file")
    Optional<Path> imapTlsCertFile();

    /** PEM private key to {@link #imapTlsCertFile()} (Dovecot's ssl_key). */
    @WithName("imap-tls-key-file")
    Optional<Path> imapTlsKeyFile();

    /**
     * Dovecot's disable_plaintext_auth: {@code true} accepts LOGIN and AUTHENTICATE PLAIN only under TLS
     * or from mynetworks; {@code false} accepts them on any connection (passwords then cross the
     * network in clear text).
     */
    @WithName("disable-plaintext-auth")
    @WithDefault("true")
    boolean disablePlaintextAuth();

    /** The address the IMAP listeners bind to. */
    @WithName("imap-bind-address")
    @WithDefault("0.0.0.0")
    String imapBindAddress();

    /**
     * Clients whose plain-text LOGIN and AUTHENTICATE PLAIN are accepted without TLS, as Dovecot treats
     * connections from localhost as secure (disable_plaintext_auth). Other clients see LOGINDISABLED
     * until they have done STARTTLS (or use port 993).
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

    /**
     * While a client IDLEs, how often its mailbox is looked at even without word from PostgreSQL
     * (Dovecot's mailbox_idle_check_interval), in seconds. Changes normally arrive at once by
     * LISTEN/NOTIFY; this only covers a notification lost while the listening connection was down.
     */
    @WithName("imap-idle-check-interval")
    @WithDefault("30")
    int imapIdleCheckIntervalSeconds();

    /**
     * The storage quota of an account without its own (set with {@code kurir user quota}), in octets,
     * over all its mailboxes; 0 means no limit, the default (Postfix's mailbox_size_limit, used as
     * Dovecot's {@code quota_rule = *:storage=}). Shown by GETQUOTAROOT; an APPEND or COPY beyond it
     * gets {@code NO [OVERQUOTA]}.
     */
    @WithName("mailbox-size-limit")
    @WithDefault("0")
    long mailboxSizeLimit();

    /** Seconds an idle client may stay logged in before the server says BYE (RFC 3501: at least 30 minutes). */
    @WithName("imap-idle-timeout")
    @WithDefault("1800")
    int imapIdleTimeoutSeconds();

    /** The POP3 listener with STLS (RFC 1939, RFC 2595; 110 in a cluster, 2110 needs no root); -1 turns it off. */
    @WithName("pop3-port")
    @WithDefault("2110")
    int pop3Port();

    /** The POP3 listener with implicit TLS (RFC 8314; 995 in a cluster); -1 turns it off. Same certificate as IMAP. */
    @WithName("pop3s-port")
    @WithDefault("2995")
    int pop3sPort();

    /** Seconds a logged-in POP3 client may stay idle before it is disconnected (Dovecot: 10 minutes, RFC 1939 section 3). */
    @WithName("pop3-idle-timeout")
    @WithDefault("600")
    int pop3IdleTimeoutSeconds();
}
