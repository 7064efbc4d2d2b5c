package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.store.AccessAction.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessActionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # action                          | type   | code | enhanced | text
            OK                                | OK     |      |          |
            ok                                | OK     |      |          |
            OK friend of ours                 | OK     |      |          |
            DUNNO                             | DUNNO  |      |          |
            dunno whatever                    | DUNNO  |      |          |
            REJECT                            | REJECT | 554  | 5.7.1    | ""
            reject                            | REJECT | 554  | 5.7.1    | ""
            REJECT go away                    | REJECT | 554  | 5.7.1    | go away
            "REJECT 5.7.27 no mail here"      | REJECT | 554  | 5.7.27   | no mail here
            "REJECT 5.7.1"                    | REJECT | 554  | 5.7.1    | ""
            "REJECT 5.7.1go"                  | REJECT | 554  | 5.7.1    | 5.7.1go
            DEFER                             | DEFER  | 450  | 4.7.1    | ""
            "DEFER   try later "              | DEFER  | 450  | 4.7.1    | try later
            "DEFER 4.3.2 busy"                | DEFER  | 450  | 4.3.2    | busy
            550 no such user here             | CODE   | 550  | 5.7.1    | no such user here
            "550 5.1.1 unknown user"          | CODE   | 550  | 5.1.1    | unknown user
            "550 5.01.001 padded"             | CODE   | 550  | 5.1.1    | padded
            450 greylisted                    | CODE   | 450  | 4.7.1    | greylisted
            "421 4.7.0 bye"                   | CODE   | 421  | 4.7.0    | bye
            550                               | CODE   | 550  | 5.7.1    | ""
            "550\ttab separated"            | CODE   | 550  | 5.7.1    | tab separated
            """)
    void parses(String source, Type type, Integer code, String enhanced, String text) {
        AccessAction a = AccessAction.parse(source);
        assertEquals(type, a.type(), source);
        assertEquals(source.strip(), a.source(), "the source is kept as written");
        if (code == null) {
            assertTrue(a.refusal().isEmpty(), source + " must not refuse");
            return;
        }
        AccessAction.Refusal r = a.refusal().orElseThrow(() -> new AssertionError(source + " must refuse"));
        assertEquals(code, r.code(), source);
        assertEquals(enhanced, r.enhancedCode(), source);
        assertEquals(text, r.text(), source);
    }

    @Test
    void refusalsKnowTemporaryPermanentAndHangUp() {
        var defer = AccessAction.parse("DEFER").refusal().orElseThrow();
        assertTrue(defer.temporary());
        assertEquals(AccessAction.ACCESS_DENIED, defer.textOrDefault(), "no text: Postfix's generic text");
        var reject = AccessAction.parse("REJECT spam source").refusal().orElseThrow();
        assertFalse(reject.temporary());
        assertEquals("spam source", reject.textOrDefault());
        assertFalse(reject.disconnects());
        assertTrue(AccessAction.parse("421 go away").refusal().orElseThrow().disconnects());
        assertTrue(AccessAction.parse("521 go away").refusal().orElseThrow().disconnects());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # action                        | the message contains
            ""                              | the action is empty
            "   "                           | the action is empty
            PERMIT                          | PERMIT is a restriction
            HOLD                            | unknown action HOLD
            reject_unauth_destination       | unknown action reject_unauth_destination
            DISCARD spam                    | unknown action DISCARD
            OKAY                            | unknown action OKAY
            250 fine                        | reply code 250 does not refuse
            354 go ahead                    | reply code 354 does not refuse
            199 what                        | reply code 199 does not refuse
            650 what                        | reply code 650 does not refuse
            1234567890                      | Postfix reads an all-numerical action as OK
            55                              | Postfix reads an all-numerical action as OK
            "550 4.7.1 mixed"               | enhanced status code 4.7.1 does not agree with reply code 550
            "450 5.7.1 mixed"               | enhanced status code 5.7.1 does not agree with reply code 450
            "REJECT 4.7.1 mixed"            | does not agree with reply code 554
            "DEFER 5.7.1 mixed"             | does not agree with reply code 450
            "550 2.0.0 fine"                | enhanced status code 2.0.0 does not agree
            "REJECT caf\u00e9"              | only printable ASCII characters, not U+00E9
            """)
    void refuses(String source, String expected) {
        String action = source.replace("\\u00e9", "\u00e9");
        var e = assertThrows(IllegalArgumentException.class, () -> AccessAction.parse(action));
        assertTrue(e.getMessage().startsWith("invalid action '" + action.strip() + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void refusesControlCharactersAndOverlongText() {
        for (String bad : new String[] {"REJECT line\nbreak", "OK\u0000", "550 a\rb"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> AccessAction.parse(bad));
            assertTrue(e.getMessage().contains("control characters"), e.getMessage());
        }
        String longest = "x".repeat(AccessAction.MAX_TEXT);
        assertEquals(longest, AccessAction.parse("REJECT " + longest).refusal().orElseThrow().text());
        var e = assertThrows(IllegalArgumentException.class, () -> AccessAction.parse("REJECT " + longest + "x"));
        assertTrue(e.getMessage().contains("longer than " + AccessAction.MAX_TEXT), e.getMessage());
    }

    @Test
    void equalityFollowsTheWrittenText() {
        assertEquals(AccessAction.parse("REJECT go"), AccessAction.parse(" REJECT go "));
        assertEquals("REJECT go", AccessAction.parse(" REJECT go ").toString());
    }
}
