package org.relaychat.endpoint;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.InjectionTarget;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Creates the endpoint instance of each connection, injected through one CDI injection target
 * built once. Left to itself, Tyrus in Payara builds a new injection target for every connection
 * (annotated type, interception model, validation of every injection point), under one lock for
 * the whole server, which caps how fast connections are accepted.
 */
public class EndpointFactory extends ServerEndpointConfig.Configurator {

    private volatile Injection injection;

    private record Injection(BeanManager beans, InjectionTarget<ChatEndpoint> target) {
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != ChatEndpoint.class) {
            return super.getEndpointInstance(endpointClass);
        }
        Injection built = injection;
        if (built == null) {
            BeanManager beans = CDI.current().getBeanManager();
            built = new Injection(beans, beans.getInjectionTargetFactory(beans.createAnnotatedType(ChatEndpoint.class))
                    .createInjectionTarget(null));
            injection = built;
        }
        // Everything the endpoint injects is application-scoped: nothing dependent to destroy later.
        CreationalContext<ChatEndpoint> context = built.beans().createCreationalContext(null);
        ChatEndpoint endpoint = built.target().produce(context);
        built.target().inject(endpoint, context);
        built.target().postConstruct(endpoint);
        return endpointClass.cast(endpoint);
    }
}
