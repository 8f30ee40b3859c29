package org.relaychat.it;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Puts {@link SharedPayaraMicro} in place of Payara's own Payara Micro container, in the test runs
 * that have Payara's adapter on their class path (each run has one server's adapter only).
 */
public final class SharedPayaraMicroExtension implements LoadableExtension {

    private static final String PAYARA_MICRO = "fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer";

    @Override
    public void register(ExtensionBuilder builder) {
        if (Validate.classExists(PAYARA_MICRO)) {
            builder.override(DeployableContainer.class,
                    fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer.class,
                    SharedPayaraMicro.class);
        }
    }
}
