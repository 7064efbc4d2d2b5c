package io.kurir.mime;

/**
 * A Content-Type or Content-Disposition parameter as Dovecot reports it: name and value keep their case, the value
 * is unquoted with quoted-pairs unescaped, and RFC 2231 continuations are joined under {@code name*} with the
 * percent-encoding left in place. Both are byte strings (see {@link MimeMessage}).
 */
public record Parameter(String name, String value) {
}
