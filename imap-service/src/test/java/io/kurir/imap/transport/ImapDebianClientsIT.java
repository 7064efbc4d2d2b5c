package io.kurir.imap.transport;

import static io.kurir.imap.transport.ExternalClient.run;
import static io.kurir.imap.transport.ImapClientsIT.message;
import static io.kurir.imap.transport.ImapClientsIT.onServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian IMAP clients a user syncs and reads mail with, on the real listeners: mbsync (isync) and
 * offlineimap syncing every folder both ways, mutt reading and moving a message. Each is installed
 * with apt-get when missing, or skipped with the reason printed; {@link ImapClientsIT}'s Angus Mail
 * tests cover the same commands (LIST, FETCH, STORE, APPEND, MOVE, EXPUNGE) wherever these cannot be had.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class ImapDebianClientsIT {

    static final String COVERED = "ImapClientsIT's Angus Mail tests cover the same IMAP commands";

    @Inject
    ImapServer server;
    @Inject
    ServerTls tls;
    @Inject
    AccountStore accounts;
    @Inject
    MailboxStore store;

    /** A mailbox on the server as a client finds it: INBOX, the special-use ones, and a folder with a child. */
    private String account(String name) {
        accounts.create(name, "rahasia".toCharArray());
        deliver(name, "INBOX", message("Praktikum Jarkom", "Ayo semangat!"));
        deliver(name, "INBOX", message("Kuis", "Besok kuis."));
        deliver(name, "Sent", message("Laporan", "Terlampir."));
        store.create(name, "Kuliah", Optional.empty());
        store.create(name, "Kuliah/Jarkom", Optional.empty());
        deliver(name, "Kuliah/Jarkom", message("Tugas 3", "Kumpulkan Jumat."));
        return name;
    }

    private void deliver(String user, String mailbox, String content) {
        store.append(user, mailbox, content.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now());
    }

    private Path certificate(Path dir) throws IOException {
        return Files.writeString(dir.resolve("server.pem"), tls.certificatePem());
    }

    private static String sha256(String pem) throws Exception {
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(der));
    }

    /** Subject → file of each message in a local Maildir folder (cur and new). */
    static Map<String, Path> maildir(Path folder) throws IOException {
        assertTrue(Files.isDirectory(folder.resolve("cur")) && Files.isDirectory(folder.resolve("new"))
                && Files.isDirectory(folder.resolve("tmp")), "no Maildir at " + folder);
        Map<String, Path> subjects = new TreeMap<>();
        try (Stream<Path> files = Stream.concat(Files.list(folder.resolve("cur")), Files.list(folder.resolve("new")))) {
            files.forEach(f -> subjects.put(subject(f), f));
        }
        return subjects;
    }

    private static String subject(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("Subject: "))
                    .findFirst().orElse("Subject: ?").substring(9).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message written into a local Maildir folder the way a mail reader would. */
    private static void writeLocal(Path folder, String name, String content) throws IOException {
        Files.writeString(folder.resolve("tmp").resolve(name), content.replace("\r\n", "\n"));
        Files.move(folder.resolve("tmp").resolve(name), folder.resolve("new").resolve(name));
    }

    /** Renames a Maildir file to carry exactly {@code flags} (e.g. "FS") in its info part. */
    private static void setLocalFlags(Path file, String flags) throws IOException {
        String name = file.getFileName().toString();
        int info = name.indexOf(":2,");
        String base = info < 0 ? name : name.substring(0, info);
        Files.move(file, file.getParent().getParent().resolve("cur").resolve(base + ":2," + flags));
    }

    @Test
    void mbsyncSyncsEveryFolderBothWays(@TempDir Path dir) throws Exception {
        String mbsync = ExternalClient.require("isync", COVERED, "mbsync");
        String u = account("mbsync1");
        Path mail = dir.resolve("mail");
        Path rc = Files.writeString(dir.resolve("mbsyncrc"), String.join("\n",
                "IMAPAccount kurir",
                "Host 127.0.0.1",
                "Port " + server.tlsPort(),
                "User " + u,
                "Pass rahasia",
                "SSLType IMAPS", // isync 1.4; 1.5 calls it TLSType and still reads SSLType
                "CertificateFile " + certificate(dir),
                "",
                "IMAPStore kurir-remote",
                "Account kurir",
                "",
                "MaildirStore kurir-local",
                "Path " + mail + "/",
                "Inbox " + mail + "/INBOX",
                "SubFolders Verbatim",
                "",
                "Channel kurir",
                "Far :kurir-remote:",
                "Near :kurir-local:",
                "Patterns *",
                "Create Both",
                "Expunge Both",
                "SyncState *",
                ""));
        Files.createDirectories(mail);
        List<String> sync = List.of(mbsync, "-c", rc.toString(), "-a");
        Map<String, String> home = Map.of("HOME", dir.toString());
        run(sync, home);

        for (String folder : List.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive", "Kuliah", "Kuliah/Jarkom")) {
            maildir(mail.resolve(folder));
        }
        Map<String, Path> inbox = maildir(mail.resolve("INBOX"));
        assertEquals(Set.of("Kuis", "Praktikum Jarkom"), inbox.keySet(), "INBOX's messages, one file each");
        assertEquals(Set.of("Laporan"), maildir(mail.resolve("Sent")).keySet());
        assertEquals(Set.of("Tugas 3"), maildir(mail.resolve("Kuliah/Jarkom")).keySet(), "the child folder's message");
        assertTrue(Files.readString(inbox.get("Praktikum Jarkom")).contains("Ayo semangat!"), "the whole message was fetched");

        setLocalFlags(inbox.get("Praktikum Jarkom"), "FS");
        Files.delete(inbox.get("Kuis"));
        writeLocal(mail.resolve("Kuliah/Jarkom"), "1700000000.local1.laptop", message("Jawaban", "Sudah saya kerjakan."));
        Path notes = mail.resolve("Catatan");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(notes.resolve(sub));
        }
        writeLocal(notes, "1700000000.local2.laptop", message("Ide", "Tulis di sini."));
        deliver(u, "INBOX", message("Pengumuman", "Kelas pindah."));
        run(sync, home);

        assertEquals(Map.of("Praktikum Jarkom", List.of("\\Flagged", "\\Seen"), "Pengumuman", List.of()),
                onServer(store, u, "INBOX"), "the local flags reached the server and the deleted message is gone from it");
        assertEquals(Set.of("Tugas 3", "Jawaban"), onServer(store, u, "Kuliah/Jarkom").keySet(), "the local message was uploaded");
        assertEquals(Set.of("Ide"), onServer(store, u, "Catatan").keySet(), "the local folder was created on the server");
        assertTrue(maildir(mail.resolve("INBOX")).containsKey("Pengumuman"), "the server's new message arrived locally");
    }

    @Test
    void offlineimapSyncsFoldersAndLocalChanges(@TempDir Path dir) throws Exception {
        String offlineimap = ExternalClient.require("offlineimap3", COVERED, "offlineimap3", "offlineimap");
        String u = account("offline1");
        Path mail = dir.resolve("mail");
        Path rc = Files.writeString(dir.resolve("offlineimaprc"), String.join("\n",
                "[general]",
                "accounts = kurir",
                "metadata = " + dir.resolve("metadata"),
                "",
                "[Account kurir]",
                "localrepository = local",
                "remoterepository = remote",
                "",
                "[Repository local]",
                "type = Maildir",
                "localfolders = " + mail,
                "sep = /",
                "",
                "[Repository remote]",
                "type = IMAP",
                "remotehost = 127.0.0.1",
                "remoteport = " + server.tlsPort(),
                "remoteuser = " + u,
                "remotepass = rahasia",
                // the certificate is pinned by its fingerprint; a CA file would also make offlineimap
                // compare its name (mx.kurir.test) with remotehost
                "ssl = yes",
                "cert_fingerprint = " + sha256(tls.certificatePem()),
                ""));
        List<String> sync = List.of(offlineimap, "-o", "-u", "quiet", "-c", rc.toString());
        Map<String, String> home = Map.of("HOME", dir.toString());
        String first = run(sync, home);
        assertFalse(first.contains("ERROR"), "offlineimap reported an error:\n" + first);

        for (String folder : List.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive", "Kuliah/Jarkom")) {
            maildir(mail.resolve(folder));
        }
        Map<String, Path> inbox = maildir(mail.resolve("INBOX"));
        assertEquals(Set.of("Kuis", "Praktikum Jarkom"), inbox.keySet());
        assertEquals(Set.of("Tugas 3"), maildir(mail.resolve("Kuliah/Jarkom")).keySet());

        setLocalFlags(inbox.get("Kuis"), "S");
        writeLocal(mail.resolve("Kuliah/Jarkom"), "1700000000.local1.laptop", message("Jawaban", "Sudah saya kerjakan."));
        deliver(u, "Sent", message("Laporan 2", "Revisi."));
        String second = run(sync, home);
        assertFalse(second.contains("ERROR"), "offlineimap reported an error:\n" + second);

        assertEquals(List.of("\\Seen"), onServer(store, u, "INBOX").get("Kuis"), "the local \\Seen reached the server");
        assertEquals(Set.of("Tugas 3", "Jawaban"), onServer(store, u, "Kuliah/Jarkom").keySet(), "the local message was uploaded");
        assertEquals(Set.of("Laporan", "Laporan 2"), maildir(mail.resolve("Sent")).keySet(), "the server's new message arrived");
    }

    @Test
    void muttReadsAMessageAndSavesItToArchive(@TempDir Path dir) throws Exception {
        String mutt = ExternalClient.require("mutt", COVERED, "mutt");
        String u = account("mutt1");
        Path rc = Files.writeString(dir.resolve("muttrc"), String.join("\n",
                "set folder=\"imap://" + u + "@127.0.0.1:" + server.port() + "/\"",
                "set imap_pass=\"rahasia\"",
                "set spoolfile=\"+INBOX\"",
                "set ssl_starttls=yes",
                "set ssl_force_tls=yes",
                "set certificate_file=\"" + certificate(dir) + "\"",
                "set ssl_verify_host=no", // the certificate names mx.kurir.test, mutt connects to 127.0.0.1
                "set header_cache=\"\"",
                "set record=\"\"",
                "set confirmappend=no",
                "set move=no",
                "set delete=yes",
                "set quit=yes",
                "set wait_key=no",
                "set sleep_time=0",
                "save-hook . =Archive",
                ""));
        // mutt is a full-screen program: script(1) gives it a terminal, the pushed keys are the user's
        String keys = "push <display-message><exit><save-message><enter><quit>";
        String screen = run(List.of("script", "-qec", mutt + " -n -F " + rc + " -e '" + keys + "'", "/dev/null"),
                Map.of("HOME", dir.toString(), "TERM", "vt100"));

        // with keys pending mutt draws the index but not the pager; FETCH BODY[] made the message \Seen
        assertTrue(screen.contains("Praktikum Jarkom") && screen.contains("Kuis") && screen.contains("=INBOX [Msgs:2"),
                "mutt's index listed INBOX:\n" + screen);
        assertEquals(Map.of("Praktikum Jarkom", List.of("\\Seen")), onServer(store, u, "Archive"),
                "the message was saved to Archive, read\n" + screen);
        assertEquals(Set.of("Kuis"), onServer(store, u, "INBOX").keySet(), "and removed from INBOX when mutt quit\n" + screen);
    }
}
