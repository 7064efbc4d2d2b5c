package io.kurir.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XtextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "QQ123456789         | QQ123456789",
        "rfc822;a+2Bb@x.test | rfc822;a+b@x.test",
        "+3D+20+2B           | '= +'",
        "caf+C3+A9           | café"
    })
    void decodes(String xtext, String text) {
        assertEquals(Optional.of(text), Xtext.decode(xtext));
        assertEquals(xtext, Xtext.encode(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a=b", "a+", "a+2", "a+2b", "a+G0", "'a b'", "é"
    })
    void refusesWhatIsNotXtext(String xtext) {
        assertEquals(Optional.empty(), Xtext.decode(xtext));
    }
}
