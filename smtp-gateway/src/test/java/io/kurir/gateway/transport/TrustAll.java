package io.kurir.gateway.transport;

import java.net.Socket;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS client side for tests against the gateway's self-signed certificate. */
final class TrustAll {

    private TrustAll() {
    }

    static SSLContext context() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return ctx;
    }

    /** Layers TLS over an open plain connection (after 220 to STARTTLS) and does the handshake. */
    static SSLSocket upgrade(Socket plain, String... protocols) throws Exception {
        SSLSocket tls = (SSLSocket) context().getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
        if (protocols.length > 0) {
            tls.setEnabledProtocols(protocols);
        }
        tls.startHandshake();
        return tls;
    }
}
