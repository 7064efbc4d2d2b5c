package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 2047 decoding of header text for SORT, THREAD and SEARCH. */
class EncodedWordsTest {

    static Stream<Arguments> words() {
        return Stream.of(
                Arguments.of("plain text", "plain text"),
                Arguments.of("=?UTF-8?B?w4ltaWxlIFpvbGE=?=", "Émile Zola"),
                Arguments.of("=?ISO-8859-1?Q?Fran=E7ois_M=FCller?=", "François Müller"),
                Arguments.of("=?utf-8?b?w6k=?=", "é"),
                Arguments.of("=?utf-8?b?w6k?=", "é"),
                Arguments.of("=?KOI8-R?B?6dfBziDwxdTSz9c=?=", "Иван Петров"),
                Arguments.of("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "日本語"),
                Arguments.of("=?windows-1252?Q?=93Smart=94_Quotes?=", "\u201cSmart\u201d Quotes"),
                Arguments.of("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
                Arguments.of("=?utf-8?q?a?=\r\n =?utf-8?q?b?=\t=?utf-8?q?c?=", "abc"),
                Arguments.of("=?utf-8?q?a?= b =?utf-8?q?c?=", "a b c"),
                Arguments.of("Re: =?utf-8?q?caf=C3=A9?= now", "Re: café now"),
                Arguments.of("=?utf-8?q?=C3?= =?utf-8?q?=A9?=", "é"),
                Arguments.of("=?iso-8859-1?q?=E9?= =?utf-8?q?=C3=A9?=", "éé"),
                Arguments.of("=?utf-8*en?q?hello?=", "hello"),
                Arguments.of("=?utf-8?q?100=_sure=4?=", "100= sure=4"),
                Arguments.of("=?utf-8?q??=", ""),
                Arguments.of("x=?utf-8?q?y?=z", "xyz"),
                Arguments.of("=?x-no-such-charset?q?a?=", "=?x-no-such-charset?q?a?="),
                Arguments.of("=?utf-8?x?a?=", "=?utf-8?x?a?="),
                Arguments.of("=?utf-8?b?!!!?=", "=?utf-8?b?!!!?="),
                Arguments.of("=?utf-8?q?a b?=", "=?utf-8?q?a b?="),
                Arguments.of("=?utf-8?q?abc", "=?utf-8?q?abc"),
                Arguments.of("=??q?a?=", "=??q?a?="),
                Arguments.of("=?utf-8?q?a?= =?bogus?q?b?= =?utf-8?q?c?=", "a =?bogus?q?b?= c"),
                Arguments.of("=?=?utf-8?q?ok?=", "=?ok"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("words")
    void decodesEncodedWords(String header, String expected) {
        assertEquals(expected, EncodedWords.decode(header), "decoding " + header);
        assertEquals(expected, EncodedWords.decodeHeader(header.replace("\r\n", "")),
                "the same ASCII input read as a raw header byte string");
    }

    @Test
    void rawHeaderBytesAreReadAsUtf8AndUnfolded() {
        String raw = new String("Grüße\r\n =?utf-8?q?=E2=9C=93?=".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        assertEquals("Grüße ✓", EncodedWords.decodeHeader(raw), "raw UTF-8 kept, CRLF of folding removed");
    }

    @Test
    void invalidRawUtf8BecomesReplacementCharacter() {
        assertEquals("M\uFFFDller", EncodedWords.decodeHeader("M\u00fcller"),
                "a lone Latin-1 byte is not UTF-8 and is replaced, as Dovecot does");
    }

    @Test
    void unicodeInputPassesThroughUnchanged() {
        assertEquals("Grüße 東京 =?utf-8?q?x?", EncodedWords.decode("Grüße 東京 =?utf-8?q?x?"),
                "decode() leaves non-ASCII Unicode and broken words alone");
    }

    @Test
    void hostileInputStaysLinear() {
        String manyStarts = "=?".repeat(200_000);
        String neverEnds = "=?utf-8?q?" + "a=?b?q?".repeat(50_000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertEquals(manyStarts, EncodedWords.decode(manyStarts), "only starts, no words");
            assertEquals(neverEnds, EncodedWords.decodeHeader(neverEnds), "a word that never ends");
        });
    }
}
