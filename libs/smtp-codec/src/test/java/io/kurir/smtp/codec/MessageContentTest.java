package io.kurir.smtp.codec;

import static io.kurir.smtp.codec.DecoderDriver.line;
import static io.kurir.smtp.codec.DecoderDriver.message;
import static io.kurir.smtp.codec.DecoderDriver.normalized;
import static io.kurir.smtp.codec.DecoderDriver.octets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Message content after DATA: where it ends (the SMTP smuggling defence), dot-unstuffing, bare LF
 * and bare CR, the size limit. Every case is also checked under every two-chunk split.
 */
class MessageContentTest {

    private static final String DATA = "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n";
    private static final List<SmtpInput> ENVELOPE = List.of(
            line("MAIL FROM:<a@example.com>"), line("RCPT TO:<b@example.com>"), line("DATA"));

    /** The text a smuggler hides behind a fake end-of-data. */
    private static final String SMUGGLED = "MAIL FROM:<evil@attacker.example>\r\n"
            + "RCPT TO:<victim@example.com>\r\n"
            + "DATA\r\n"
            + "From: ceo@example.com\r\n";

    /** Decodes DATA + content + rest, asserting the envelope lines and the same result for every split. */
    private static List<SmtpInput> afterData(String contentAndRest, BareNewline mode) {
        byte[] bytes = octets(DATA + contentAndRest);
        List<SmtpInput> whole = DecoderDriver.decodeWhole(bytes, mode);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertEquals(whole, DecoderDriver.decodeCutAt(bytes, mode, cut), "split at offset " + cut);
        }
        assertEquals(ENVELOPE, whole.subList(0, 3), "envelope commands");
        return whole.subList(3, whole.size());
    }

    private static List<SmtpInput> afterData(String contentAndRest) {
        return afterData(contentAndRest, BareNewline.NORMALIZE);
    }

    @ParameterizedTest(name = "smuggling sequence {0}")
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n"})
    void bareLfTerminatorsDoNotEndTheMessage(String fake) {
        List<SmtpInput> inputs = afterData("Subject: t\r\n\r\nhello" + fake + SMUGGLED + ".\r\nQUIT\r\n");
        assertEquals(List.of(
                normalized("Subject: t\r\n\r\nhello\r\n\r\n" + SMUGGLED),
                line("QUIT")), inputs,
                "one message containing the smuggled commands, then QUIT");
    }

    @Test
    void bareCrTerminatorDoesNotEndTheMessage() {
        List<SmtpInput> inputs = afterData("Subject: t\r\n\r\nhello\r.\r" + SMUGGLED + ".\r\nQUIT\r\n");
        assertEquals(List.of(message("Subject: t\r\n\r\nhello\r.\r" + SMUGGLED), line("QUIT")), inputs);
    }

    @Test
    void dotCrFollowedByOtherBytesIsContent() {
        List<SmtpInput> inputs = afterData("a\r\n.\rX\r\n.\r\n");
        assertEquals(List.of(message("a\r\n\rX\r\n")), inputs, "the dot is unstuffed, the bare CR kept");
    }

    @ParameterizedTest(name = "smuggling sequence {0}")
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n"})
    void rejectModeReadsToTheRealEndAndKeepsNothing(String fake) {
        List<SmtpInput> inputs = afterData("hello" + fake + SMUGGLED + ".\r\nQUIT\r\n", BareNewline.REJECT);
        assertEquals(2, inputs.size(), "one message and QUIT: " + inputs);
        SmtpInput.MessageData data = (SmtpInput.MessageData) inputs.get(0);
        assertTrue(data.bareNewline(), "bare LF reported");
        assertEquals(0, data.content().length, "nothing kept in reject mode");
        assertEquals(("hello\r\n\r\n" + SMUGGLED).length(), data.octets(), "octets still counted");
        assertEquals(line("QUIT"), inputs.get(1));
    }

    @Test
    void smugglingAtTheVeryStartOfTheData() {
        assertEquals(List.of(normalized("\r\n" + SMUGGLED), line("QUIT")),
                afterData(".\n" + SMUGGLED + ".\r\nQUIT\r\n"));
    }

    @Test
    void bareLfIsNormalisedToCrLf() {
        assertEquals(List.of(normalized("line one\r\nline two\r\n\r\nend\r\n")),
                afterData("line one\nline two\r\n\nend\r\n.\r\n"));
    }

    @Test
    void crLfContentIsNotFlagged() {
        assertEquals(List.of(message("line one\r\nline two\r\n")), afterData("line one\r\nline two\r\n.\r\n"));
    }

    @Test
    void bareLfInRejectMode() {
        List<SmtpInput> inputs = afterData("ok\r\nbad\nok\r\n.\r\nRSET\r\n", BareNewline.REJECT);
        assertEquals(List.of(new SmtpInput.MessageData(new byte[0], 13, false, true), line("RSET")), inputs);
    }

    @Test
    void cleanMessageInRejectModeIsKept() {
        assertEquals(List.of(message("ok\r\n")), afterData("ok\r\n.\r\n", BareNewline.REJECT));
    }

    @Test
    void bareCrIsJustAnOctet() {
        assertEquals(List.of(message("a\rb\r\nc\r\r\n\r\r\r\n")), afterData("a\rb\r\nc\r\r\n\r\r\r\n.\r\n"));
    }

    @Test
    void dotUnstuffing() {
        assertEquals(List.of(message(".\r\n..\r\n.x\r\nx\r\na.b\r\n.\r\n \r\n")),
                afterData("..\r\n...\r\n..x\r\n.x\r\na.b\r\n..\r\n. \r\n.\r\n"));
    }

    @Test
    void dotFollowedByBareLfIsUnstuffedNotAnEnd() {
        assertEquals(List.of(normalized("a\r\n\r\nb\r\n")), afterData("a\r\n.\nb\r\n.\r\n"));
    }

    @Test
    void emptyMessage() {
        assertEquals(List.of(message(""), line("QUIT")), afterData(".\r\nQUIT\r\n"));
    }

    @Test
    void firstLineDotEndsTheDataEvenAfterABareLfDataCommand() {
        byte[] bytes = octets("DATA\n.\r\nQUIT\r\n");
        assertEquals(List.of(line("DATA"), message(""), line("QUIT")),
                DecoderDriver.decodeWhole(bytes, BareNewline.NORMALIZE));
    }

    @Test
    void emptyLinesAreContent() {
        assertEquals(List.of(message("\r\n\r\n")), afterData("\r\n\r\n.\r\n"));
    }

    @Test
    void contentNeverIncludesTheTerminator() {
        SmtpInput.MessageData data = (SmtpInput.MessageData) afterData("x\r\n.\r\n").get(0);
        assertEquals("x\r\n", new String(data.content(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(3, data.octets());
    }

    @Test
    void binaryOctetsPassThrough() {
        byte[] content = {0, 1, (byte) 0xff, (byte) 0xc3, (byte) 0xa9, 0x7f, 13, 10};
        SmtpInputDecoder decoder = DecoderDriver.decoder(BareNewline.NORMALIZE);
        decoder.startData();
        decoder.feed(content);
        decoder.feed(octets(".\r\n"));
        assertEquals(java.util.Optional.of(new SmtpInput.MessageData(content, 8, false, false)), decoder.next());
    }

    @Test
    void messageOfExactlyTheLimitIsKept() {
        SmtpInputDecoder decoder = new SmtpInputDecoder(1000, 10, BareNewline.NORMALIZE);
        List<SmtpInput> inputs = DecoderDriver.decode(decoder, octets("DATA\r\n12345678\r\n.\r\n"), List.of(3));
        assertEquals(List.of(line("DATA"), message("12345678\r\n")), inputs);
    }

    @Test
    void oversizedMessageIsFlaggedAndTheNextCommandStillParsed() {
        byte[] bytes = octets("DATA\r\n123456789\r\n..two\r\n.\r\nMAIL FROM:<x@y>\r\n");
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<SmtpInput> inputs = DecoderDriver.decode(new SmtpInputDecoder(1000, 10, BareNewline.NORMALIZE),
                    bytes, List.of(Math.max(1, cut), bytes.length));
            assertEquals(List.of(line("DATA"), new SmtpInput.MessageData(new byte[0], 17, true, false),
                    line("MAIL FROM:<x@y>")), inputs, "first chunk of " + cut + " octets");
        }
    }

    @Test
    void hugeMessageIsCountedButNotBuffered() {
        long limit = 64 * 1024;
        SmtpInputDecoder decoder = new SmtpInputDecoder(1000, limit, BareNewline.NORMALIZE);
        decoder.startData();
        byte[] chunk = octets(("x".repeat(78) + "\r\n").repeat(100)); // 8000 octets
        List<SmtpInput> inputs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            decoder.feed(chunk);
            DecoderDriver.drain(decoder, inputs);
            assertEquals(0, decoder.bufferedBytes(), "fed bytes are consumed at once in data mode");
        }
        decoder.feed(octets(".\r\nQUIT\r\n"));
        DecoderDriver.drain(decoder, inputs);
        assertEquals(List.of(new SmtpInput.MessageData(new byte[0], 8_000_000, true, false), line("QUIT")), inputs);
    }

    @Test
    void secondMessageStartsFresh() {
        SmtpInputDecoder decoder = new SmtpInputDecoder(1000, 10, BareNewline.NORMALIZE);
        String first = "DATA\r\nfar too long for ten\nx\r\n.\r\n";
        String second = "DATA\r\nsmall\r\n.\r\n";
        assertEquals(List.of(line("DATA"), new SmtpInput.MessageData(new byte[0], 25, true, true),
                        line("DATA"), message("small\r\n")),
                DecoderDriver.decode(decoder, octets(first + second), List.of(5)));
    }
}
