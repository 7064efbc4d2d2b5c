package io.kurir.mail;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderBlockTest {

    @Test
    void splitsFieldsKeepingFoldingAndBytes() {
        String msg = "Subject: Praktikum\r\n\tsambungan\r\nX-Utf8: caf\u00e9\r\nTo: a@b\r\n\r\nbody\r\n";
        HeaderBlock h = HeaderBlock.parse(msg.getBytes(UTF_8));
        assertEquals(List.of("Subject", "X-Utf8", "To"), h.fields().stream().map(HeaderBlock.Field::name).toList());
        assertArrayEquals("Subject: Praktikum\r\n\tsambungan\r\n".getBytes(UTF_8), h.fields().get(0).raw());
        assertEquals("Praktikum sambungan", h.fields().get(0).value());
        assertEquals("caf\u00e9", h.first("x-utf8").orElseThrow().value());
        assertEquals("body\r\n", new String(msg.getBytes(UTF_8), h.bodyOffset(), 6, UTF_8));
    }

    @Test
    void aLineWithoutColonStartsTheBody() {
        byte[] msg = "Subject: x\r\nthis is body text\r\nmore\r\n".getBytes(UTF_8);
        HeaderBlock h = HeaderBlock.parse(msg);
        assertEquals(1, h.fields().size());
        assertEquals("Subject: x\r\n".length(), h.bodyOffset());
    }

    @Test
    void headersOnlyMessageAndEmptyMessage() {
        HeaderBlock h = HeaderBlock.parse("Subject: only".getBytes(UTF_8));
        assertEquals(1, h.fields().size());
        assertEquals(13, h.bodyOffset());
        HeaderBlock empty = HeaderBlock.parse(new byte[0]);
        assertTrue(empty.fields().isEmpty());
    }

    @Test
    void bodyOnlyMessageHasNoHeaders() {
        HeaderBlock h = HeaderBlock.parse("\r\nhello\r\n".getBytes(UTF_8));
        assertTrue(h.fields().isEmpty());
        assertEquals(2, h.bodyOffset());
    }
}
