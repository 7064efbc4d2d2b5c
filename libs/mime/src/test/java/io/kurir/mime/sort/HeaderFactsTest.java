package io.kurir.mime.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.mime.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeaderFactsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aWholeMessageGivesWhatItsParsedHeaderGives() {
        String[] messages = {
            "From: Budi <budi@a.test>\r\nSubject: Re: Tugas\r\nDate: Mon, 15 Jan 2024 10:00:00 +0700\r\n"
                    + "Message-ID: <t2@x>\r\nIn-Reply-To: <t1@x>\r\nSubject: second\r\n\r\nFrom: body@x\r\n\r\nmore\r\n",
            "Subject: bare LF header\nFrom: a@b\n\nFrom: body@x\r\n\r\n",
            "Subject: no body at all\r\nTo: x@y\r\n",
            "Subject: =?UTF-8?Q?=C3=9Cber?= \u00c3\u009c raw\r\nReferences: <a@x>\r\n <b@x>\r\nCc: c@d\r\n\r\n",
            "",
            "Content-Type: multipart/mixed; boundary=b\r\nSubject: parts\r\n\r\n--b\r\nSubject: inner\r\n\r\nx\r\n--b--\r\n",
        };
        for (String m : messages) {
            byte[] raw = bytes(m);
            assertEquals(HeaderFacts.of(MimeMessage.parse(raw).root().header()), HeaderFacts.ofMessage(raw),
                    "the header alone gives the facts of the whole message: " + m);
        }
    }

    @Test
    void takesTheFirstOccurrenceAndReadsTheSentDate() {
        HeaderFacts f = HeaderFacts.ofMessage(bytes("Subject: one\r\nSubject: two\r\nDate: 13 Jan 2024 08:00 GMT\r\n\r\nx"));
        assertEquals(Optional.of("one"), f.subject());
        assertEquals(Optional.empty(), f.from());
        assertEquals(Optional.of(Instant.parse("2024-01-13T08:00:00Z")), f.sentAt());
        assertEquals(Optional.empty(), HeaderFacts.ofMessage(bytes("Date: not a date\r\n\r\n")).sentAt());
        SortInput in = f.input(3, 7, Instant.EPOCH, 42);
        assertEquals(SortInput.of(3, 7, Instant.EPOCH, 42, MimeMessage.parse(bytes("Subject: one\r\nSubject: two\r\n"
                + "Date: 13 Jan 2024 08:00 GMT\r\n\r\nx")).root().header()), in);
    }
}
