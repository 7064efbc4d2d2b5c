package io.kurir.mime;

import java.util.List;

/** A Content-Disposition field (RFC 2183): its type as written ({@code INLINE} stays upper case) and parameters. */
public record ContentDisposition(String type, List<Parameter> parameters) {

    public ContentDisposition {
        parameters = List.copyOf(parameters);
    }
}
