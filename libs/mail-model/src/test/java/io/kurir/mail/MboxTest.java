package io.kurir.mail;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class MboxTest {

    @Test
    void writesTheClassicSeparatorQuotesFromAndUsesLf() {
        ZonedDateTime t = ZonedDateTime.of(2010, 6, 8, 20, 39, 20, 0, ZoneOffset.ofHours(7));
        byte[] msg = "Return-Path: <afau@localhost>\r\nSubject: x\r\n\r\nFrom here on\r\nbye\r\n".getBytes(UTF_8);
        String entry = new String(Mbox.entry(Mbox.senderOf(msg), t, msg), UTF_8);
        assertEquals("From afau@localhost Tue Jun  8 20:39:20 2010\n"
                + "Return-Path: <afau@localhost>\nSubject: x\n\n>From here on\nbye\n\n", entry);
    }

    @Test
    void nullSenderIsMailerDaemon() {
        ZonedDateTime t = ZonedDateTime.of(2026, 11, 28, 9, 5, 1, 0, ZoneOffset.UTC);
        String sender = Mbox.senderOf("Return-Path: <>\r\n\r\n".getBytes(UTF_8));
        assertEquals("From MAILER-DAEMON Sat Nov 28 09:05:01 2026", Mbox.separator(sender, t));
    }
}
