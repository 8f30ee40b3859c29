package org.relaychat.it;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build produced, deployed as it is, so tests exercise the real artefact. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive builtWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, builtWarFile());
    }

    /** The built WAR's file name, which is also the deployment's name: no need to read the WAR. */
    public static String builtWarName() {
        return builtWarFile().getName();
    }

    private static File builtWarFile() {
        return new File(System.getProperty("relay.war"));
    }

    /** The built WAR under another name, which is also its context root. */
    public static WebArchive builtWar(String contextRoot) {
        return ShrinkWrap.create(WebArchive.class, contextRoot + ".war").merge(builtWar());
    }

    /**
     * The base URL of a WAR deployed under {@code contextRoot}, for tests that deploy it
     * themselves: the test server's HTTP port is fixed by the build.
     */
    public static URL deployedUrl(String contextRoot) throws MalformedURLException {
        return URI.create("http://127.0.0.1:" + System.getProperty("relay.http.port") + "/" + contextRoot + "/").toURL();
    }

    /**
     * Where deploying starts a server of its own (Payara Micro), waits until nothing listens on the
     * test server's HTTP port any more. Payara's adapter stops Payara Micro without waiting for it to
     * exit, and a server started while the last one still holds the port binds the next free one
     * instead, where a test that deploys by itself would not find it. A server that runs before
     * deployments (WildFly) holds its port all along.
     */
    public static void awaitFreeHttpPort() {
        if (!Boolean.getBoolean("relay.server-per-deployment")) {
            return;
        }
        int port = Integer.parseInt(System.getProperty("relay.http.port"));
        await().atMost(Duration.ofMinutes(1)).until(() -> isFree(port));
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** The WebSocket endpoint of a deployment whose base URL is {@code base}. */
    public static URI endpoint(URL base) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws");
    }

    /**
     * The same endpoint over TLS, on the test server's secure listener ({@code relay.tls.port}),
     * which has the build's throwaway certificate for localhost.
     */
    public static URI secureEndpoint(URL base) {
        return URI.create("wss://localhost:" + System.getProperty("relay.tls.port") + base.getPath() + "ws");
    }
}
