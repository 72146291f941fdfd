package dev.skiff.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS context trusting the certificates of one PEM file, and only them: a server's own
 * certificate, or the authority that issued it (as kubeconfig's {@code certificate-authority}).
 */
final class PemTrust {
    private PemTrust() {}

    /** The context; a {@link CliException} naming the file when it holds no certificate. */
    static SSLContext of(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CliException("the certificate file " + pem + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("skiff-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new CliException("cannot read the certificate file " + pem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CliException("the certificate file " + pem + " is not PEM certificates: " + e.getMessage(), e);
        }
    }
}
