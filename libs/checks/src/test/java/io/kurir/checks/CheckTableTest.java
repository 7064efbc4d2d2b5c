package io.kurir.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckTableTest {

    private static Optional<Action> lookup(String table, String input) {
        return CheckTable.parse(table, "test").match(input).map(Match::action);
    }

    private static Action action(String table, String input) {
        return lookup(table, input).orElseThrow(() -> new AssertionError("no rule matched \"" + input + "\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            REJECT spam here                 | REJECT   | spam here
            reject                           | REJECT   | ''
            DISCARD silently                 | DISCARD  | silently
            Hold for review                  | HOLD     | for review
            WARN looks odd                   | WARN     | looks odd
            INFO routine                     | INFO     | routine
            IGNORE                           | IGNORE   | ''
            REDIRECT spam@example.org        | REDIRECT | spam@example.org
            PREPEND X-Spam: yes              | PREPEND  | X-Spam: yes
            REPLACE Subject: [SPAM]          | REPLACE  | Subject: [SPAM]
            FILTER scan:[127.0.0.1]:10025    | FILTER   | scan:[127.0.0.1]:10025
            DUNNO                            | DUNNO    | ''
            OK                               | DUNNO    | ''
            """)
    void everyActionParsesWithItsText(String actionText, String keyword, String text) {
        Action action = action("/^Subject:/ " + actionText, "Subject: hello");
        assertEquals(keyword, action.keyword());
        assertEquals(text, action.text());
    }

    @Test
    void actionsAreTypedAndKnowWhetherTheyDecideTheMessage() {
        assertTrue(action("/x/ REJECT", "x") instanceof Action.Reject r && r.terminal() && r.endsInspection());
        assertTrue(action("/x/ DISCARD", "x") instanceof Action.Discard d && d.endsInspection());
        assertTrue(action("/x/ HOLD", "x") instanceof Action.Hold h && h.terminal() && !h.endsInspection());
        assertTrue(action("/x/ REDIRECT a@b", "x") instanceof Action.Redirect r && r.terminal());
        assertFalse(action("/x/ WARN", "x").terminal());
        assertFalse(action("/x/ PREPEND X-A: b", "x").terminal());
    }

    @Test
    void rejectTextMayCarryAnEnhancedStatusCode() {
        var plain = (Action.Reject) action("/x/ REJECT spam", "x");
        assertEquals("5.7.1", plain.statusCode());
        assertEquals("spam", plain.reason());
        assertFalse(plain.temporary());
        var coded = (Action.Reject) action("/x/ REJECT 4.7.0 try later", "x");
        assertEquals("4.7.0", coded.statusCode());
        assertEquals("try later", coded.reason());
        assertTrue(coded.temporary());
        var bare = (Action.Reject) action("/x/ REJECT", "x");
        assertEquals(Action.Reject.DEFAULT_REASON, bare.reason());
    }

    @Test
    void patternsAreCaseInsensitiveByDefaultAndIToggles() {
        assertTrue(lookup("/^subject: VIAGRA/ REJECT", "Subject: viagra").isPresent());
        assertFalse(lookup("/^subject: VIAGRA/i REJECT", "Subject: viagra").isPresent());
        assertTrue(lookup("/^Subject: viagra/i REJECT", "Subject: viagra").isPresent());
        assertTrue(lookup("/^subject: VIAGRA/ii REJECT", "Subject: viagra").isPresent(), "ii toggles twice");
    }

    @Test
    void negatedPatternMatchesWhenThePatternDoesNot() {
        String table = "!/^Received:/ WARN not a Received header";
        assertTrue(lookup(table, "Subject: hi").isPresent());
        assertFalse(lookup(table, "Received: from x").isPresent());
    }

    @Test
    void firstMatchingRuleWinsAndReportsItsLine() {
        String table = """
                # header checks
                /^Subject:.*free/   WARN free
                /^Subject:/         HOLD

                /^Subject:.*money/  REJECT
                """;
        Match match = CheckTable.parse(table, "/etc/kurir/header_checks").match("Subject: free money").orElseThrow();
        assertEquals("WARN", match.action().keyword());
        assertEquals(2, match.line());
        assertEquals("/etc/kurir/header_checks:2", match.location());
        assertEquals(3, CheckTable.parse(table, "t").match("Subject: money").orElseThrow().line());
    }

    @Test
    void dunnoStopsTheSearchForThisInput() {
        String table = """
                /^Subject: newsletter/  DUNNO
                /^Subject:/             REJECT
                """;
        assertTrue(action(table, "Subject: newsletter") instanceof Action.Dunno);
        assertEquals("REJECT", action(table, "Subject: other").keyword());
    }

    @Test
    void ifBlocksApplyOnlyWhenTheirConditionHolds() {
        String table = """
                if /^Subject:/
                /lottery/       REJECT lottery subject
                endif
                /lottery/       WARN lottery elsewhere
                """;
        assertEquals("REJECT", action(table, "Subject: lottery").keyword());
        assertEquals("WARN", action(table, "X-Note: lottery").keyword());
    }

    @Test
    void ifBlocksNestAndNegate() {
        String table = """
                IF /^Subject:/
                if !/^Subject:.*\\[list\\]/
                /win/           REJECT win
                endif
                /./             WARN other subject
                ENDIF
                /./             INFO not a subject
                """;
        assertEquals("REJECT", action(table, "Subject: you win").keyword());
        assertEquals("WARN", action(table, "Subject: [list] you win").keyword());
        assertEquals("INFO", action(table, "From: win").keyword());
    }

    @Test
    void continuationLinesJoinTheLineBeforeAndCommentsAndBlankLinesAreSkipped() {
        String table = """
                # a comment
                /^X-Mailer: (.*bulk.*)/

                    # a comment between the pattern and its action
                    REJECT mailer
                    $1 not welcome
                   # indented comment
                /^X-Other:/ WARN
                """;
        Match match = CheckTable.parse(table, "t").match("X-Mailer: bulkmailer 2.0").orElseThrow();
        assertEquals("mailer    bulkmailer 2.0 not welcome", match.action().text());
        assertEquals(2, match.line(), "a continued line is numbered by its first line");
        assertEquals(8, CheckTable.parse(table, "t").match("X-Other: y").orElseThrow().line());
    }

    @Test
    void groupsAreSubstitutedInEveryNotation() {
        String table = "/^From: (.*)@(example\\.(com|org))/ REJECT $1 at ${2}, $(3)! costs $$5; ${0}";
        assertEquals("bob at example.org, org! costs $5; From: bob@example.org",
                action(table, "From: bob@example.org").text());
    }

    @Test
    void aGroupThatDidNotTakePartIsReplacedByNothing() {
        assertEquals("[]", action("/^a(x)?b/ WARN [$1]", "ab").text());
    }

    @Test
    void otherDelimitersAndEscapedDelimiterWork() {
        assertTrue(lookup("/^Content-Type: text\\/html/ WARN html", "Content-Type: text/html").isPresent());
        assertTrue(lookup("~^[[:alnum:]+/]{10,}$~ OK", "QUJDREVGR0hJSktMTU4/+").isPresent());
    }

    @Test
    void theXFlagSwitchesToBasicSyntax() {
        assertTrue(lookup("/^a+$/x WARN", "a+").isPresent());
        assertFalse(lookup("/^a+$/x WARN", "aa").isPresent());
    }

    @Test
    void inputBeyondTheCapIsNotLookedAt() {
        String input = "a".repeat(CheckTable.MAX_INPUT_LENGTH) + "needle";
        assertFalse(lookup("/needle/ REJECT", input).isPresent());
        assertTrue(lookup("/^a+$/ WARN", input).isPresent(), "matched against the capped input");
    }

    @Test
    void emptyTableMatchesNothing() {
        assertTrue(CheckTable.empty("none").isEmpty());
        assertFalse(CheckTable.empty("none").match("Subject: x").isPresent());
        assertTrue(CheckTable.parse("# only comments\n\n", "t").isEmpty());
    }

    @Test
    void aListOfTablesIsSearchedInOrderAndTheFirstMatchNamesItsTable() {
        CheckTable first = CheckTable.parse("/^Subject: a/ HOLD first\n/^Subject: keep/ DUNNO\n", "imported");
        CheckTable second = CheckTable.parse("/^Subject:/ WARN second\n", "/etc/kurir/header_checks");
        CheckTable both = first.followedBy(second);
        Match a = both.match("Subject: abc").orElseThrow();
        assertEquals("HOLD", a.action().keyword());
        assertEquals("imported:1", a.location());
        Match b = both.match("Subject: zzz").orElseThrow();
        assertEquals("WARN", b.action().keyword());
        assertEquals("/etc/kurir/header_checks:1", b.location());
        assertTrue(both.match("Subject: keep").get().action() instanceof Action.Dunno,
                "a DUNNO in the first table ends the search, as in Postfix");
        assertFalse(both.match("From: x").isPresent());
        assertFalse(both.isEmpty());
        assertTrue(CheckTable.empty("a").followedBy(CheckTable.empty("b")).isEmpty());
        assertEquals(second, CheckTable.empty("a").followedBy(second));
    }
}
