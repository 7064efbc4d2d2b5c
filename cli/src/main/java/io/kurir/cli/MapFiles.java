package io.kurir.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reading a Postfix table source file for an import; a file that cannot be read is said so on stderr. */
final class MapFiles {

    private MapFiles() {
    }

    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            System.err.printf("kurir: %s: no such file; nothing imported%n", file);
        } catch (CharacterCodingException e) {
            System.err.printf("kurir: %s: not UTF-8 text; nothing imported%n", file);
        } catch (IOException e) {
            System.err.printf("kurir: cannot read %s: %s; nothing imported%n", file, e.getMessage());
        }
        return Optional.empty();
    }
}
