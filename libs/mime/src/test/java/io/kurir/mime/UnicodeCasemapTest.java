package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** i;unicode-casemap (RFC 5051) equality, order and substring matching. */
class UnicodeCasemapTest {

    @Test
    void caseAndCompositionDoNotMatter() {
        assertTrue(UnicodeCasemap.equal("hello", "HeLLo"), "ASCII case");
        assertTrue(UnicodeCasemap.equal("Grüße", "GRÜßE"), "non-ASCII case");
        assertTrue(UnicodeCasemap.equal("caf\u00e9", "CAFE\u0301"), "precomposed vs combining accent");
        assertTrue(UnicodeCasemap.equal("\u01c6", "\u01c4"), "dž and DŽ share the titlecase ǅ");
        assertTrue(UnicodeCasemap.equal("\ufb01le", "FILE"), "compatibility decomposition of the fi ligature");
        assertFalse(UnicodeCasemap.equal("resume", "résumé"), "accents still distinguish");
    }

    @Test
    void ordersByCodePointOfTheFoldedForm() {
        assertTrue(UnicodeCasemap.compare("apple", "Banana") < 0, "a before B once case is gone");
        assertTrue(UnicodeCasemap.compare("Émile", "Zoe") < 0, "É decomposes to E + accent, before Z");
        assertTrue(UnicodeCasemap.compare("\uffff", "\ud83d\ude00") < 0,
                "code point order (UTF-8 octet order), not UTF-16 unit order");
        assertTrue(UnicodeCasemap.compare("", "a") < 0, "empty first");
        assertEquals(0, UnicodeCasemap.compare("X", "x"), "equal");
    }

    @Test
    void substringsMatchCaselessly() {
        assertTrue(UnicodeCasemap.contains("Grüße aus München", "MÜNCHEN"), "SEARCH SUBJECT müNCHEN");
        assertTrue(UnicodeCasemap.contains("anything", ""), "empty needle");
        assertFalse(UnicodeCasemap.contains("Berlin", "München"), "no match");
    }
}
