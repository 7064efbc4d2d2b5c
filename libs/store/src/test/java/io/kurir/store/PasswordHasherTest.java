package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void verifiesAndSalts() {
        String a = PasswordHasher.hash("rahasia".toCharArray());
        String b = PasswordHasher.hash("rahasia".toCharArray());
        assertTrue(a.startsWith("{PBKDF2-SHA256}310000$"), a);
        assertNotEquals(a, b, "two hashes of one password differ by salt");
        assertTrue(PasswordHasher.verify("rahasia".toCharArray(), a));
        assertFalse(PasswordHasher.verify("Rahasia".toCharArray(), a));
        assertFalse(a.contains("rahasia"));
    }

    @Test
    void garbageHashesNeverVerify() {
        for (String bad : new String[] {null, "", "rahasia", "{PBKDF2-SHA256}", "{PBKDF2-SHA256}x$y$z", "{PBKDF2-SHA256}1$!!$!!"}) {
            assertFalse(PasswordHasher.verify("rahasia".toCharArray(), bad), "must not verify against " + bad);
        }
    }
}
