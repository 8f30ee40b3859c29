package org.relaychat.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the message store's database answers: without it no room or direct message can be
 * stored, so none is delivered. Asks the pool for a connection and the driver whether it is valid.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String NAME = "message-store";
    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class.getName());
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    /**
     * Creates the check while the application starts, in its naming context: servers may call
     * health checks from threads of their own (WildFly from its management interface), where
     * {@code java:comp} of the application is not there to inject from.
     */
    void createAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // nothing to do: being called created the bean
    }

    @Override
    public HealthCheckResponse call() {
        boolean valid;
        try (Connection connection = dataSource.getConnection()) {
            valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            // Load balancers ask often: the cause is for whoever looks, not for every probe's log line.
            LOG.log(Level.FINE, "The message store's database is not reachable", e);
            valid = false;
        }
        return HealthCheckResponse.named(NAME).status(valid).build();
    }
}
