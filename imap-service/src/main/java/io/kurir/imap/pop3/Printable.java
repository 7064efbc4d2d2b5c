package io.kurir.imap.pop3;

/** Client text echoed in a reply or the log: control and non-ASCII octets as '?', at most 64 characters. */
public final class Printable {

    private Printable() {
    }

    public static String of(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 64; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
