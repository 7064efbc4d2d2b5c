package io.kurir.checks;

import java.util.Locale;
import java.util.regex.MatchResult;

/** The action part of a table rule as written: its keyword and its text before substitution. */
final class ActionSpec {

    private enum Keyword {
        REJECT(TextRule.OPTIONAL),
        DISCARD(TextRule.OPTIONAL),
        HOLD(TextRule.OPTIONAL),
        WARN(TextRule.OPTIONAL),
        INFO(TextRule.OPTIONAL),
        REDIRECT(TextRule.ONE_WORD),
        FILTER(TextRule.ONE_WORD),
        PREPEND(TextRule.REQUIRED),
        REPLACE(TextRule.REQUIRED),
        IGNORE(TextRule.NONE),
        DUNNO(TextRule.NONE),
        OK(TextRule.NONE);

        private final TextRule textRule;

        Keyword(TextRule textRule) {
            this.textRule = textRule;
        }
    }

    private enum TextRule { NONE, OPTIONAL, REQUIRED, ONE_WORD }

    private final Keyword keyword;
    private final TextTemplate text;

    private ActionSpec(Keyword keyword, TextTemplate text) {
        this.keyword = keyword;
        this.text = text;
    }

    /** Parses {@code KEYWORD [text]}; the keyword is case-insensitive as in Postfix. */
    static ActionSpec parse(String action) throws TableSyntaxError {
        int space = 0;
        while (space < action.length() && !Character.isWhitespace(action.charAt(space))) {
            space++;
        }
        String word = action.substring(0, space);
        String rest = action.substring(space).strip();
        Keyword keyword;
        try {
            keyword = Keyword.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TableSyntaxError("unknown action \"" + word + "\" (expected REJECT, DISCARD, HOLD, "
                    + "REDIRECT, WARN, INFO, IGNORE, PREPEND, REPLACE, FILTER, DUNNO or OK)");
        }
        switch (keyword.textRule) {
            case NONE -> {
                if (!rest.isEmpty()) {
                    throw new TableSyntaxError(keyword + " takes no text, found \"" + rest + "\"");
                }
            }
            case REQUIRED -> {
                if (rest.isEmpty()) {
                    throw new TableSyntaxError(keyword + " without text");
                }
            }
            case ONE_WORD -> {
                String what = keyword == Keyword.REDIRECT ? "an address" : "a transport:destination";
                if (rest.isEmpty()) {
                    throw new TableSyntaxError(keyword + " without " + what);
                }
                if (rest.chars().anyMatch(Character::isWhitespace)) {
                    throw new TableSyntaxError(keyword + " takes " + what + " only, found \"" + rest + "\"");
                }
                if (keyword == Keyword.FILTER && rest.indexOf(':') < 0) {
                    throw new TableSyntaxError("FILTER needs transport:destination, found \"" + rest + "\"");
                }
            }
            case OPTIONAL -> {
                // any text, or none
            }
        }
        return new ActionSpec(keyword, TextTemplate.parse(rest));
    }

    int highestGroup() {
        return text.highestGroup();
    }

    /** The action for a match of a positive rule, with the groups substituted. */
    Action resolve(MatchResult match) {
        return build(text.expand(match));
    }

    /** The action of a negated rule, which has nothing to substitute. */
    Action resolveWithoutGroups() {
        return build(text.literalText());
    }

    private Action build(String value) {
        return switch (keyword) {
            case REJECT -> new Action.Reject(value);
            case DISCARD -> new Action.Discard(value);
            case HOLD -> new Action.Hold(value);
            case WARN -> new Action.Warn(value);
            case INFO -> new Action.Info(value);
            case REDIRECT -> new Action.Redirect(value);
            case FILTER -> new Action.Filter(value);
            case PREPEND -> new Action.Prepend(value);
            case REPLACE -> new Action.Replace(value);
            case IGNORE -> new Action.Ignore();
            case DUNNO, OK -> new Action.Dunno();
        };
    }
}
