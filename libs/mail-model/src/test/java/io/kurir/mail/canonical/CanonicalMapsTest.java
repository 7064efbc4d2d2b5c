package io.kurir.mail.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalMapsTest {

    @Test
    void emptyMeansNoTableHasAnEntry() {
        assertTrue(CanonicalMaps.EMPTY.isEmpty());
        assertTrue(CanonicalMaps.of(List.of(), List.of(), List.of()).isEmpty());
        assertFalse(new CanonicalMaps(Map.of(), Map.of(), Map.of("joe", "Joe.Doe")).isEmpty());
    }

    @Test
    void keysAreFoldedToLowerCaseAndTheTablesCopied() {
        Map<String, String> common = new HashMap<>(Map.of("Joe@A.Test", "Joe.Doe@a.test"));
        CanonicalMaps maps = new CanonicalMaps(common, Map.of(), Map.of());
        common.put("anto", "Anto.Wijaya");
        assertEquals(Map.of("joe@a.test", "Joe.Doe@a.test"), maps.common());
        assertThrows(UnsupportedOperationException.class, () -> maps.common().put("x", "y"));
    }

    @Test
    void refusesDuplicateKeysAndResultsThatAreNoAddress() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new CanonicalMaps(Map.of("joe", "a", "JOE", "b"), Map.of(), Map.of()));
        assertTrue(twice.getMessage()
                .matches("canonical_maps: pattern (joe|JOE) is defined twice \\(patterns ignore case\\)"),
                twice.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new CanonicalMaps(Map.of(), Map.of("joe", "a..b@a.test"), Map.of()));
        assertEquals("sender_canonical_maps: result \"a..b@a.test\" of pattern joe is not an address, a local name"
                + " or @domain", bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new CanonicalMaps(Map.of(), Map.of(), Map.of("@a.test", "@bad_domain")));
        assertThrows(IllegalArgumentException.class, () -> CanonicalMaps.of(
                List.of(new CanonicalEntry("joe", "a", 1), new CanonicalEntry("joe", "b", 2)), List.of(), List.of()));
    }
}
