package io.kurir.mail.config;

import io.kurir.mail.MailDomains;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * Postfix's naming parameters, shared by every service's {@code @ConfigMapping(prefix = "kurir")}
 * interface (which extends this one), so each key is defined and documented once.
 */
public interface NamingConfig {

    /** This system's host name (default: the machine's fully-qualified name). */
    Optional<String> myhostname();

    /** The parent domain of myhostname (default: myhostname minus its first label). */
    Optional<String> mydomain();

    /** The domain appended to unqualified addresses (default: $myhostname). */
    Optional<String> myorigin();

    /** Domains delivered locally (default: $myhostname, localhost.$mydomain, localhost). */
    Optional<String> mydestination();

    /** Characters that separate user name and extension in local parts (Postfix's recipient_delimiter, e.g. "+-"). */
    @WithName("recipient-delimiter")
    @WithDefault("+")
    String recipientDelimiter();

    /** The four naming parameters with Postfix's defaults filled in. */
    default MailDomains domains() {
        return MailDomains.resolve(myhostname(), mydomain(), myorigin(), mydestination());
    }
}
