package io.kurir.mime.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Base subject extraction, RFC 5256 §2.1. */
class BaseSubjectTest {

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Hello                                 | Hello                | false
            "  many   spaces\there  "             | many spaces here     | false
            Re: hello                             | hello                | true
            Re: [list] Fwd: hello (fwd)           | hello                | true
            [fwd: Re: x]                          | x                    | true
            Fwd: [fwd: x] (fwd)                   | x                    | true
            [FWD: [fwd: inner] ]                  | inner                | true
            Re: Re: RE: fw: FWD: x                | x                    | true
            Re [2]: x                             | x                    | true
            Re:x                                  | x                    | true
            re : x                                | x                    | true
            [a][b] Re: x                          | x                    | true
            re: [PATCH 1/2] Fix the thing         | Fix the thing        | true
            [list] hello                          | hello                | false
            [a] [b] hello                         | hello                | false
            [only a blob]                         | [only a blob]        | false
            "Re: [list] "                         | [list]               | true
            hello (fwd) (FWD)                     | hello                | true
            (fwd)                                 | ""                   | true
            Re:                                   | ""                   | true
            Reply: x                              | Reply: x             | false
            Fwdx: y                               | Fwdx: y              | false
            [fwd: unclosed                        | [fwd: unclosed       | false
            Re: [unclosed blob                    | [unclosed blob       | true
            AW: German reply                      | AW: German reply     | false
            =?utf-8?q?Re=3A_caf=C3=A9?=           | café                 | true
            =?utf-8?q?Re:?= =?utf-8?b?w6k=?=      | é                    | true
            """)
    void extractsTheBaseSubject(String subject, String base, boolean replyOrForward) {
        assertEquals(new BaseSubject(base, replyOrForward), BaseSubject.of(subject), "base subject of " + subject);
    }

    @Test
    void rawUtf8SubjectsAreDecoded() {
        String raw = new String("Re: Grüße\r\n aus München".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        assertEquals(new BaseSubject("Grüße aus München", true), BaseSubject.of(raw),
                "raw 8-bit header bytes read as UTF-8, folding becomes one space");
    }

    @Test
    void keysCompareCaselessly() {
        assertEquals(BaseSubject.of("Re: HELLO wörld").key(), BaseSubject.of("hello WÖRLD").key(),
                "i;unicode-casemap makes these the same subject");
    }
}
