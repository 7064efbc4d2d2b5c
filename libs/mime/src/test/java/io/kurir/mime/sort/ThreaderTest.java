package io.kurir.mime.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** THREAD=ORDEREDSUBJECT, REFERENCES and REFS (RFC 5256 §3, §4) and the response syntax. */
class ThreaderTest {

    private static String thread(ThreadAlgorithm algorithm, List<SortInput> messages) {
        return ThreadResponse.render(Threader.thread(algorithm, messages), SortInput::sequence);
    }

    /** The message numbers of the RFC 5256 §4 example response, linked by References. */
    private static List<SortInput> rfcExample() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(2).id("m2").subject("A").at(1),
                Mail.seq(3).id("m3").subject("B").at(2),
                Mail.seq(6).id("m6").refs("<m3>").subject("Re: B").at(3),
                Mail.seq(4).id("m4").refs("<m3> <m6>").subject("Re: B").at(4),
                Mail.seq(23).id("m23").refs("<m3> <m6>\r\n <m4>").subject("Re: B").at(5),
                Mail.seq(44).id("m44").refs("<m3> <m6>").subject("Re: B").at(6),
                Mail.seq(7).id("m7").refs("<m3> <m6> <m44>").subject("Re: B").at(7),
                Mail.seq(96).id("m96").refs("<m3> <m6> <m44> <m7>").subject("Re: B").at(8));
        Collections.reverse(messages);
        return messages;
    }

    @Test
    void referencesGiveTheRfcExampleResponse() {
        assertEquals("(2)(3 6 (4 23)(44 7 96))", thread(ThreadAlgorithm.REFERENCES, rfcExample()),
                "RFC 5256 §4 example, input order does not matter");
        assertEquals("(102)(103 106 (104 123)(144 107 196))",
                ThreadResponse.render(Threader.thread(ThreadAlgorithm.REFERENCES, rfcExample()), SortInput::uid),
                "UID THREAD numbers the same tree by UID");
    }

    @Test
    void orderedSubjectMakesTheFirstMessageTheParentOfTheRest() {
        assertEquals("(2)(3 (6)(4)(23)(44)(7)(96))", thread(ThreadAlgorithm.ORDEREDSUBJECT, rfcExample()),
                "one thread per base subject, children in sent-date order");
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).subject("Re: B").at(5),
                Mail.seq(2).subject("a").at(3),
                Mail.seq(3).subject("B").at(1),
                Mail.seq(4).subject("A").at(4),
                Mail.seq(5).subject("Fwd: b").at(2),
                Mail.seq(6).subject("c").at(6));
        assertEquals("(3 (5)(1))(2 4)(6)", thread(ThreadAlgorithm.ORDEREDSUBJECT, messages),
                "grouped caselessly by base subject; threads by the sent date of their first message");
    }

    @Test
    void missingParentsBecomeDummiesAndArePruned() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).id("a1").refs("<lost@x>").subject("Topic").at(1),
                Mail.seq(2).id("a2").refs("<lost@x>").subject("Re: Topic").at(2),
                Mail.seq(3).id("a3").refs("<gone@x>").subject("Other").at(3),
                Mail.seq(4).id("a4").subject("Third").at(4),
                Mail.seq(5).id("a5").refs("<a4> <middle@x>").subject("Re: Third").at(5));
        List<ThreadNode> threads = Threader.thread(ThreadAlgorithm.REFERENCES, messages);
        assertEquals("((1)(2))(3)(4 5)", ThreadResponse.render(threads, SortInput::sequence),
                "a top-level dummy with two children stays; with one child it is replaced by the child; "
                        + "a dummy inside a thread gives way to its child");
        assertTrue(threads.get(0).isDummy(), "the first thread is headed by the dummy for <lost@x>");
    }

    @Test
    void loopsInReferencesAreNotLinked() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).id("a").refs("<b>").subject("x1").at(1),
                Mail.seq(2).id("b").refs("<a>").subject("x2").at(2),
                Mail.seq(3).id("c").refs("<p> <q> <p>").subject("x3").at(3),
                Mail.seq(4).id("d").refs("<d>").subject("x4").at(4));
        assertEquals("(2 1)(3)(4)", thread(ThreadAlgorithm.REFERENCES, messages),
                "a and b reference each other: the later link would close a loop and is skipped; "
                        + "a repeated and a self reference are ignored");
    }

    @Test
    void duplicateAndMissingMessageIdsGetUniqueIds() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).id("dup").subject("s").at(1),
                Mail.seq(2).id("dup").subject("t").at(2),
                Mail.seq(3).refs("<dup>").subject("Re: s").at(3),
                Mail.seq(4).header("Message-ID", "no brackets").refs("<dup>").subject("u").at(4));
        assertEquals("(1 (3)(4))(2)", thread(ThreadAlgorithm.REFERENCES, messages),
                "the first message keeps a duplicated id; messages without a valid id still thread");
    }

    @Test
    void inReplyToIsUsedWhenReferencesHasNoValidId() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).id("p").subject("q").at(1),
                Mail.seq(2).id("r").inReplyTo("<p> (John's message of \"Monday <x@y>\")").subject("zz").at(2),
                Mail.seq(3).refs("garbage without ids").inReplyTo("<p>").subject("yy").at(3),
                Mail.seq(4).refs("<r>").inReplyTo("<p>").subject("ww").at(4));
        assertEquals("(1 (2 4)(3))", thread(ThreadAlgorithm.REFERENCES, messages),
                "In-Reply-To only when References has no id; comments and quoted text are not ids");
    }

    @Test
    void referencesGroupsThreadsByBaseSubject() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).subject("Hello").at(1),
                Mail.seq(2).subject("Re: Hello").at(2),
                Mail.seq(3).subject("hello").at(3),
                Mail.seq(4).at(4),
                Mail.seq(5).subject("Re:").at(5));
        assertEquals("((1 2)(3))(4)(5)", thread(ThreadAlgorithm.REFERENCES, messages),
                "a reply joins the original; two originals get a dummy parent; empty base subjects stay apart");
    }

    @Test
    void subjectGroupingPrefersTheDummyOfAThread() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).id("r1").refs("<lost@x>").subject("Re: Topic").at(1),
                Mail.seq(2).id("r2").refs("<lost@x>").subject("Re: Topic").at(2),
                Mail.seq(3).id("t").subject("Topic").at(3),
                Mail.seq(4).id("u").subject("Re: Topic").at(4));
        assertEquals("((1)(2)(3)(4))", thread(ThreadAlgorithm.REFERENCES, messages),
                "the dummy for <lost@x> stays the subject's entry; the original and a later reply join it");
    }

    @Test
    void refsSkipsSubjectGroupingAndOrdersByLatestMessage() {
        List<SortInput> messages = Mail.inputs(
                Mail.seq(1).id("t1").subject("early thread").at(1),
                Mail.seq(2).id("t2").subject("later thread").at(2),
                Mail.seq(3).id("t3").refs("<t1>").subject("Re: early thread").at(3),
                Mail.seq(4).id("t4").subject("later thread").at(4));
        assertEquals("(1 3)((2)(4))", thread(ThreadAlgorithm.REFERENCES, messages), "REFERENCES");
        assertEquals("(2)(1 3)(4)", thread(ThreadAlgorithm.REFS, messages),
                "REFS: no subject grouping, the thread with the newest message last");
    }

    @ParameterizedTest
    @EnumSource(ThreadAlgorithm.class)
    void noMessagesNoThreads(ThreadAlgorithm algorithm) {
        assertEquals("", thread(algorithm, List.of()), "an empty search result gives an empty THREAD response");
    }

    @Test
    void longReplyChainsDoNotOverflowTheStack() {
        List<SortInput> chain = new ArrayList<>();
        int length = 20_000;
        for (int i = 1; i <= length; i++) {
            chain.add(new SortInput(i, i, Instant.EPOCH, 100, Optional.empty(), Optional.of("Re: chain"),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("<c" + i + ">"),
                    Optional.empty(), i == 1 ? Optional.empty() : Optional.of("<c" + (i - 1) + ">")));
        }
        String rendered = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> thread(ThreadAlgorithm.REFERENCES, chain));
        assertTrue(rendered.startsWith("(1 2 3 ") && rendered.endsWith(" 19999 20000)"),
                "one thread, a single chain");
    }
}
