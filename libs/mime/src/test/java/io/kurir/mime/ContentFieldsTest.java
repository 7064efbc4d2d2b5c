package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Content-Type, Content-Disposition and friends (RFC 2045, RFC 2183, RFC 2231, RFC 3282). */
class ContentFieldsTest {

    private static List<Parameter> params(String contentType) {
        return ContentFields.contentType(contentType).type().parameters();
    }

    @Test
    void continuationsWithAGapAreReportedOneByOne() {
        assertEquals(List.of(new Parameter("title*0", "a"), new Parameter("title*2", "c")),
                params("text/plain; title*0=a; title*2=c"), "segment 1 is missing");
    }

    @Test
    void continuationsWithoutExtendedSegmentsKeepThePlainName() {
        assertEquals(List.of(new Parameter("name", "ab")), params("text/plain; name*1=\"b\"; name*0=\"a\""),
                "joined in index order, no '*' when nothing is extended");
    }

    @Test
    void rfc2231ParametersGoLastSortedByName() {
        assertEquals(List.of(new Parameter("a", "1"), new Parameter("odd*x", "2"), new Parameter("a", "y"),
                new Parameter("b*", "x")),
                params("text/plain; b*=x; a=1; A*0=y; odd*x=2").stream()
                        .map(p -> new Parameter(p.name().equals("A") ? "a" : p.name(), p.value())).toList(),
                "plain parameters keep their order; name*x is not RFC 2231 and stays plain");
    }

    @Test
    void brokenParametersStopReadingButKeepTheType() {
        ContentType type = ContentFields.contentType("text/html; charset=utf-8; garbage; more=1").type();
        assertEquals("html", type.subtype(), "subtype");
        assertEquals(List.of(new Parameter("charset", "utf-8")), type.parameters(), "stops at 'garbage'");
        assertEquals(List.of(new Parameter("name", "=?utf-8?q?a_b?=")),
                params("application/x; name==?utf-8?q?a_b?="), "a bare encoded word is taken as it is");
        assertEquals(List.of(new Parameter("empty", "")), params("text/plain; empty="), "no value");
    }

    @Test
    void incompleteTypeIsNotWellFormed() {
        ContentFields.ParsedType parsed = ContentFields.contentType("multipart; boundary=x");
        assertFalse(parsed.wellFormed(), "no subtype");
        assertEquals(new ContentType("multipart", "", List.of()), parsed.type(), "type kept, parameters dropped");
        MimeMessage message = Messages.crlf("Content-Type: multipart; boundary=x", "", "--x", "", "a", "--x--");
        assertEquals(MimePart.Kind.LEAF, message.root().kind(), "a broken multipart type is not split");
    }

    @Test
    void foldedQuotedBoundaryLosesOnlyTheLineBreak() {
        MimeMessage message = Messages.crlf(
                "Content-Type: multipart/mixed; boundary=\"two",
                " words\"",
                "",
                "--two words",
                "Content-Transfer-Encoding: ?bad",
                "",
                "x",
                "--two words--");
        assertEquals(java.util.Optional.of("two words"), message.root().boundary(), "CRLF dropped, blank kept");
        assertEquals("BODY ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 1 0) \"mixed\")",
                Messages.fetch(message, "BODY"), "an invalid transfer encoding reads as the default");
    }

    @Test
    void otherContentFields() {
        assertEquals(Optional.of("BASE64"), ContentFields.transferEncoding(" BASE64 (comment)"), "case kept");
        assertEquals(Optional.empty(), ContentFields.transferEncoding("base64 junk"), "junk after the token");
        assertEquals(List.of("en", "de-DE"), ContentFields.languages(" en , de-DE"), "language list");
        assertEquals(Optional.of(new ContentDisposition("inline", List.of())), ContentFields.disposition("inline"),
                "disposition without parameters");
        assertEquals(Optional.empty(), ContentFields.disposition(" ; filename=x"), "no disposition type");
    }
}
