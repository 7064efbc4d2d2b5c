package io.kurir.gateway.policy;

import io.kurir.mail.MailDomains;
import io.kurir.store.AccountStore;
import java.util.Arrays;
import java.util.Optional;

/**
 * SMTP AUTH against the accounts in PostgreSQL. The login is the account name, or the account name
 * with one of the {@code mydestination} domains ({@code fauzan} or {@code fauzan@localhost}).
 *
 * <p>Blocking (PostgreSQL and a deliberately slow password hash): call it on a worker thread.
 */
public final class AuthService {

    private final AccountStore accounts;
    private final MailDomains domains;
    private final AuthThrottle throttle;

    public AuthService(AccountStore accounts, MailDomains domains, AuthThrottle throttle) {
        this.accounts = accounts;
        this.domains = domains;
        this.throttle = throttle;
    }

    public AuthResult check(String clientAddress, String login, char[] password) {
        try {
            if (throttle.blocked(clientAddress)) {
                return new AuthResult.Throttled();
            }
            Optional<String> account = accountName(login);
            if (account.isPresent() && accounts.authenticate(account.get(), password)) {
                return new AuthResult.Success(AccountStore.normalize(account.get()));
            }
            throttle.failed(clientAddress);
            return new AuthResult.Failure();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private Optional<String> accountName(String login) {
        return AccountStore.accountName(login, domains);
    }
}
