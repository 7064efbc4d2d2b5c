package io.kurir.gateway.config;

import io.kurir.mail.config.NamingConfig;
import io.kurir.smtp.codec.BareNewline;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** smtpd's parameters, with Postfix's names under {@code kurir.} (DESIGN.md, "Configuration speaks Postfix"). */
@ConfigMapping(prefix = "kurir")
public interface GatewayConfig extends NamingConfig, io.kurir.mail.config.ContentChecksConfig {

    /** The MX listener's TCP port (25 in a cluster; 2525 needs no root). */
    @WithName("smtp-port")
    @WithDefault("2525")
    int smtpPort();

    /** The submission listener's port (587 in a cluster; RFC 6409); -1 turns it off. */
    @WithName("submission-port")
    @WithDefault("2587")
    int submissionPort();

    /** The implicit-TLS submission listener's port (465 in a cluster; RFC 8314); -1 turns it off. */
    @WithName("smtps-port")
    @WithDefault("2465")
    int smtpsPort();

    /** PEM certificate chain (Postfix's smtpd_tls_cert_file); without it a self-signed one is generated. */
    @WithName("smtpd-tls-cert-file")
    Optional<Path> smtpdTlsCertFile();

    /** PEM private key (Postfix's smtpd_tls_key_file). */
    @WithName("smtpd-tls-key-file")
    Optional<Path> smtpdTlsKeyFile();

    /** Trusted client networks, Postfix's mynetworks (CIDR, IPv4 and IPv6; brackets allowed around IPv6). */
    @WithDefault("127.0.0.0/8 [::1]/128")
    String mynetworks();

    /**
     * Clients for which bare LF is normalized even when smtpd-forbid-bare-newline is reject
     * (Postfix's smtpd_forbid_bare_newline_exclusions; default: $mynetworks).
     */
    @WithName("smtpd-forbid-bare-newline-exclusions")
    java.util.Optional<String> smtpdForbidBareNewlineExclusions();

    /** Simultaneous connections per client address (Postfix's smtpd_client_connection_count_limit); 0 = no limit. */
    @WithName("smtpd-client-connection-count-limit")
    @WithDefault("50")
    int smtpdClientConnectionCountLimit();

    /** Connection attempts per client address per anvil-rate-time-unit (smtpd_client_connection_rate_limit); 0 = no limit. */
    @WithName("smtpd-client-connection-rate-limit")
    @WithDefault("0")
    int smtpdClientConnectionRateLimit();

    /** The time unit of the per-client rate limits (Postfix's anvil_rate_time_unit), e.g. 60s. */
    @WithName("anvil-rate-time-unit")
    @WithDefault("60s")
    String anvilRateTimeUnit();

    /** Clients the per-client limits do not apply to (smtpd_client_event_limit_exceptions; default: $mynetworks). */
    @WithName("smtpd-client-event-limit-exceptions")
    java.util.Optional<String> smtpdClientEventLimitExceptions();

    /** Turn VRFY off (Postfix's disable_vrfy_command); when on, VRFY is offered in EHLO and answers 252 or 550. */
    @WithName("disable-vrfy-command")
    @WithDefault("false")
    boolean disableVrfyCommand();

    /**
     * How long the MX listener holds its greeting back from clients outside mynetworks, like
     * postscreen's greet wait; a client that talks before the greeting is disconnected with
     * {@code 554 5.5.0}. Postfix's postscreen default is 6s, but postscreen is off by default, and so is this (0s).
     */
    @WithName("postscreen-greet-wait")
    @WithDefault("0s")
    String postscreenGreetWait();

    default Duration greetWait() {
        return io.kurir.mail.PostfixDuration.parse(postscreenGreetWait());
    }

    /**
     * Postfix's smtpd_discard_ehlo_keywords: EHLO keywords not offered (case-insensitive;
     * {@code silent-discard} is accepted and ignored). Kurir's default discards {@code dsn} until
     * delivery sends delivery status notifications: with it discarded, RET, ENVID, NOTIFY and ORCPT
     * are refused ({@code 555 5.5.4}) as Postfix does. {@code silent-discard} alone offers everything.
     */
    @WithName("smtpd-discard-ehlo-keywords")
    @WithDefault("silent-discard")
    String smtpdDiscardEhloKeywords();

    default java.util.Set<String> discardedEhloKeywords() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String w : smtpdDiscardEhloKeywords().trim().split("[,\\s]+")) {
            if (!w.isEmpty() && !w.equalsIgnoreCase("silent-discard")) {
                out.add(w.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return java.util.Set.copyOf(out);
    }

    /**
     * Postfix's smtpd_forbid_unauth_pipelining (default yes since Postfix 3.9): a client that sends
     * more where RFC 2920 says it must wait for the reply is answered {@code 554 5.5.0} and disconnected.
     */
    @WithName("smtpd-forbid-unauth-pipelining")
    @WithDefault("true")
    boolean smtpdForbidUnauthPipelining();

    /** Refuse MAIL before HELO/EHLO (Postfix's smtpd_helo_required; off by default, as in Postfix). */
    @WithName("smtpd-helo-required")
    @WithDefault("false")
    boolean smtpdHeloRequired();

    /** Offer AUTH only over TLS (Postfix's smtpd_tls_auth_only). */
    @WithName("smtpd-tls-auth-only")
    @WithDefault("true")
    boolean smtpdTlsAuthOnly();

    /** Failed AUTH attempts per client address before it is refused for a while; 0 turns throttling off. */
    @WithName("smtpd-auth-failure-limit")
    @WithDefault("5")
    int smtpdAuthFailureLimit();

    /** The window in which failed AUTH attempts are counted, e.g. 10m. */
    @WithName("smtpd-auth-failure-window")
    @WithDefault("10m")
    String smtpdAuthFailureWindow();

    /** The address the listeners bind to. */
    @WithName("smtp-bind-address")
    @WithDefault("0.0.0.0")
    String smtpBindAddress();

    /** Largest message in octets; 0 means unlimited (Postfix's message_size_limit). */
    @WithName("message-size-limit")
    @WithDefault("10240000")
    long messageSizeLimit();


    /** Recipients per message (Postfix's smtpd_recipient_limit); more get 452 4.5.3. */
    @WithName("smtpd-recipient-limit")
    @WithDefault("1000")
    int smtpdRecipientLimit();

    /** Errors in one session before the server hangs up (Postfix's smtpd_hard_error_limit). */
    @WithName("smtpd-hard-error-limit")
    @WithDefault("20")
    int smtpdHardErrorLimit();

    /** How long a client may stay silent (Postfix's smtpd_timeout), e.g. 300s or 5m. */
    @WithName("smtpd-timeout")
    @WithDefault("300s")
    String smtpdTimeout();

    /** How long to wait for the blob store and Kafka before answering 451 4.3.0. */
    @WithName("smtpd-queue-timeout")
    @WithDefault("30s")
    String smtpdQueueTimeout();

    /**
     * Message lines ending in a bare LF (Postfix's smtpd_forbid_bare_newline): {@code reject} answers
     * 550 5.5.2 (except for the exclusions), {@code normalize} accepts them as CRLF. The end of DATA is
     * always only CRLF.CRLF.
     */
    @WithName("smtpd-forbid-bare-newline")
    @WithDefault("reject")
    BareNewline smtpdForbidBareNewline();

    /** Postfix's smtpd_client_restrictions (evaluated at RCPT, smtpd_delay_reject = yes); empty by default. */
    @WithName("smtpd-client-restrictions")
    java.util.Optional<String> smtpdClientRestrictions();

    /** Postfix's smtpd_helo_restrictions; empty by default. */
    @WithName("smtpd-helo-restrictions")
    java.util.Optional<String> smtpdHeloRestrictions();

    /** Postfix's smtpd_sender_restrictions; empty by default. */
    @WithName("smtpd-sender-restrictions")
    java.util.Optional<String> smtpdSenderRestrictions();

    /**
     * Postfix's smtpd_recipient_restrictions; empty by default. Relay control and recipient
     * validation always follow (smtpd_relay_restrictions and smtpd_reject_unlisted_recipient).
     */
    @WithName("smtpd-recipient-restrictions")
    java.util.Optional<String> smtpdRecipientRestrictions();

    /** postscreen_dnsbl_sites: {@code domain[=filter][*weight]}, comma separated; off when empty (the default). */
    @WithName("postscreen-dnsbl-sites")
    java.util.Optional<String> postscreenDnsblSites();

    /** postscreen_dnsbl_threshold: the score (sum of the listing sites' weights) that counts as listed; at least 1. */
    @WithName("postscreen-dnsbl-threshold")
    @WithDefault("1")
    int postscreenDnsblThreshold();

    /** postscreen_dnsbl_action: {@code ignore} (log only, Postfix's default) or {@code enforce} (550 5.7.1 to every RCPT). */
    @WithName("postscreen-dnsbl-action")
    @WithDefault("ignore")
    String postscreenDnsblAction();

    /** How long a client's blocklist score is kept (postscreen_dnsbl_ttl, 1h in Postfix). */
    @WithName("postscreen-dnsbl-ttl")
    @WithDefault("1h")
    String postscreenDnsblTtl();




    default io.kurir.gateway.policy.Restrictions.Lists restrictionLists() {
        return io.kurir.gateway.policy.Restrictions.Lists.parse(smtpdClientRestrictions().orElse(""),
                smtpdHeloRestrictions().orElse(""), smtpdSenderRestrictions().orElse(""),
                smtpdRecipientRestrictions().orElse(""));
    }

    default Duration timeout() {
        return io.kurir.mail.PostfixDuration.parse(smtpdTimeout());
    }

    default io.kurir.mail.NetworkList trustedNetworks() {
        return io.kurir.mail.NetworkList.parse(mynetworks());
    }

    /** A list that may say $mynetworks, expanded. */
    default io.kurir.mail.NetworkList networks(java.util.Optional<String> list) {
        return io.kurir.mail.NetworkList.parse(list.orElse("$mynetworks").replace("$mynetworks", mynetworks()));
    }

    default Duration authFailureWindow() {
        return io.kurir.mail.PostfixDuration.parse(smtpdAuthFailureWindow());
    }

    default Duration queueTimeout() {
        return io.kurir.mail.PostfixDuration.parse(smtpdQueueTimeout());
    }
}
