package io.kurir.gateway.policy;

/** The outcome of checking AUTH credentials. */
public sealed interface AuthResult {

    /** The credentials name this account. */
    record Success(String account) implements AuthResult {
    }

    /** Wrong user name or password (which of the two is never told). */
    record Failure() implements AuthResult {
    }

    /** Too many failures from this client recently: not even checked. */
    record Throttled() implements AuthResult {
    }
}
