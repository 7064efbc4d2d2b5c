package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Content-Transfer-Encoding decoding (RFC 2045 §6.7, §6.8) and BINARY[part] (RFC 3516). */
class TransferDecodingTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String base64(String encoded) {
        byte[] raw = bytes(encoded);
        return Messages.latin1(TransferDecoding.base64(raw, 0, raw.length));
    }

    private static String qp(String encoded) {
        byte[] raw = bytes(encoded);
        return Messages.latin1(TransferDecoding.quotedPrintable(raw, 0, raw.length));
    }

    @Test
    void base64IgnoresWhatIsNotInTheAlphabet() {
        assertEquals("Hallo dunia", base64("SGFsbG8gZHVuaWE="));
        assertEquals("Hallo dunia", base64("SGFsbG8g\r\nZHVuaWE=\r\n"), "line breaks");
        assertEquals("Hallo dunia", base64("SGFs bG8g\tZHV!!uaWE="), "blanks and garbage");
        assertEquals("Hallo dunia", base64("SGFsbG8gZHVuaWE"), "padding left off");
        assertEquals("Hallo duni", base64("SGFsbG8gZHVuaQ=="));
        assertEquals("Hallo duni", base64("SGFsbG8gZHVuaQ==garbage after the end"), "decoding ends at =");
        assertEquals("", base64("S"), "a lone character carries no whole octet");
        assertEquals("", base64(""));
    }

    @Test
    void base64KeepsEveryOctetValue() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] encoded = java.util.Base64.getMimeEncoder().encode(all);
        assertArrayEquals(all, TransferDecoding.base64(encoded, 0, encoded.length));
    }

    @Test
    void quotedPrintable() {
        assertEquals("caf\u00c3\u00a9", qp("caf=C3=A9"), "escapes are octets");
        assertEquals("a=b", qp("a=3db"), "lower-case hex");
        assertEquals("softbreak", qp("soft=\r\nbreak"));
        assertEquals("softbreak", qp("soft= \t\r\nbreak"), "blanks after the soft break's =");
        assertEquals("softbreak", qp("soft=\nbreak"), "a soft break with a bare LF");
        assertEquals("hard\r\nbreak", qp("hard \t\r\nbreak"), "transport blanks before a hard break dropped");
        assertEquals("bare\r\nlf", qp("bare\nlf"), "a hard break is CRLF");
        assertEquals("50=% off", qp("50=% off"), "an invalid escape is kept");
        assertEquals("=ZZ and =4", qp("=ZZ and =4"), "invalid and cut-short escapes are kept");
        assertEquals("ends with ", qp("ends with ="), "a soft break at the very end");
        assertEquals("", qp(""));
    }

    @Test
    void encodingNames() {
        assertEquals(Optional.of(TransferDecoding.Encoding.IDENTITY), TransferDecoding.Encoding.of(Optional.empty()));
        assertEquals(Optional.of(TransferDecoding.Encoding.BASE64), TransferDecoding.Encoding.of(Optional.of("BASE64")));
        assertEquals(Optional.of(TransferDecoding.Encoding.QUOTED_PRINTABLE),
                TransferDecoding.Encoding.of(Optional.of("Quoted-Printable")));
        assertEquals(Optional.of(TransferDecoding.Encoding.IDENTITY), TransferDecoding.Encoding.of(Optional.of("8BIT")));
        assertEquals(Optional.empty(), TransferDecoding.Encoding.of(Optional.of("x-uuencode")));
    }

    private static final MimeMessage MIXED = Messages.crlf(
            "Subject: lampiran",
            "Content-Type: multipart/mixed; boundary=b",
            "",
            "--b",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Sel=C3=A4mat pa=",
            "gi",
            "--b",
            "Content-Type: application/octet-stream",
            "Content-Transfer-Encoding: base64",
            "",
            "AAEC/w==",
            "--b",
            "Content-Type: application/x-foo",
            "Content-Transfer-Encoding: x-uuencode",
            "",
            "begin 644 x",
            "--b",
            "Content-Type: message/rfc822",
            "",
            "Subject: inner",
            "",
            "inner",
            "--b--",
            "");

    @Test
    void binarySectionDecodesLeafParts() {
        var text = assertInstanceOf(BinarySection.Result.Decoded.class, BinarySection.decode(MIXED, List.of(1)));
        assertEquals("Sel\u00e4mat pagi", new String(text.content(), StandardCharsets.UTF_8));
        assertTrue(!text.hasNul());
        var octets = assertInstanceOf(BinarySection.Result.Decoded.class, BinarySection.decode(MIXED, List.of(2)));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, octets.content());
        assertTrue(octets.hasNul());
        assertEquals("BINARY[2] ~{4}\r\n\0\1\2\u00ff",
                Messages.latin1(FetchResponse.binaryItem("BINARY[2]", octets)));
        assertEquals("BINARY[1] {13}\r\nSel\u00c3\u00a4mat pagi",
                Messages.latin1(FetchResponse.binaryItem("BINARY[1]", text)));
    }

    @Test
    void binarySectionRefusesWhatItCannotDecode() {
        assertEquals(new BinarySection.Result.UnknownCte("x-uuencode"), BinarySection.decode(MIXED, List.of(3)));
        assertInstanceOf(BinarySection.Result.NotLeaf.class, BinarySection.decode(MIXED, List.of()));
        assertInstanceOf(BinarySection.Result.NotLeaf.class, BinarySection.decode(MIXED, List.of(4)));
        var missing = assertInstanceOf(BinarySection.Result.Decoded.class, BinarySection.decode(MIXED, List.of(9)));
        assertEquals(0, missing.content().length);
    }

    @Test
    void textPartsGoOutWithCrlf() {
        MimeMessage lf = MimeMessage.parse(bytes("Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
                + java.util.Base64.getEncoder().encodeToString(bytes("satu\ndua\n")) + "\n"));
        var decoded = assertInstanceOf(BinarySection.Result.Decoded.class, BinarySection.decode(lf, List.of(1)));
        assertEquals("satu\r\ndua\r\n", Messages.latin1(decoded.content()));
    }
}
