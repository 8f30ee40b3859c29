package org.relaychat.it;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * Payara Micro started once for every test class that deploys the built WAR, instead of once per
 * class. Payara Micro has no runtime deployment: Payara's adapter starts a server with the archive
 * on each deploy and stops it on undeploy, some twenty seconds per test class. Here the server
 * stays up across classes while they deploy the same WAR, as WildFly's does, and stops at the end
 * of the run or when a class deploys an archive of another name (ShutdownIT, whose undeploy must
 * stop the server it started).
 */
public final class SharedPayaraMicro implements DeployableContainer<PayaraMicroContainerConfiguration> {

    private final PayaraMicroDeployableContainer micro = new PayaraMicroDeployableContainer();
    private final String sharedName = Deployments.builtWarName();
    private Archive<?> running;
    private ProtocolMetaData runningMetaData;

    @Override
    public Class<PayaraMicroContainerConfiguration> getConfigurationClass() {
        return micro.getConfigurationClass();
    }

    @Override
    public void setup(PayaraMicroContainerConfiguration configuration) {
        micro.setup(configuration);
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return micro.getDefaultProtocol();
    }

    @Override
    public void start() throws LifecycleException {
        micro.start();
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        if (running != null && running.getName().equals(archive.getName())) {
            return runningMetaData;
        }
        stopRunning();
        runningMetaData = withContextRoot(micro.deploy(archive), archive);
        running = archive;
        return runningMetaData;
    }

    /**
     * Payara's adapter learns the deployment's servlets from Payara Micro's console output, and now
     * and then reads that output before the application's part of it is printed: the test would
     * then get no URL for its deployment. The context root is the archive's name either way.
     */
    private static ProtocolMetaData withContextRoot(ProtocolMetaData metaData, Archive<?> archive) {
        for (HTTPContext http : metaData.getContexts(HTTPContext.class)) {
            if (http.getServlets().isEmpty()) {
                http.add(new Servlet("default", "/" + archive.getName().replaceFirst("\\.war$", "")));
            }
        }
        return metaData;
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        if (!archive.getName().equals(sharedName)) {
            stopRunning();
        }
    }

    @Override
    public void stop() throws LifecycleException {
        stopRunning();
        micro.stop();
    }

    private void stopRunning() {
        if (running != null) {
            try {
                micro.undeploy(running);
            } catch (DeploymentException e) {
                throw new IllegalStateException("Payara Micro did not stop", e);
            }
            running = null;
            runningMetaData = null;
            Deployments.awaitFreeHttpPort();
        }
    }

    @Override
    public void deploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("Payara Micro deploys archives only");
    }

    @Override
    public void undeploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("Payara Micro deploys archives only");
    }
}
