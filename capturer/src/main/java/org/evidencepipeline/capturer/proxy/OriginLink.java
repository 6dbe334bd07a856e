package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.addresspolicy.RefusedAddressException;
import org.evidencepipeline.addresspolicy.VettedResolver;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's connection to one origin: made to an address the policy already vetted (never a second lookup), the
 * connected address checked again, then TLS for https/wss with the origin verified against {@link ProxySettings#originTls}
 * and its chain kept for the recording.
 *
 * @param wire    the socket to speak HTTP on (the TLS socket when there is one)
 * @param address the IP connected to
 * @param chain   the origin's certificates as DER, leaf first; empty without TLS
 */
record OriginLink(Socket raw, Socket wire, String address, List<byte[]> chain) implements AutoCloseable {

    /** The origin could not be reached or would not speak TLS; {@code getMessage()} is fit for the browser. */
    static final class Unreachable extends IOException {
        Unreachable(String message) {
            super(message);
        }
    }

    /**
     * @throws RefusedAddressException if the connected address is refused by the policy
     * @throws Unreachable             if no vetted address answered, or the TLS handshake failed
     */
    static OriginLink open(Target t, List<InetAddress> vetted, VettedResolver resolver, ProxySettings settings,
                           ProxySession session) throws IOException {
        Socket raw = connect(vetted, t.port(), settings);
        session.track(raw);
        try {
            resolver.checkConnected(raw.getInetAddress());
            if (!t.tls()) {
                return new OriginLink(raw, raw, raw.getInetAddress().getHostAddress(), List.of());
            }
            SSLSocket tls = (SSLSocket) settings.originTls().getSocketFactory().createSocket(raw, t.bareHost(), t.port(), true);
            session.track(tls);
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setApplicationProtocols(new String[]{"http/1.1"});
            if (!ProxyCa.isIpLiteral(t.bareHost())) {
                p.setServerNames(List.of(new SNIHostName(t.bareHost())));
            }
            tls.setSSLParameters(p);
            try {
                tls.startHandshake();
            } catch (IOException e) {
                throw new Unreachable("TLS with " + t.host() + " failed (its certificate is not trusted, or it does not speak TLS)");
            }
            return new OriginLink(raw, tls, raw.getInetAddress().getHostAddress(), der(tls.getSession().getPeerCertificates()));
        } catch (IOException | RuntimeException e) {
            ProxySession.closeQuietly(raw);
            session.untrack(raw);
            throw e;
        }
    }

    void untrack(ProxySession session) {
        session.untrack(raw);
        session.untrack(wire);
    }

    @Override
    public void close() {
        ProxySession.closeQuietly(wire);
        ProxySession.closeQuietly(raw);
    }

    private static Socket connect(List<InetAddress> vetted, int port, ProxySettings settings) throws Unreachable {
        for (InetAddress a : vetted) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(a, port), (int) settings.connectTimeout().toMillis());
                socket.setSoTimeout((int) settings.readTimeout().toMillis());
                return socket;
            } catch (IOException e) {
                ProxySession.closeQuietly(socket);
            }
        }
        throw new Unreachable("cannot connect to port " + port + " of " + vetted.stream().map(InetAddress::getHostAddress).toList());
    }

    private static List<byte[]> der(Certificate[] chain) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Certificate c : chain) {
            try {
                out.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IOException("unreadable origin certificate", e);
            }
        }
        return out;
    }
}
