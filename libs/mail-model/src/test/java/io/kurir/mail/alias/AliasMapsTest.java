package io.kurir.mail.alias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AliasMapsTest {

    @Test
    void buildsTheTablesFromParsedFiles() throws AliasSyntaxException {
        AliasMaps maps = AliasMaps.of(AliasFile.parse("aliases", "Postmaster: root\nroot: budi\n"),
                VirtualFile.parse("virtual", "Example.com anything\ninfo@example.com joe\n"));
        assertEquals(Map.of("postmaster", List.of("root"), "root", List.of("budi")), maps.local());
        assertEquals(Map.of("info@example.com", List.of("joe")), maps.virtual());
        assertEquals(Set.of("example.com"), maps.virtualDomains());
    }

    @Test
    void foldsKeysToLowerCaseAndRefusesKeysThatCollide() {
        AliasMaps maps = new AliasMaps(Map.of("Root", List.of("budi")), Map.of("Info@Example.COM", List.of("joe")),
                Set.of("EXAMPLE.com"));
        assertEquals(Set.of("root"), maps.local().keySet());
        assertEquals(Set.of("info@example.com"), maps.virtual().keySet());
        assertEquals(Set.of("example.com"), maps.virtualDomains());
        assertThrows(IllegalArgumentException.class,
                () -> new AliasMaps(Map.of("root", List.of("a"), "ROOT", List.of("b")), Map.of(), Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AliasMaps(Map.of("root", List.of()), Map.of(), Set.of()));
    }

    @Test
    void emptyHasNothing() {
        assertTrue(AliasMaps.EMPTY.local().isEmpty());
        assertTrue(AliasMaps.EMPTY.virtual().isEmpty());
        assertTrue(AliasMaps.EMPTY.virtualDomains().isEmpty());
        assertEquals(AliasMaps.EMPTY, AliasMaps.of(List.of(), VirtualFile.Parsed.EMPTY));
    }

    @Test
    void theExceptionMessageListsEveryProblem() {
        AliasSyntaxException e = new AliasSyntaxException(List.of("a:1: one", "a:2: two"));
        assertEquals("a:1: one\na:2: two", e.getMessage());
        assertEquals(List.of("a:1: one", "a:2: two"), e.problems());
    }
}
