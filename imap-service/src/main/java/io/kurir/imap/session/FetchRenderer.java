package io.kurir.imap.session;

import io.kurir.imap.codec.FetchAttribute;
import io.kurir.mime.FetchItem;
import io.kurir.mime.FetchResponse;
import io.kurir.mime.MimeMessage;
import io.kurir.mime.Section;
import io.kurir.store.MailboxStore;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One untagged FETCH response: the mailbox's items (UID, FLAGS, INTERNALDATE) rendered here, the
 * message's (ENVELOPE, BODYSTRUCTURE, BODY[...], RFC822.*) by libs/mime exactly as Dovecot writes them.
 */
final class FetchRenderer {

    private static final DateTimeFormatter INTERNALDATE =
            DateTimeFormatter.ofPattern("ppd-MMM-yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private FetchRenderer() {
    }

    /** Whether any attribute needs the message's bytes. */
    static boolean needsContent(List<FetchAttribute> attributes) {
        return attributes.stream().anyMatch(a -> !(a == FetchAttribute.Simple.UID || a == FetchAttribute.Simple.FLAGS
                || a == FetchAttribute.Simple.INTERNALDATE || a == FetchAttribute.Simple.RFC822_SIZE
                || a == FetchAttribute.Simple.MODSEQ));
    }

    /** Whether fetching these attributes sets \Seen (RFC 3501 6.4.5). */
    static boolean setsSeen(List<FetchAttribute> attributes) {
        return attributes.stream().anyMatch(a -> a == FetchAttribute.Simple.RFC822 || a == FetchAttribute.Simple.RFC822_TEXT
                || a instanceof FetchAttribute.BodySection s && !s.peek());
    }

    /**
     * @param uid whether UID goes in even if not asked (UID FETCH), @param flagsChanged whether FLAGS
     *        goes in even if not asked (\Seen was just set), @param modseq whether MODSEQ goes in even if
     *        not asked (CHANGEDSINCE, or flags changed with CONDSTORE on: RFC 7162 3.1.4), @param recent
     *        whether this session has the message as \Recent
     */
    static byte[] render(int seq, MailboxStore.Message message, Optional<MimeMessage> content, List<FetchAttribute> attributes,
            boolean uid, boolean flagsChanged, boolean modseq, boolean recent) {
        List<byte[]> items = new ArrayList<>();
        boolean uidDone = false;
        boolean flagsDone = false;
        boolean modseqDone = false;
        for (FetchAttribute a : attributes) {
            if (a == FetchAttribute.Simple.UID) {
                items.add(ascii("UID " + message.uid()));
                uidDone = true;
            } else if (a == FetchAttribute.Simple.FLAGS) {
                items.add(ascii("FLAGS " + Flags.list(message.flags(), recent)));
                flagsDone = true;
            } else if (a == FetchAttribute.Simple.INTERNALDATE) {
                items.add(ascii("INTERNALDATE \"" + INTERNALDATE.format(message.internalDate()) + "\""));
            } else if (a == FetchAttribute.Simple.RFC822_SIZE) {
                items.add(ascii("RFC822.SIZE " + message.size()));
            } else if (a == FetchAttribute.Simple.MODSEQ) {
                items.add(ascii("MODSEQ (" + message.modseq() + ")"));
                modseqDone = true;
            } else {
                items.add(FetchResponse.item(content.orElseThrow(), mimeItem(a)));
            }
        }
        if (uid && !uidDone) {
            items.add(0, ascii("UID " + message.uid()));
        }
        if (flagsChanged && !flagsDone) {
            items.add(ascii("FLAGS " + Flags.list(message.flags(), recent)));
        }
        if (modseq && !modseqDone) {
            items.add(ascii("MODSEQ (" + message.modseq() + ")"));
        }
        return FetchResponse.format(seq, items);
    }

    /** The codec's attribute as libs/mime's item. */
    static FetchItem mimeItem(FetchAttribute a) {
        if (a instanceof FetchAttribute.Simple s) {
            return switch (s) {
                case ENVELOPE -> FetchItem.Simple.ENVELOPE;
                case BODYSTRUCTURE -> FetchItem.Simple.BODYSTRUCTURE;
                case BODY -> FetchItem.Simple.BODY;
                case RFC822 -> FetchItem.Simple.RFC822;
                case RFC822_HEADER -> FetchItem.Simple.RFC822_HEADER;
                case RFC822_TEXT -> FetchItem.Simple.RFC822_TEXT;
                default -> throw new IllegalArgumentException(s.wire() + " is not supported");
            };
        }
        if (a instanceof FetchAttribute.BodySection b) {
            String spec = spec(b.section());
            return new FetchItem.BodySection(spec, Section.parse(spec), b.peek(),
                    b.partial().map(p -> new FetchItem.Partial(p.offset(), p.length())));
        }
        throw new IllegalArgumentException("BINARY is not supported");
    }

    /** {@code 1.2.HEADER.FIELDS (SUBJECT FROM)} from the codec's section. */
    private static String spec(FetchAttribute.Section s) {
        StringBuilder sb = new StringBuilder(s.part().stream().map(String::valueOf).collect(Collectors.joining(".")));
        s.text().ifPresent(t -> {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(t.wire());
            if (!s.headerFields().isEmpty()) {
                sb.append(" (").append(String.join(" ", s.headerFields())).append(')');
            }
        });
        return sb.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
