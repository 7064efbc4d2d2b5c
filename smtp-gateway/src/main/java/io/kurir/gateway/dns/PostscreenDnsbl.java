package io.kurir.gateway.dns;

import io.kurir.smtp.codec.SmtpReply;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * postscreen's DNS blocklist score: {@code postscreen-dnsbl-sites} (off when empty, the default),
 * each listing adds the site's weight, and a client whose score reaches
 * {@code postscreen-dnsbl-threshold} is {@code enforce}d (every RCPT gets {@code 550 5.7.1 Service
 * unavailable; client [ip] blocked using site}) or, with {@code ignore} (Postfix's default action),
 * only logged. Clients in mynetworks are not looked up (postscreen_access_list = permit_mynetworks).
 * A passing score is remembered for a while (postscreen_dnsbl_ttl is 1h in Postfix; here
 * {@code cacheFor}) so a session's recipients cost one round of lookups. A list that fails to
 * answer counts as not listing the client (logged), so a broken list never defers mail.
 */
public final class PostscreenDnsbl {

    private static final Logger LOG = Logger.getLogger("postscreen");
    private static final int CACHE_LIMIT = 10_000;

    public enum Action { IGNORE, ENFORCE }

    private record Score(int value, String site, Instant until) {
    }

    private final List<DnsblSite> sites;
    private final int threshold;
    private final Action action;
    private final DnsResolver dns;
    private final Duration cacheFor;
    private final Clock clock;
    private final Map<String, Score> cache = new ConcurrentHashMap<>();

    public PostscreenDnsbl(List<DnsblSite> sites, int threshold, Action action, DnsResolver dns, Duration cacheFor,
            Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("postscreen-dnsbl-threshold must be at least 1, not " + threshold);
        }
        this.sites = List.copyOf(sites);
        this.threshold = threshold;
        this.action = action;
        this.dns = dns;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    public static Action action(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "ignore" -> Action.IGNORE;
            case "enforce" -> Action.ENFORCE;
            default -> throw new IllegalArgumentException("postscreen-dnsbl-action: use ignore or enforce, not '" + name + "'");
        };
    }

    /** The refusal for this client's recipients, if its score reaches the threshold and the action is enforce. */
    public Optional<SmtpReply> check(String clientAddress) {
        if (sites.isEmpty()) {
            return Optional.empty();
        }
        Score score = score(clientAddress);
        if (score.value() < threshold) {
            return Optional.empty();
        }
        if (action == Action.IGNORE) {
            return Optional.empty();
        }
        return Optional.of(SmtpReply.of(550, "5.7.1", "Service unavailable; client [" + clientAddress + "] blocked using "
                + score.site()));
    }

    private Score score(String clientAddress) {
        Instant now = clock.instant();
        Score cached = cache.get(clientAddress);
        if (cached != null && now.isBefore(cached.until())) {
            return cached;
        }
        int total = 0;
        String top = "";
        int topWeight = 0;
        for (DnsblSite site : sites) {
            try {
                if (site.counts(dns.addresses(site.query(clientAddress)))) {
                    total += site.weight();
                    if (site.weight() > topWeight) {
                        top = site.domain();
                        topWeight = site.weight();
                    }
                }
            } catch (UnknownHostException e) {
                return new Score(0, "", now); // not an address literal: nothing to look up
            } catch (DnsResolver.DnsException e) {
                // as postscreen: a list that does not answer lists nobody
                LOG.warnf("warning: DNSBL lookup error for [%s] at %s: %s", clientAddress, site.domain(), e.getMessage());
            }
        }
        Score score = new Score(total, top, now.plus(cacheFor));
        if (total >= threshold) {
            LOG.infof("DNSBL rank %d for [%s]%s", total, clientAddress, action == Action.IGNORE ? " (ignored)" : "");
            return score; // only passes are remembered: a delisted client is let in at its next try
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(clientAddress, score);
        return score;
    }
}
