package io.kurir.delivery.smtp;

import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.Recipient;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Postfix's smtp(8) client: delivers one message to the recipients of one next hop and says what
 * happened to each. Blocking; many threads may deliver at once through one client, which they
 * share with its connection cache. Never throws for anything the network, DNS or server does:
 * every such failure becomes an outcome. {@link #close()} closes the cached connections.
 */
public final class SmtpClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SmtpClient.class.getName());

    private final SmtpSettings settings;
    private final RoutePlanner planner;
    private final SessionSetup setup;
    private final ScheduledExecutorService timer;
    private final ConnectionCache cache;

    public SmtpClient(SmtpSettings settings, MxResolver resolver) {
        this(settings, resolver, new Random());
    }

    /** @param random orders MX hosts of equal preference (a seeded one makes tests repeatable) */
    public SmtpClient(SmtpSettings settings, MxResolver resolver, Random random) {
        this.settings = settings;
        this.planner = new RoutePlanner(resolver, settings.mxAddressLimit(), random);
        this.setup = new SessionSetup(settings, unverifiedTls());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smtp-client-timer");
            t.setDaemon(true);
            return t;
        });
        this.cache = new ConnectionCache(settings.connectionCacheTimeLimit(), System::nanoTime);
        long reapMillis = Math.max(100, settings.connectionCacheTimeLimit().toMillis());
        timer.scheduleWithFixedDelay(cache::reap, reapMillis, reapMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Delivers {@code message} to {@code recipients} through {@code nexthop}.
     *
     * @param nexthop Postfix next-hop syntax, see {@link NextHop}
     * @param sender the envelope sender; {@code ""} for the null sender ({@code MAIL FROM:<>})
     * @param recipients at least one, all for this next hop
     * @param message the message as stored (any line endings; CRLF and dot-stuffing are done here)
     * @param smtputf8 the message needs SMTPUTF8 (RFC 6531)
     * @param dsnRet {@code FULL} or {@code HDRS} (RFC 3461 section 4.3), null when not given
     * @param dsnEnvid the ENVID (RFC 3461 section 4.4), unencoded, null when not given
     * @return one outcome per recipient, in order
     */
    public DeliveryAttempt deliver(String nexthop, String sender, List<Recipient> recipients, byte[] message,
            boolean smtputf8, String dsnRet, String dsnEnvid) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(message, "message");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients");
        }
        Outcome[] outcomes = new Outcome[recipients.size()];
        try {
            return deliver(nexthop, sender, recipients, message, smtputf8, dsnRet, dsnEnvid, outcomes);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "SMTP delivery to " + nexthop + " failed", e);
            fill(outcomes, recipients, i -> Outcome.deferred(recipients.get(i).address(), "4.3.0", "none",
                    "mail system error while delivering to " + nexthop));
            return new DeliveryAttempt(List.of(outcomes), false);
        }
    }

    private DeliveryAttempt deliver(String nexthop, String sender, List<Recipient> recipients, byte[] message,
            boolean smtputf8, String dsnRet, String dsnEnvid, Outcome[] outcomes) {
        NextHop hop;
        try {
            hop = NextHop.parse(nexthop, settings.tcpPort());
        } catch (IllegalArgumentException e) {
            fill(outcomes, recipients, i -> Outcome.deferred(recipients.get(i).address(), "4.3.5", "none",
                    "mail system configuration error: bad next hop: " + e.getMessage()));
            return new DeliveryAttempt(List.of(outcomes), false);
        }
        // addresses go into command lines: one with a line break or angle bracket would break the protocol
        if (!safe(sender)) {
            fill(outcomes, recipients, i -> Outcome.bounced(recipients.get(i).address(), "5.1.7", "none",
                    "bad sender address syntax"));
            return new DeliveryAttempt(List.of(outcomes), false);
        }
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            if (safe(recipients.get(i).address()) && !recipients.get(i).address().isEmpty()) {
                pending.add(i);
            } else {
                outcomes[i] = Outcome.bounced(recipients.get(i).address(), "5.1.3", "none", "bad recipient address syntax");
            }
        }
        if (pending.isEmpty()) {
            return new DeliveryAttempt(List.of(outcomes), false);
        }
        MailTransaction.Envelope env = new MailTransaction.Envelope(sender,
                pending.stream().map(recipients::get).toList(), DataEncoder.encode(message),
                DataEncoder.hasEightBit(message), smtputf8, dsnRet, dsnEnvid);
        Delivered d = send(hop, env);
        for (int k = 0; k < pending.size(); k++) {
            outcomes[pending.get(k)] = d.outcomes().get(k);
        }
        return new DeliveryAttempt(List.of(outcomes), d.destinationFailed());
    }

    private record Delivered(List<Outcome> outcomes, boolean destinationFailed) {
    }

    private Delivered send(NextHop hop, MailTransaction.Envelope env) {
        String key = hop.text();
        // a cached connection first: RSET (RFC 5321 section 4.1.1.5) proves it alive and clears any state
        for (Optional<SmtpConnection> c = cache.take(key); c.isPresent(); c = cache.take(key)) {
            SmtpConnection conn = c.get();
            try {
                if (!conn.command("RSET", Stage.RSET).positive()) {
                    conn.close();
                    continue;
                }
                return new Delivered(transaction(key, conn, env), false);
            } catch (SessionFailure e) {
                LOG.log(System.Logger.Level.DEBUG, "cached connection unusable: {0}", e.getMessage());
                conn.close();
            }
        }
        Route route = planner.plan(hop);
        if (route instanceof Route.Failed f) {
            return new Delivered(every(env, i -> f.permanent()
                    ? Outcome.bounced(env.recipients().get(i).address(), f.dsnStatus(), "none", f.diagnostic())
                    : Outcome.deferred(env.recipients().get(i).address(), f.dsnStatus(), "none", f.diagnostic())),
                    !f.permanent());
        }
        SessionFailure last = null;
        int sessions = 0;
        for (Target t : ((Route.Targets) route).targets()) {
            if (settings.mxSessionLimit() > 0 && sessions >= settings.mxSessionLimit()) {
                break;
            }
            SmtpConnection conn;
            try {
                conn = SmtpConnection.connect(t, settings, timer);
            } catch (SessionFailure e) {
                last = e;
                continue;
            }
            try {
                setup.open(conn, hop);
            } catch (SessionFailure e) {
                abandon(conn, e);
                last = e;
                continue;
            }
            sessions++; // smtp_mx_session_limit counts sessions that got through EHLO and TLS
            try {
                return new Delivered(transaction(key, conn, env), false);
            } catch (SessionFailure e) {
                abandon(conn, e);
                last = e;
            }
        }
        SessionFailure f = Objects.requireNonNull(last, "no target tried");
        return new Delivered(every(env, i -> {
            Outcome o = Outcome.deferred(env.recipients().get(i).address(), f.dsnStatus(), f.relay(), f.diagnostic());
            return f.reply().isPresent() ? o.withRemote(f.remoteMta().orElse(null), f.reply().get().text()) : o;
        }), true);
    }

    private List<Outcome> transaction(String key, SmtpConnection conn, MailTransaction.Envelope env)
            throws SessionFailure {
        MailTransaction.Result r = new MailTransaction(conn, env).run();
        boolean underLimit = settings.connectionReuseCountLimit() <= 0
                || conn.transactions() < settings.connectionReuseCountLimit();
        if (r.reusable() && underLimit && !settings.connectionCacheTimeLimit().isZero()) {
            cache.put(key, conn);
        } else if (r.reusable()) {
            conn.quit();
        } else {
            conn.close();
        }
        return r.outcomes();
    }

    /** After a failed session: QUIT when the server still listens (RFC 5321 section 4.1.1.10), else just close. */
    private static void abandon(SmtpConnection conn, SessionFailure e) {
        if (e.connectionUsable()) {
            conn.quit();
        } else {
            conn.close();
        }
    }

    private static List<Outcome> every(MailTransaction.Envelope env, java.util.function.IntFunction<Outcome> f) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < env.recipients().size(); i++) {
            out.add(f.apply(i));
        }
        return out;
    }

    private static void fill(Outcome[] outcomes, List<Recipient> recipients, java.util.function.IntFunction<Outcome> f) {
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = f.apply(i);
            }
        }
    }

    private static boolean safe(String address) {
        return address.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '<' || c == '>');
    }

    /** How many idle connections are cached (for tests). */
    int cachedConnections() {
        return cache.size();
    }

    @Override
    public void close() {
        cache.close();
        timer.shutdownNow();
    }

    /**
     * TLS 1.2+ without certificate checks: Postfix's {@code may} and {@code encrypt} levels
     * encrypt but do not authenticate the server (RFC 7435 opportunistic security).
     */
    private static SSLContext unverifiedTls() {
        // an X509ExtendedTrustManager is used as is; a plain X509TrustManager would be wrapped by the
        // JDK with extra checks that refuse some certificates Postfix accepts at these levels
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
