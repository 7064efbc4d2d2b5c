package io.kurir.delivery.config;

import io.kurir.mail.config.NamingConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

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

    /**
     * Deliver {@code user+folder@domain} into the user's folder of that name when it exists (as a
     * Sieve {@code fileinto} of the extension would); otherwise, and by default, into INBOX.
     */
    @WithName("recipient-extension-folder-delivery")
    @WithDefault("false")
    boolean recipientExtensionFolderDelivery();

    /** The port the SMTP client connects to on every MX host (Postfix's smtp_tcp_port). */
    @WithName("smtp-tcp-port")
    @WithDefault("25")
    int smtpTcpPort();

    /**
     * TLS towards remote servers (smtp_tls_security_level): {@code none}, {@code may} (STARTTLS when
     * offered, certificates not verified) or {@code encrypt} (no delivery without TLS).
     */
    @WithName("smtp-tls-security-level")
    @WithDefault("may")
    String smtpTlsSecurityLevel();

    /**
     * Per destination TLS levels (smtp_tls_policy_maps), inline: {@code b.test encrypt, [relay.test]:587 may}
     * — comma separated pairs of next hop and level.
     */
    @WithName("smtp-tls-policy-maps")
    Optional<String> smtpTlsPolicyMaps();

    /**
     * Credentials for relays that want AUTH (smtp_sasl_password_maps), inline:
     * {@code [relay.test]:587 user:password} — comma separated pairs of next hop and user:password.
     */
    @WithName("smtp-sasl-password-maps")
    Optional<String> smtpSaslPasswordMaps();

    /** Seconds to wait for a TCP connection (smtp_connect_timeout). */
    @WithName("smtp-connect-timeout")
    @WithDefault("30s")
    String smtpConnectTimeout();

    /** Greeting and EHLO (smtp_helo_timeout). */
    @WithName("smtp-helo-timeout")
    @WithDefault("300s")
    String smtpHeloTimeout();

    /** MAIL FROM (smtp_mail_timeout). */
    @WithName("smtp-mail-timeout")
    @WithDefault("300s")
    String smtpMailTimeout();

    /** RCPT TO (smtp_rcpt_timeout). */
    @WithName("smtp-rcpt-timeout")
    @WithDefault("300s")
    String smtpRcptTimeout();

    /** The reply to DATA (smtp_data_init_timeout). */
    @WithName("smtp-data-init-timeout")
    @WithDefault("120s")
    String smtpDataInitTimeout();

    /** Each write of the message content (smtp_data_xfer_timeout). */
    @WithName("smtp-data-xfer-timeout")
    @WithDefault("180s")
    String smtpDataXferTimeout();

    /** The reply to the final dot (smtp_data_done_timeout). */
    @WithName("smtp-data-done-timeout")
    @WithDefault("600s")
    String smtpDataDoneTimeout();

    /** MX addresses tried per delivery at most (smtp_mx_address_limit). */
    @WithName("smtp-mx-address-limit")
    @WithDefault("5")
    int smtpMxAddressLimit();

    /** SMTP sessions (that got a greeting) per delivery at most (smtp_mx_session_limit). */
    @WithName("smtp-mx-session-limit")
    @WithDefault("2")
    int smtpMxSessionLimit();

    /** How long an idle connection is kept for the next message to the same next hop (smtp_connection_cache_time_limit). */
    @WithName("smtp-connection-cache-time-limit")
    @WithDefault("2s")
    String smtpConnectionCacheTimeLimit();

    /**
     * Answer MX and address lookups from this zone-like file instead of DNS (lines such as
     * {@code b.test. MX 10 mx.b.test.} and {@code mx.b.test. A 127.0.0.1}); for tests and closed
     * lab networks. Unset: DNS.
     */
    @WithName("smtp-dns-table-file")
    Optional<String> smtpDnsTableFile();
}
