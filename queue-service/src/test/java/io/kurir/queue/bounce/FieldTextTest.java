package io.kurir.queue.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FieldTextTest {

    @Test
    void controlCharactersCannotBreakALine() {
        assertEquals("a b c d", FieldText.clean("a\r\nb\tc\u0000\u0085d "));
        assertEquals("caf?", FieldText.cleanAscii("caf\u00e9"));
    }

    @Test
    void foldingBreaksBeforeSpacesAndUnfoldsToTheSameText() {
        String value = "smtp; 550 " + "word ".repeat(60).trim();
        String folded = FieldText.field("Diagnostic-Code", value);
        for (String line : folded.split("\r\n")) {
            assertTrue(line.length() <= 78, line);
        }
        assertEquals("Diagnostic-Code: " + value, folded.replace("\r\n", ""), "folding only inserts CRLF");
    }

    @Test
    void aWordTooLongForALineIsCut() {
        String folded = FieldText.field("X", "a".repeat(2000));
        for (String line : folded.split("\r\n")) {
            assertTrue(line.length() <= 998, "line of " + line.length());
        }
    }
}
