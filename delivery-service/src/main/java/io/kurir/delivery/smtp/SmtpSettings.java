package io.kurir.delivery.smtp;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the SMTP client needs to know; each field is the Postfix main.cf parameter of the same name
 * in kebab case (see {@link Builder} for the defaults, which are Postfix's).
 *
 * @param myhostname the name in EHLO/HELO ({@code myhostname})
 * @param tcpPort {@code smtp-tcp-port}: the port when the next hop names none (25)
 * @param tlsSecurityLevel {@code smtp-tls-security-level} ({@code may})
 * @param tlsPolicyMaps {@code smtp-tls-policy-maps}: next hop ({@code b.test}, {@code [relay.test]:587}) → level
 * @param saslPasswordMaps {@code smtp-sasl-password-maps}: next hop or server name → {@code user:password}
 * @param connectTimeout {@code smtp-connect-timeout} (30 s)
 * @param heloTimeout {@code smtp-helo-timeout}: greeting, EHLO/HELO, STARTTLS, AUTH (300 s)
 * @param mailTimeout {@code smtp-mail-timeout} (300 s)
 * @param rcptTimeout {@code smtp-rcpt-timeout} (300 s)
 * @param dataInitTimeout {@code smtp-data-init-timeout} (120 s)
 * @param dataXferTimeout {@code smtp-data-xfer-timeout}: each write of the message (180 s)
 * @param dataDoneTimeout {@code smtp-data-done-timeout}: the reply to the final dot (600 s)
 * @param rsetTimeout {@code smtp-rset-timeout}: RSET on a reused connection (20 s)
 * @param quitTimeout {@code smtp-quit-timeout} (300 s)
 * @param mxAddressLimit {@code smtp-mx-address-limit}: addresses tried per delivery, 0 for no limit (5)
 * @param mxSessionLimit {@code smtp-mx-session-limit}: sessions that got through EHLO (and TLS)
 *        per delivery, 0 for no limit (2)
 * @param connectionCacheTimeLimit {@code smtp-connection-cache-time-limit}: how long an idle
 *        connection is kept for the next delivery to the same next hop; zero turns the cache off (2 s)
 * @param connectionReuseCountLimit {@code smtp-connection-reuse-count-limit}: transactions per
 *        connection, 0 for no limit (0)
 */
public record SmtpSettings(String myhostname, int tcpPort, TlsLevel tlsSecurityLevel, Map<String, TlsLevel> tlsPolicyMaps,
        Map<String, String> saslPasswordMaps, Duration connectTimeout, Duration heloTimeout, Duration mailTimeout,
        Duration rcptTimeout, Duration dataInitTimeout, Duration dataXferTimeout, Duration dataDoneTimeout,
        Duration rsetTimeout, Duration quitTimeout, int mxAddressLimit, int mxSessionLimit,
        Duration connectionCacheTimeLimit, int connectionReuseCountLimit) {

    public SmtpSettings {
        Objects.requireNonNull(myhostname, "myhostname");
        Objects.requireNonNull(tlsSecurityLevel, "tlsSecurityLevel");
        tlsPolicyMaps = Map.copyOf(tlsPolicyMaps);
        saslPasswordMaps = Map.copyOf(saslPasswordMaps);
        for (Duration d : new Duration[] {connectTimeout, heloTimeout, mailTimeout, rcptTimeout, dataInitTimeout,
                dataXferTimeout, dataDoneTimeout, rsetTimeout, quitTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
        if (connectionCacheTimeLimit.isNegative()) {
            throw new IllegalArgumentException("smtp-connection-cache-time-limit must not be negative");
        }
    }

    /** Postfix's defaults with this EHLO name. */
    public static Builder builder(String myhostname) {
        return new Builder(myhostname);
    }

    /** This configuration as a builder, to change a few fields. */
    public Builder toBuilder() {
        Builder b = new Builder(myhostname);
        b.tcpPort = tcpPort;
        b.tlsSecurityLevel = tlsSecurityLevel;
        b.tlsPolicyMaps = tlsPolicyMaps;
        b.saslPasswordMaps = saslPasswordMaps;
        b.connectTimeout = connectTimeout;
        b.heloTimeout = heloTimeout;
        b.mailTimeout = mailTimeout;
        b.rcptTimeout = rcptTimeout;
        b.dataInitTimeout = dataInitTimeout;
        b.dataXferTimeout = dataXferTimeout;
        b.dataDoneTimeout = dataDoneTimeout;
        b.rsetTimeout = rsetTimeout;
        b.quitTimeout = quitTimeout;
        b.mxAddressLimit = mxAddressLimit;
        b.mxSessionLimit = mxSessionLimit;
        b.connectionCacheTimeLimit = connectionCacheTimeLimit;
        b.connectionReuseCountLimit = connectionReuseCountLimit;
        return b;
    }

    /** The TLS level for this next hop: the most specific {@code smtp-tls-policy-maps} entry, else the default. */
    public TlsLevel tlsLevel(NextHop hop) {
        for (String key : hop.lookupKeys()) {
            TlsLevel level = tlsPolicyMaps.get(key);
            if (level != null) {
                return level;
            }
        }
        return tlsSecurityLevel;
    }

    /** Builds {@link SmtpSettings}; starts from Postfix's defaults. */
    public static final class Builder {
        private final String myhostname;
        private int tcpPort = 25;
        private TlsLevel tlsSecurityLevel = TlsLevel.MAY;
        private Map<String, TlsLevel> tlsPolicyMaps = Map.of();
        private Map<String, String> saslPasswordMaps = Map.of();
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration heloTimeout = Duration.ofSeconds(300);
        private Duration mailTimeout = Duration.ofSeconds(300);
        private Duration rcptTimeout = Duration.ofSeconds(300);
        private Duration dataInitTimeout = Duration.ofSeconds(120);
        private Duration dataXferTimeout = Duration.ofSeconds(180);
        private Duration dataDoneTimeout = Duration.ofSeconds(600);
        private Duration rsetTimeout = Duration.ofSeconds(20);
        private Duration quitTimeout = Duration.ofSeconds(300);
        private int mxAddressLimit = 5;
        private int mxSessionLimit = 2;
        private Duration connectionCacheTimeLimit = Duration.ofSeconds(2);
        private int connectionReuseCountLimit = 0;

        private Builder(String myhostname) {
            this.myhostname = myhostname;
        }

        public Builder tcpPort(int v) { tcpPort = v; return this; }
        public Builder tlsSecurityLevel(TlsLevel v) { tlsSecurityLevel = v; return this; }
        public Builder tlsPolicyMaps(Map<String, TlsLevel> v) { tlsPolicyMaps = v; return this; }
        public Builder saslPasswordMaps(Map<String, String> v) { saslPasswordMaps = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder heloTimeout(Duration v) { heloTimeout = v; return this; }
        public Builder mailTimeout(Duration v) { mailTimeout = v; return this; }
        public Builder rcptTimeout(Duration v) { rcptTimeout = v; return this; }
        public Builder dataInitTimeout(Duration v) { dataInitTimeout = v; return this; }
        public Builder dataXferTimeout(Duration v) { dataXferTimeout = v; return this; }
        public Builder dataDoneTimeout(Duration v) { dataDoneTimeout = v; return this; }
        public Builder rsetTimeout(Duration v) { rsetTimeout = v; return this; }
        public Builder quitTimeout(Duration v) { quitTimeout = v; return this; }
        public Builder mxAddressLimit(int v) { mxAddressLimit = v; return this; }
        public Builder mxSessionLimit(int v) { mxSessionLimit = v; return this; }
        public Builder connectionCacheTimeLimit(Duration v) { connectionCacheTimeLimit = v; return this; }
        public Builder connectionReuseCountLimit(int v) { connectionReuseCountLimit = v; return this; }

        /** Every conversation timeout ({@code smtp-*-timeout} except connect) set to {@code v}. */
        public Builder allConversationTimeouts(Duration v) {
            heloTimeout = mailTimeout = rcptTimeout = dataInitTimeout = dataXferTimeout = dataDoneTimeout = rsetTimeout =
                    quitTimeout = v;
            return this;
        }

        public SmtpSettings build() {
            return new SmtpSettings(myhostname, tcpPort, tlsSecurityLevel, tlsPolicyMaps, saslPasswordMaps,
                    connectTimeout, heloTimeout, mailTimeout, rcptTimeout, dataInitTimeout, dataXferTimeout,
                    dataDoneTimeout, rsetTimeout, quitTimeout, mxAddressLimit, mxSessionLimit,
                    connectionCacheTimeLimit, connectionReuseCountLimit);
        }
    }
}
