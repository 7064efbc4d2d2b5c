package io.kurir.delivery.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The headers Postfix's local(8) prepends when it writes a message into a mailbox:
 * {@code Return-Path} (the envelope sender, {@code <>} for the null sender), {@code X-Original-To}
 * (the recipient as it arrived) and {@code Delivered-To} (the final recipient).
 */
public final class DeliveryHeaders {

    private DeliveryHeaders() {
    }

    public static byte[] prepend(String sender, String originalRecipient, String finalRecipient, byte[] message) {
        String headers = "Return-Path: <" + sender + ">\r\n"
                + "X-Original-To: " + originalRecipient + "\r\n"
                + "Delivered-To: " + finalRecipient + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + headers.length());
        out.writeBytes(headers.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(message);
        return out.toByteArray();
    }
}
