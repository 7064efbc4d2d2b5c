package io.kurir.queue.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.queue.rest.AdminToken.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminTokenTest {

    @Test
    void withoutAConfiguredTokenNobodyGetsIn() {
        for (Optional<String> configured : java.util.List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            AdminToken token = new AdminToken(configured);
            assertEquals(Verdict.DISABLED, token.check(Optional.empty()), "no header, token " + configured);
            assertEquals(Verdict.DISABLED, token.check(Optional.of("Bearer ")), "empty bearer, token " + configured);
        }
    }

    @Test
    void onlyTheRightBearerTokenGetsIn() {
        AdminToken token = new AdminToken(Optional.of("s3cret-token"));
        assertEquals(Verdict.ALLOWED, token.check(Optional.of("Bearer s3cret-token")));
        assertEquals(Verdict.ALLOWED, token.check(Optional.of("bearer s3cret-token")), "the scheme is case-insensitive");
        assertEquals(Verdict.UNAUTHORIZED, token.check(Optional.empty()), "no header");
        assertEquals(Verdict.UNAUTHORIZED, token.check(Optional.of("Bearer s3cret-tokem")), "wrong token");
        assertEquals(Verdict.UNAUTHORIZED, token.check(Optional.of("Bearer s3cret")), "a prefix of the token");
        assertEquals(Verdict.UNAUTHORIZED, token.check(Optional.of("Bearer S3CRET-TOKEN")), "tokens are case-sensitive");
        assertEquals(Verdict.UNAUTHORIZED, token.check(Optional.of("Basic s3cret-token")), "another scheme");
        assertEquals(Verdict.UNAUTHORIZED, token.check(Optional.of("s3cret-token")), "no scheme");
    }
}
