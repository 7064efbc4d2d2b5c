package io.kurir.imap.codec;

import static io.kurir.imap.codec.ParserFixture.assertBad;
import static io.kurir.imap.codec.ParserFixture.assertParses;

import io.kurir.imap.codec.FetchAttribute.Binary;
import io.kurir.imap.codec.FetchAttribute.BinarySize;
import io.kurir.imap.codec.FetchAttribute.BodySection;
import io.kurir.imap.codec.FetchAttribute.Partial;
import io.kurir.imap.codec.FetchAttribute.Section;
import io.kurir.imap.codec.FetchAttribute.SectionText;
import io.kurir.imap.codec.FetchAttribute.Simple;
import io.kurir.imap.codec.ImapCommand.Fetch;
import io.kurir.imap.codec.ImapCommand.Numbering;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FETCH: macros, every attribute, sections and partials, BINARY, CHANGEDSINCE and VANISHED. */
class FetchParserTest {

    private static SequenceSet set(String text) {
        return SequenceSet.parse(text).orElseThrow();
    }

    private static Fetch fetch(String set, FetchAttribute... attributes) {
        return new Fetch("a1", Numbering.SEQUENCE, set(set), List.of(attributes), OptionalLong.empty(), false);
    }

    private static BodySection body(Section section) {
        return new BodySection(section, Optional.empty(), false);
    }

    private static Section section(List<Integer> part, SectionText text, String... fields) {
        return new Section(part, Optional.of(text), List.of(fields));
    }

    static Stream<Arguments> everyAttribute() {
        return Stream.of(
                Arguments.of("ENVELOPE", Simple.ENVELOPE),
                Arguments.of("FLAGS", Simple.FLAGS),
                Arguments.of("INTERNALDATE", Simple.INTERNALDATE),
                Arguments.of("RFC822", Simple.RFC822),
                Arguments.of("RFC822.HEADER", Simple.RFC822_HEADER),
                Arguments.of("RFC822.SIZE", Simple.RFC822_SIZE),
                Arguments.of("RFC822.TEXT", Simple.RFC822_TEXT),
                Arguments.of("BODY", Simple.BODY),
                Arguments.of("BODYSTRUCTURE", Simple.BODYSTRUCTURE),
                Arguments.of("UID", Simple.UID),
                Arguments.of("MODSEQ", Simple.MODSEQ),
                Arguments.of("BODY[]", body(Section.WHOLE)),
                Arguments.of("BODY.PEEK[]", new BodySection(Section.WHOLE, Optional.empty(), true)),
                Arguments.of("BODY[HEADER]", body(Section.of(SectionText.HEADER))),
                Arguments.of("BODY[TEXT]", body(Section.of(SectionText.TEXT))),
                Arguments.of("BODY[1]", body(new Section(List.of(1), Optional.empty(), List.of()))),
                Arguments.of("BODY[4.2.2.1]", body(new Section(List.of(4, 2, 2, 1), Optional.empty(), List.of()))),
                Arguments.of("BODY[1.MIME]", body(section(List.of(1), SectionText.MIME))),
                Arguments.of("BODY[3.1.HEADER]", body(section(List.of(3, 1), SectionText.HEADER))),
                Arguments.of("BODY[2.TEXT]", body(section(List.of(2), SectionText.TEXT))),
                Arguments.of("BODY[HEADER.FIELDS (DATE FROM)]", body(section(List.of(), SectionText.HEADER_FIELDS, "DATE", "FROM"))),
                Arguments.of("BODY[HEADER.FIELDS.NOT (Received \"X-Spam\")]",
                        body(section(List.of(), SectionText.HEADER_FIELDS_NOT, "Received", "X-Spam"))),
                Arguments.of("BODY[1.2.HEADER.FIELDS (Subject)]", body(section(List.of(1, 2), SectionText.HEADER_FIELDS, "Subject"))),
                Arguments.of("BODY[]<0.2048>", new BodySection(Section.WHOLE, Optional.of(new Partial(0, 2048)), false)),
                Arguments.of("BODY.PEEK[TEXT]<100.1>", new BodySection(Section.of(SectionText.TEXT),
                        Optional.of(new Partial(100, 1)), true)),
                Arguments.of("BINARY[]", new Binary(List.of(), Optional.empty(), false)),
                Arguments.of("BINARY.PEEK[1.2]<0.10>", new Binary(List.of(1, 2), Optional.of(new Partial(0, 10)), true)),
                Arguments.of("BINARY.SIZE[3]", new BinarySize(List.of(3))));
    }

    @ParameterizedTest
    @MethodSource("everyAttribute")
    void everyAttributeAloneInParenthesesAndInAnyCase(String attribute, FetchAttribute expected) {
        assertParses(fetch("1", expected), "a1 FETCH 1 " + attribute);
        assertParses(fetch("1", expected), "a1 FETCH 1 (" + attribute + ")");
        // Names in any case; header field names are kept as sent, so they stay as they are.
        int fields = attribute.indexOf(" (");
        String lower = fields < 0 ? attribute.toLowerCase(java.util.Locale.ROOT)
                : attribute.substring(0, fields).toLowerCase(java.util.Locale.ROOT) + attribute.substring(fields);
        assertParses(fetch("1", expected), "a1 fetch 1 " + lower);
    }

    @Test
    void macrosExpand() {
        assertParses(fetch("1:*", Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE), "a1 FETCH 1:* ALL");
        assertParses(fetch("1", Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE), "a1 FETCH 1 fast");
        assertParses(fetch("1", Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY),
                "a1 FETCH 1 FULL");
    }

    @Test
    void severalAttributesKeepTheirOrder() {
        assertParses(fetch("2:4", Simple.FLAGS, body(section(List.of(), SectionText.HEADER_FIELDS, "DATE", "FROM"))),
                "a1 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])");
        assertParses(fetch("4,2:3", Simple.UID, Simple.RFC822_SIZE, new BodySection(Section.WHOLE, Optional.empty(), true)),
                "a1 FETCH 4,2:3 (UID RFC822.SIZE BODY.PEEK[])");
        assertParses(new Fetch("a1", Numbering.UID, set("$"), List.of(Simple.FLAGS), OptionalLong.empty(), false),
                "a1 UID FETCH $ FLAGS");
    }

    @Test
    void changedSinceAndVanished() {
        assertParses(new Fetch("a1", Numbering.SEQUENCE, set("1:*"), List.of(Simple.FLAGS), OptionalLong.of(12345), false),
                "a1 FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)");
        assertParses(new Fetch("a1", Numbering.UID, set("300:500"), List.of(Simple.FLAGS), OptionalLong.of(12345), true),
                "a1 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)");
        assertParses(new Fetch("a1", Numbering.UID, set("1:*"), List.of(Simple.UID, Simple.FLAGS), OptionalLong.of(0), true),
                "a1 uid fetch 1:* (UID FLAGS) (vanished changedsince 0)");
        assertParses(new Fetch("a1", Numbering.SEQUENCE, set("1"), List.of(Simple.FLAGS), OptionalLong.of(7), false),
                "a1 FETCH 1 FLAGS (CHANGEDSINCE 7)");
    }

    @Test
    void fetchErrors() {
        assertBad("a1 FETCH", "FETCH: missing sequence set");
        assertBad("a1 FETCH 1", "FETCH: missing fetch attributes");
        assertBad("a1 FETCH x FLAGS", "FETCH: expected sequence set, found \"x\"");
        assertBad("a1 FETCH 1 (BODYX)", "FETCH: unknown fetch attribute \"BODYX\"");
        assertBad("a1 FETCH 1 ()", "FETCH: expected fetch attribute, found \")\"");
        assertBad("a1 FETCH 1 (FLAGS ALL)", "FETCH: unknown fetch attribute \"ALL\"");
        assertBad("a1 FETCH 1 (FLAGS", "FETCH: expected \")\" closing the fetch attributes, found end of line");
        assertBad("a1 FETCH 1 (FLAGS )", "FETCH: expected fetch attribute, found \")\"");
        assertBad("a1 FETCH 1 BODY.PEEK", "FETCH: expected \"[\" after BODY.PEEK, found end of line");
        assertBad("a1 FETCH 1 BODY[", "FETCH: missing section text (HEADER, HEADER.FIELDS, TEXT)");
        assertBad("a1 FETCH 1 BODY[HEADER", "FETCH: expected \"]\" closing the section, found end of line");
        assertBad("a1 FETCH 1 BODY[MIME]", "FETCH: MIME needs a part number, as in BODY[1.MIME]");
        assertBad("a1 FETCH 1 BODY[0]", "FETCH: part number must not be 0 or start with 0");
        assertBad("a1 FETCH 1 BODY[1.]", "FETCH: expected section text (HEADER, HEADER.FIELDS, TEXT, MIME), found \"]\"");
        assertBad("a1 FETCH 1 BODY[HEADER.FIELDS]", "FETCH: expected a space before header field list, found \"]\"");
        assertBad("a1 FETCH 1 BODY[HEADER.FIELDS ()]", "FETCH: expected header field name, found \")\"");
        assertBad("a1 FETCH 1 BODY[HEADER.FIELDS.NOTE (A)]", "FETCH: unknown section text \"HEADER.FIELDS.NOTE\"");
        assertBad("a1 FETCH 1 BODY[]<0>", "FETCH: expected \".\" in the partial range, found \">\"");
        assertBad("a1 FETCH 1 BODY[]<0.0>", "FETCH: partial length must not be 0 or start with 0");
        assertBad("a1 FETCH 1 BODY[]<-1.5>", "FETCH: expected partial offset, found \"-1.5>\"");
        assertBad("a1 FETCH 1 BINARY[HEADER]", "FETCH: expected part number, found \"HEADER]\"");
        assertBad("a1 FETCH 1 BINARY.SIZE[1]<0.5>", "FETCH: unexpected \"<0.5>\" after the arguments");
        assertBad("a1 FETCH 1 RFC822.SIZE[]", "FETCH: unexpected \"[]\" after the arguments");
        assertBad("a1 FETCH 1 FLAGS (CHANGEDSINCE)", "FETCH: expected a space before mod-sequence, found \")\"");
        assertBad("a1 FETCH 1 FLAGS (FOO 1)", "FETCH: unknown fetch modifier \"FOO\"");
        assertBad("a1 FETCH 1:* (FLAGS) (CHANGEDSINCE 12345 VANISHED)", "FETCH: VANISHED is only allowed with UID FETCH");
        assertBad("a1 UID FETCH 1:* (FLAGS) (VANISHED)", "UID FETCH: VANISHED needs CHANGEDSINCE");
        assertBad("a1 FETCH 1 FLAGS ", "FETCH: expected \"(\" starting the fetch modifiers, found end of line");
        assertBad("a1 FETCH 1 X-GM-MSGID", "FETCH: unknown fetch attribute \"X-GM-MSGID\"");
    }
}
