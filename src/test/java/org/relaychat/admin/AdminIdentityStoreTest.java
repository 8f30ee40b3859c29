package org.relaychat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.security.enterprise.credential.BasicAuthenticationCredential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminIdentityStoreTest {

    private final AdminIdentityStore cut = new AdminIdentityStore();

    @Test
    void theConfiguredOperatorIsLetInWithTheAdminRole() {
        configure("operator", "s3cret");

        CredentialValidationResult result = cut.validate(new UsernamePasswordCredential("operator", "s3cret"));

        assertEquals(CredentialValidationResult.Status.VALID, result.getStatus());
        assertEquals("operator", result.getCallerPrincipal().getName());
        assertEquals(Set.of(AdminIdentityStore.ROLE), result.getCallerGroups());
    }

    @Test
    void basicCredentialsAreUsernameAndPassword() {
        configure("operator", "s3cret");
        String header = Base64.getEncoder().encodeToString("operator:s3cret".getBytes());

        assertEquals(CredentialValidationResult.Status.VALID,
                cut.validate(new BasicAuthenticationCredential(header)).getStatus());
    }

    @Test
    void aWrongUserOrPasswordIsRefused() {
        configure("operator", "s3cret");

        assertEquals(CredentialValidationResult.Status.INVALID,
                cut.validate(new UsernamePasswordCredential("operator", "s3cret ")).getStatus());
        assertEquals(CredentialValidationResult.Status.INVALID,
                cut.validate(new UsernamePasswordCredential("admin", "s3cret")).getStatus());
    }

    @Test
    void withoutAPasswordNobodyIsLetIn() {
        cut.user = "admin";
        cut.password = Optional.empty();

        assertEquals(CredentialValidationResult.Status.INVALID,
                cut.validate(new UsernamePasswordCredential("admin", "")).getStatus());
    }

    private void configure(String user, String password) {
        cut.user = user;
        cut.password = Optional.of(password);
    }
}
