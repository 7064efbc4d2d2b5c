package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dovecot's choice between NIL, quoted string and literal (RFC 3501 §4.3, §4.5). */
class ImapWriterTest {

    private static void string(String input, String expected) {
        assertEquals(expected, new ImapWriter().string(input).toString(), "string [" + input + "]");
    }

    private static void forHumans(String input, String expected) {
        assertEquals(expected, new ImapWriter().forHumans(input).toString(), "forHumans [" + input + "]");
    }

    @Test
    void stringsAreQuotedUntilTheyNeedALiteral() {
        string("", "\"\"");
        string("NIL", "\"NIL\"");
        string("a\\b", "\"a\\\\b\"");
        string("\\\\\\\\", "\"\\\\\\\\\\\\\\\\\"");
        string("\\\\\\\\\\", "{5}\r\n\\\\\\\\\\");
        string("\"\"\"\"", "\"\\\"\\\"\\\"\\\"\"");
        string("\"\"\"\"\"", "{5}\r\n\"\"\"\"\"");
        string("a\rb", "{3}\r\na\rb");
        string("a\nb", "{3}\r\na\nb");
        string("\u00e9", "{1}\r\n\u00e9");
        string("\u007f", "\"\u007f\"");
    }

    @Test
    void textForHumansIsCleanedAndThenALiteral() {
        forHumans("", "\"\"");
        forHumans(" ", "\"\"");
        forHumans(" \t ", "\"\"");
        forHumans("foo bar", "\"foo bar\"");
        forHumans(" foo", "{3}\r\nfoo");
        forHumans("foo ", "{3}\r\nfoo");
        forHumans(" foo  \t  \t", "{3}\r\nfoo");
        forHumans("a\r\n\tb", "{3}\r\na b");
        forHumans("a\tb", "{3}\r\na b");
        forHumans("hello\"world", "{11}\r\nhello\"world");
        forHumans("hello\\world", "{11}\r\nhello\\world");
        forHumans("Gr\u00fc\u00dfe", "{5}\r\nGr\u00fc\u00dfe");
    }

    @Test
    void rawHeaderStringsLoseTheirLineBreaks() {
        assertEquals("\"<a@b> <c@d>\"", new ImapWriter().nstringNoLf(Optional.of("<a@b>\r\n <c@d>")).toString(),
                "folding CR/LF dropped, the blank kept");
        assertEquals("\"xy\"", new ImapWriter().nstringNoLf(Optional.of("x\ny")).toString(), "a bare LF too");
        assertEquals("NIL", new ImapWriter().nstringNoLf(Optional.empty()).toString(), "absent is NIL");
    }

    @Test
    void nulBecomes0x80InALiteral() {
        assertEquals("{3}\r\na\u0080b", new ImapWriter().string("a\0b").toString(), "NUL may not go out");
        assertEquals("{3}\r\na\u0080b", new ImapWriter().forHumans("a\0b").toString(), "NUL may not go out");
    }
}
