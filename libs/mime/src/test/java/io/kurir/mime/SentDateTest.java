package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Date: parsing for SORT DATE and THREAD (RFC 5322 §3.3, obsolete forms of §4.3). */
class SentDateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Wed, 03 Jan 2024 09:00:00 +0100                   | 2024-01-03T08:00:00Z
            03 Jan 2024 09:00:00 +0100                        | 2024-01-03T08:00:00Z
            Wed 03 Jan 2024 09:00:00 +0100                    | 2024-01-03T08:00:00Z
            Wednesday, 3 January 2024 09:00:00 +0100          | 2024-01-03T08:00:00Z
            wed, 03 JAN 2024 09:00:00 +0100 (CET)             | 2024-01-03T08:00:00Z
            Wed, 03 Jan 2024 09:00 +0100                      | 2024-01-03T08:00:00Z
            Wed, 03 Jan 2024 09 : 00 : 30 +0100               | 2024-01-03T08:00:30Z
            Wed, 3 Jan 24 09:00:00 GMT                        | 2024-01-03T09:00:00Z
            Fri, 21 Nov 97 09:55:06 GMT                       | 1997-11-21T09:55:06Z
            3 Jan 124 09:00:00 UT                             | 2024-01-03T09:00:00Z
            Wed, 03 Jan 2024 09:00:00 EST                     | 2024-01-03T14:00:00Z
            Wed, 03 Jan 2024 09:00:00 EDT                     | 2024-01-03T13:00:00Z
            Wed, 03 Jan 2024 09:00:00 PST                     | 2024-01-03T17:00:00Z
            Wed, 03 Jan 2024 09:00:00 Z                       | 2024-01-03T09:00:00Z
            Wed, 03 Jan 2024 09:00:00 A                       | 2024-01-03T09:00:00Z
            Wed, 03 Jan 2024 09:00:00 CEST                    | 2024-01-03T09:00:00Z
            Wed, 03 Jan 2024 09:00:00                         | 2024-01-03T09:00:00Z
            Wed, 03 Jan 2024 09:00:00 -0000                   | 2024-01-03T09:00:00Z
            Wed, 03 Jan 2024 09:00:00 +01:00                  | 2024-01-03T08:00:00Z
            Wed, 03 Jan 2024 09:00:00 +9959                   | 2023-12-30T05:01:00Z
            Wed, 03-Jan-2024 09:00:00 +0100                   | 2024-01-03T08:00:00Z
            Sun, 31 Dec 2023 23:59:60 +0000                   | 2023-12-31T23:59:59Z
            Wed,03 Jan 2024 09:00:00 +0100 extra words        | 2024-01-03T08:00:00Z
            Wed, 03 Jan 2024 09:00:00 +0100 (unterminated     | 2024-01-03T08:00:00Z
            """)
    void parsesDates(String header, String utc) {
        assertEquals(Optional.of(Instant.parse(utc)), SentDate.instant(header), "parsing " + header);
    }

    @Test
    void rfc5322FoldedExampleWithComment() {
        String header = "Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n"
                + "               -0330 (Newfoundland Time)";
        assertEquals(Optional.of(Instant.parse("1969-02-14T03:02:00Z")), SentDate.instant(header),
                "RFC 5322 Appendix A.6.3");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "garbage", "32 Jan 2024 09:00 +0000", "30 Feb 2024 10:00 +0000",
            "03 Foo 2024 09:00 +0000", "03 Jan 2024", "03 Jan 2024 25:00 +0000", "03 Jan 2024 09:60 +0000",
            "Jan 03 2024 09:00:00 +0000", "2024-01-03T09:00:00Z", "03 Jan 12345 09:00 +0000", "(03 Jan 2024 09:00)",
            "03 Jan 1 09:00 +0000"})
    void garbageIsNoDate(String header) {
        assertEquals(Optional.empty(), SentDate.instant(header), "'" + header + "' is not a date");
    }

    @Test
    void searchSeesTheDateAsWritten() {
        SentDate late = SentDate.parse("Wed, 03 Jan 2024 23:30:00 -0500").orElseThrow();
        assertEquals(LocalDate.of(2024, 1, 3), late.date(), "SENTON compares the date in the sender's zone");
        assertEquals(Instant.parse("2024-01-04T04:30:00Z"), late.instant(), "SORT compares the UTC moment");
    }
}
