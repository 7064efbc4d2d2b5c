package io.kurir.mail.payload;

import java.util.List;

/** Checks shared by the payload records' constructors: a field that must be there, a list that must not be empty. */
final class Payloads {

    private Payloads() {
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return value;
    }

    /** RFC 3461 RET: FULL, HDRS, or absent. */
    static String dsnRet(String ret) {
        if (ret != null && !ret.equals("FULL") && !ret.equals("HDRS")) {
            throw new IllegalArgumentException("bad dsnRet " + ret);
        }
        return ret;
    }

    static <T> List<T> nonEmpty(List<T> list, String field) {
        if (require(list, field).isEmpty()) {
            throw new IllegalArgumentException("empty " + field);
        }
        return List.copyOf(list);
    }
}
