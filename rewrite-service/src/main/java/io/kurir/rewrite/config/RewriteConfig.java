package io.kurir.rewrite.config;

import io.kurir.mail.MailDomains;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/** Postfix's cleanup and trivial-rewrite parameters, under {@code kurir.}. */
@ConfigMapping(prefix = "kurir")
public interface RewriteConfig {

    /** This system's host name (default: the machine's fully-qualified name). */
    Optional<String> myhostname();

    /** The parent domain of myhostname (default: myhostname minus its first label). */
    Optional<String> mydomain();

    /** The domain appended to unqualified addresses (default: $myhostname). */
    Optional<String> myorigin();

    /** Domains delivered locally (default: $myhostname, localhost.$mydomain, localhost). */
    Optional<String> mydestination();

    /** The separator between user name and extension in local parts, like Postfix's recipient_delimiter. */
    @WithName("recipient-delimiter")
    @WithDefault("+")
    String recipientDelimiter();

    /**
     * Add missing From/To/Date/Message-Id headers for every client, not only local ones (Postfix's
     * always_add_missing_headers).
     */
    @WithName("always-add-missing-headers")
    @WithDefault("false")
    boolean alwaysAddMissingHeaders();

    default MailDomains domains() {
        return MailDomains.resolve(myhostname(), mydomain(), myorigin(), mydestination());
    }
}
